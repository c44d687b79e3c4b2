namespace FusionMonitor.Core.Text;

/// <summary>
/// The words of a full-text query (<c>GET /api/mentions?q=</c>): runs of word characters
/// (<see cref="TextFolding.IsWordChar"/>), lower-cased, each once, in order. Everything else — quotes, operators
/// (<c>AND</c> is just a word), brackets, stars — only separates words, so no query can reach the database's query
/// syntax. A mention matches when its text holds every word, in any case.
/// </summary>
public static class SearchWords
{
    public const int MaxLength = 500;
    public const int MaxWords = 20;

    /// <summary>The words, or why <paramref name="q"/> is not a query (too long, no word, too many words, not storable text).</summary>
    public static IReadOnlyList<string> Parse(string q, out string? problem)
    {
        problem = null;
        if (q.Length > MaxLength) { problem = $"q must be at most {MaxLength} characters."; return []; }
        if (StoredText.Problem("q", q) is { } bad) { problem = bad + "."; return []; }
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= q.Length; i++)
        {
            var word = i < q.Length && TextFolding.IsWordChar(q[i]);
            if (word && start < 0) start = i;
            else if (!word && start >= 0)
            {
                var w = q[start..i].ToLowerInvariant();
                if (!words.Contains(w, StringComparer.Ordinal)) words.Add(w);
                start = -1;
            }
        }
        if (words.Count == 0) problem = "q must hold at least one word (letters or digits).";
        else if (words.Count > MaxWords) problem = $"q may hold at most {MaxWords} words.";
        return problem is null ? words : [];
    }
}
