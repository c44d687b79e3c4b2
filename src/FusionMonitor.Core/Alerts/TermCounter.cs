using System.Text.RegularExpressions;

namespace FusionMonitor.Core.Alerts;

/// <summary>The words that recur in an alert's mentions ("waiters", "petty"), for its evidence.</summary>
public static partial class TermCounter
{
    private static readonly HashSet<string> Stop = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "that", "this", "with", "was", "are", "but", "not", "you", "your", "they", "them", "she",
        "her", "his", "him", "its", "it's", "have", "has", "had", "just", "all", "any", "can", "from", "what", "when",
        "who", "how", "why", "out", "about", "there", "their", "our", "were", "will", "would", "been", "being", "than",
        "then", "too", "very", "into", "over", "more", "most", "some", "such", "only", "own", "same", "also", "i'm",
        "don't", "http", "https", "www", "com",
    };

    [GeneratedRegex(@"[\p{L}][\p{L}\p{N}'_-]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    /// <summary>The <paramref name="k"/> most frequent words of three letters or more, counted once per text.</summary>
    public static IReadOnlyList<string> Top(IEnumerable<string> texts, int k = 5, IEnumerable<string>? ignore = null)
    {
        var skip = new HashSet<string>(ignore?.Select(w => w.ToLowerInvariant()) ?? [], StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (Match m in Word().Matches(text))
            {
                var w = m.Value.ToLowerInvariant();
                if (w.Length < 3 || Stop.Contains(w) || skip.Contains(w) || !seen.Add(w)) continue;
                counts[w] = counts.GetValueOrDefault(w) + 1;
            }
        }
        return counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(k).Select(kv => kv.Key).ToList();
    }
}
