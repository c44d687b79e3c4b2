using FusionMonitor.Core.Sentiment;

namespace FusionMonitor.Sentiment.Scoring;

/// <summary>
/// The cascade tier: the fast model reads everything, and the accurate model re-reads only what the fast model is
/// unsure of — a text whose top class probability is below <see cref="Threshold"/> (the accurate tier's blend then
/// reuses the fast reading already made, <see cref="AccurateSentimentScorer"/>). Parties are always read by the
/// accurate tier: on the target-dependent hold-outs the fast model's clause reading (<see cref="ClauseTargetScorer"/>)
/// was far below it at every threshold (docs/sentiment.md), so nothing there is worth routing. One pass reads a
/// text's parties, and a party without spans in the same call gets the text's own reading from that pass.
/// </summary>
/// <remarks>Thread-safe when both models are. docs/sentiment.md says where the threshold was measured to belong.</remarks>
public sealed class CascadeSentimentScorer : ISentimentScorer, ITargetSentimentScorer
{
    private readonly ISentimentScorer _fast;
    private readonly ISentimentScorer _accurate;
    private readonly ITargetSentimentScorer _accurateTargets;

    public CascadeSentimentScorer(ISentimentScorer fast, ISentimentScorer accurate, ITargetSentimentScorer accurateTargets, float threshold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 0f);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(threshold, 1f);
        _fast = fast;
        _accurate = accurate;
        _accurateTargets = accurateTargets;
        Threshold = threshold;
        ModelVersion = $"cascade{threshold:0.00}-{fast.ModelVersion}-{accurate.ModelVersion}";
    }

    /// <summary>The fast model's top probability below which the accurate model decides.</summary>
    public float Threshold { get; }

    public string ModelVersion { get; }

    /// <summary>How many texts the accurate model re-read since start (parties aside): what the cascade costs.</summary>
    public long Escalated => Interlocked.Read(ref _escalated);

    private long _escalated;

    public static float Confidence(SentimentScore s) => MathF.Max(s.PNeg, MathF.Max(s.PNeu, s.PPos));

    public IReadOnlyList<SentimentScore> Score(IReadOnlyList<string> texts)
    {
        var scores = _fast.Score(texts).ToArray();
        var unsure = Enumerable.Range(0, scores.Length).Where(i => Confidence(scores[i]) < Threshold).ToList();
        if (unsure.Count == 0) return scores;
        Interlocked.Add(ref _escalated, unsure.Count);
        var again = unsure.Select(i => texts[i]).ToList();
        var better = _accurate is AccurateSentimentScorer blend ? blend.Score(again, unsure.Select(i => scores[i]).ToList()) : _accurate.Score(again);
        for (var k = 0; k < unsure.Count; k++) scores[unsure[k]] = better[k];
        return scores;
    }

    public IReadOnlyList<IReadOnlyList<SentimentScore>> ScoreTargets(IReadOnlyList<TargetedText> texts) => _accurateTargets.ScoreTargets(texts);
}
