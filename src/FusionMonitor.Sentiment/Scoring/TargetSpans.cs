using FusionMonitor.Core.Sentiment;
using FusionMonitor.Core.Text;

namespace FusionMonitor.Sentiment.Scoring;

/// <summary>
/// Finds where a target string is named in a text, for callers that have a name rather than matched spans
/// (<c>POST /api/sentiment</c>'s <c>targets</c>, <c>fusion evaluate</c>'s <c>target</c> column): every occurrence
/// of its words as whole words, ignoring case and accents ("lumen knits" finds "Lumen Knits'", not "Lumen Knitsy").
/// </summary>
public static class TargetSpans
{
    /// <summary>The target's occurrences in <paramref name="text"/>; an empty list when it is not there.</summary>
    public static SentimentTarget Find(string text, string target)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(target);
        var needle = TextFolding.Fold(target.Trim());
        var spans = new List<TextSpan>();
        if (needle.Length == 0 || needle.Length > text.Length) return new SentimentTarget(spans);
        var hay = TextFolding.Fold(text);
        for (var at = hay.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = hay.IndexOf(needle, at + 1, StringComparison.Ordinal))
        {
            var end = at + needle.Length;
            var boundedLeft = at == 0 || !TextFolding.IsWordChar(hay[at - 1]) || !TextFolding.IsWordChar(needle[0]);
            var boundedRight = end == hay.Length || !TextFolding.IsWordChar(hay[end]) || !TextFolding.IsWordChar(needle[^1]);
            if (boundedLeft && boundedRight) spans.Add(new TextSpan(at, needle.Length));
        }
        return new SentimentTarget(spans);
    }
}
