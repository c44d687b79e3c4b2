using FusionMonitor.Core.Sentiment;

namespace FusionMonitor.Sentiment.Scoring;

/// <summary>
/// The cascade tier: the fast model reads everything, and the accurate model re-reads only what the fast model is
/// unsure of — a text whose top class probability is below <see cref="Threshold"/>. Per party the same: the
/// clause reading of the fast model (<see cref="ClauseTargetScorer"/>) stands when every party of the text is read
/// confidently and all its parties are read alike; a text whose parties are read apart, or any of them unsurely,
/// goes to the accurate model whole (one pass reads all its parties).
/// </summary>
/// <remarks>Thread-safe when both models are. docs/sentiment.md says where the threshold was measured to belong.</remarks>
public sealed class CascadeSentimentScorer : ISentimentScorer, ITargetSentimentScorer
{
    private readonly ISentimentScorer _fast;
    private readonly ClauseTargetScorer _fastTargets;
    private readonly ISentimentScorer _accurate;
    private readonly ITargetSentimentScorer _accurateTargets;

    public CascadeSentimentScorer(ISentimentScorer fast, ISentimentScorer accurate, ITargetSentimentScorer accurateTargets, float threshold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 0f);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(threshold, 1f);
        _fast = fast;
        _fastTargets = new ClauseTargetScorer(fast);
        _accurate = accurate;
        _accurateTargets = accurateTargets;
        Threshold = threshold;
        ModelVersion = $"cascade{threshold:0.00}-{fast.ModelVersion}-{accurate.ModelVersion}";
    }

    /// <summary>The fast model's top probability below which the accurate model decides.</summary>
    public float Threshold { get; }

    public string ModelVersion { get; }

    /// <summary>How many texts (or texts with parties) the accurate model read since start: what the cascade costs.</summary>
    public long Escalated => Interlocked.Read(ref _escalated);

    private long _escalated;

    public static float Confidence(SentimentScore s) => MathF.Max(s.PNeg, MathF.Max(s.PNeu, s.PPos));

    public IReadOnlyList<SentimentScore> Score(IReadOnlyList<string> texts)
    {
        var scores = _fast.Score(texts).ToArray();
        var unsure = Enumerable.Range(0, scores.Length).Where(i => Confidence(scores[i]) < Threshold).ToList();
        if (unsure.Count == 0) return scores;
        Interlocked.Add(ref _escalated, unsure.Count);
        var better = _accurate.Score(unsure.Select(i => texts[i]).ToList());
        for (var k = 0; k < unsure.Count; k++) scores[unsure[k]] = better[k];
        return scores;
    }

    public IReadOnlyList<IReadOnlyList<SentimentScore>> ScoreTargets(IReadOnlyList<TargetedText> texts)
    {
        var result = _fastTargets.ScoreTargets(texts).ToArray();
        var unsure = Enumerable.Range(0, result.Length).Where(i => !Settled(result[i])).ToList();
        if (unsure.Count == 0) return result;
        Interlocked.Add(ref _escalated, unsure.Count);
        var better = _accurateTargets.ScoreTargets(unsure.Select(i => texts[i]).ToList());
        for (var k = 0; k < unsure.Count; k++) result[unsure[k]] = better[k];
        return result;
    }

    private bool Settled(IReadOnlyList<SentimentScore> parties) =>
        parties.All(p => Confidence(p) >= Threshold) && parties.Select(p => p.Label).Distinct().Count() <= 1;
}
