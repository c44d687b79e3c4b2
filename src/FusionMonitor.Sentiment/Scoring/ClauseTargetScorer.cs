using FusionMonitor.Core.Sentiment;
using FusionMonitor.Core.Text;

namespace FusionMonitor.Sentiment.Scoring;

/// <summary>
/// The cheap per-party reading: a text-level scorer (normally the fast linear model) run over the clause around
/// each of the target's spans, the clauses' probabilities averaged. "Chez Marlin's staff did nothing wrong, Roxy
/// Vale is an entitled bully" becomes two readings, one per side of the comma. Clauses end at . ! ? ; : , and line
/// breaks, and before the contrastive words but, however, although, though, whereas, while, yet; a clause of fewer
/// than three words besides the target grows to its sentence. It knows nothing of who does what to whom ("X
/// defended Y"): the trained target-aware model does.
/// </summary>
public sealed class ClauseTargetScorer(ISentimentScorer scorer) : ITargetSentimentScorer
{
    private static readonly HashSet<string> Contrastive = new(StringComparer.Ordinal)
    {
        "but", "however", "although", "though", "whereas", "while", "yet",
    };

    public string ModelVersion => $"clause+{scorer.ModelVersion}";

    public IReadOnlyList<IReadOnlyList<SentimentScore>> ScoreTargets(IReadOnlyList<TargetedText> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        // Every clause of the batch (and every whole text a spanless target needs) is scored in one call, each once.
        var pieces = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var plan = new List<int[]>[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            var item = texts[i];
            item.Validate();
            plan[i] = new List<int[]>(item.Targets.Count);
            foreach (var target in item.Targets)
            {
                var clauses = target.Spans.Count == 0
                    ? [item.Text]
                    : target.Spans.Select(s => Clause(item.Text, s)).Distinct(StringComparer.Ordinal).ToArray();
                plan[i].Add(clauses.Select(c => index.TryGetValue(c, out var at) ? at : index[c] = Add(pieces, c)).ToArray());
            }
        }
        var scores = pieces.Count == 0 ? [] : scorer.Score(pieces);
        var result = new IReadOnlyList<SentimentScore>[texts.Count];
        for (var i = 0; i < texts.Count; i++)
            result[i] = plan[i].Select(refs => Mean(refs.Select(r => scores[r]))).ToArray();
        return result;
    }

    private static int Add(List<string> pieces, string piece)
    {
        pieces.Add(piece);
        return pieces.Count - 1;
    }

    private static SentimentScore Mean(IEnumerable<SentimentScore> scores)
    {
        float n = 0, u = 0, p = 0;
        var count = 0;
        foreach (var s in scores)
        {
            n += s.PNeg;
            u += s.PNeu;
            p += s.PPos;
            count++;
        }
        return new SentimentScore(n / count, u / count, p / count);
    }

    /// <summary>The clause around <paramref name="span"/>, grown to the sentence when it is too short to read.</summary>
    internal static string Clause(string text, TextSpan span)
    {
        var (from, to) = Bounds(text, span, IsClauseBreak, contrastive: true);
        if (WordsOutside(text, from, to, span) < 3) (from, to) = Bounds(text, span, IsSentenceBreak, contrastive: false);
        return text[from..to].Trim();
    }

    private static (int From, int To) Bounds(string text, TextSpan span, Func<char, bool> isBreak, bool contrastive)
    {
        var from = span.Start;
        while (from > 0 && !isBreak(text[from - 1]) && !(contrastive && ContrastiveWordEndsAt(text, from))) from--;
        var to = span.End;
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
