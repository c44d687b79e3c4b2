using FusionMonitor.Core.Sentiment;
using FusionMonitor.Core.Text;

namespace FusionMonitor.Sentiment.Scoring;

/// <summary>
/// The cheap per-party reading: a text-level scorer (normally the fast linear model) run over the clause around
/// each of the target's spans, the clauses' probabilities averaged. "Chez Marlin's staff did nothing wrong, Roxy
/// Vale is an entitled bully" becomes two readings, one per side of the comma. Clauses end at . ! ? ; : , and line
/// breaks, and before the contrastive words but, however, although, though, whereas, while, yet; a clause of fewer
/// than three words besides the target grows to its sentence (<see cref="Clauses"/>, the rule in Core). It knows nothing of who does what to whom ("X
/// defended Y"): the trained target-aware model does.
/// </summary>
public sealed class ClauseTargetScorer(ISentimentScorer scorer) : ITargetSentimentScorer
{
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

    /// <summary>The clause around <paramref name="span"/>, grown to the sentence when it is too short to read (<see cref="Clauses.Around"/>).</summary>
    internal static string Clause(string text, TextSpan span) => Clauses.Around(text, span);
}
