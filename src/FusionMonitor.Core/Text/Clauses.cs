using FusionMonitor.Core.Sentiment;

namespace FusionMonitor.Core.Text;

/// <summary>
/// The clause rule, pure: where the clause around a place in a text begins and ends. Clauses end at . ! ? ; : , and line
/// breaks, and before the contrastive words but, however, although, though, whereas, while, yet. The fast tier's
/// per-party reading reads a party's clause (<see cref="Around"/>), and aspect attribution asks which party a term shares
/// its clause with (<see cref="Strategy.AspectAttribution"/>): one rule for both.
/// </summary>
public static class Clauses
{
    private static readonly HashSet<string> Contrastive = new(StringComparer.Ordinal)
    {
        "but", "however", "although", "though", "whereas", "while", "yet",
    };

    /// <summary>The clause around <paramref name="span"/>, grown to the sentence when it has fewer than three words besides the span (too short to read).</summary>
    public static string Around(string text, TextSpan span)
    {
        var (from, to) = Bounds(text, span);
        if (WordsOutside(text, from, to, span) < 3) (from, to) = Bounds(text, span, IsSentenceBreak, contrastive: false);
        return text[from..to].Trim();
    }

    /// <summary>The offsets [From, To) of the clause holding <paramref name="span"/> (never grown).</summary>
    public static (int From, int To) Bounds(string text, TextSpan span) => Bounds(text, span, IsClauseBreak, contrastive: true);

    /// <summary>The offsets [From, To) of the sentence holding <paramref name="span"/> (it ends at . ! ? … and line breaks).</summary>
    public static (int From, int To) SentenceBounds(string text, TextSpan span) => Bounds(text, span, IsSentenceBreak, contrastive: false);

    private static (int From, int To) Bounds(string text, TextSpan span, Func<char, bool> isBreak, bool contrastive)
    {
        var from = Math.Clamp(span.Start, 0, text.Length);
        while (from > 0 && !isBreak(text[from - 1]) && !(contrastive && ContrastiveWordEndsAt(text, from))) from--;
        var to = Math.Clamp(span.End, from, text.Length);
        while (to < text.Length && !isBreak(text[to]) && !(contrastive && ContrastiveWordStartsAt(text, to))) to++;
        return (from, to);
    }

    // A contrastive word just before position 'at' (at is the start of the next word's separator): "… but| Roxy".
    private static bool ContrastiveWordEndsAt(string text, int at)
    {
        if (!char.IsWhiteSpace(text[at - 1])) return false;
        var end = at - 1;
        while (end > 0 && char.IsWhiteSpace(text[end - 1])) end--;
        var start = end;
        while (start > 0 && TextFolding.IsWordChar(text[start - 1])) start--;
        return start < end && Contrastive.Contains(TextFolding.Fold(text[start..end]));
    }

    private static bool ContrastiveWordStartsAt(string text, int at)
    {
        if (at == 0 || !char.IsWhiteSpace(text[at - 1]) || !TextFolding.IsWordChar(text[at])) return false;
        var end = at;
        while (end < text.Length && TextFolding.IsWordChar(text[end])) end++;
        return Contrastive.Contains(TextFolding.Fold(text[at..end]));
    }

    private static int WordsOutside(string text, int from, int to, TextSpan span)
    {
        var words = 0;
        var inWord = false;
        for (var i = from; i < to; i++)
        {
            var word = TextFolding.IsWordChar(text[i]) && (i < span.Start || i >= span.End);
            if (word && !inWord) words++;
            inWord = word;
        }
        return words;
    }

    private static bool IsClauseBreak(char c) => c is ',' or ';' or ':' || IsSentenceBreak(c);

    private static bool IsSentenceBreak(char c) => c is '.' or '!' or '?' or '\n' or '\r' or '…';
}
