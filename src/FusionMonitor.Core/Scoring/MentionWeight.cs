using FusionMonitor.Core.Sentiment;

namespace FusionMonitor.Core.Scoring;

/// <summary>
/// How much one mention counts, before recency. Reach and engagement are damped by log10 so a mega-account
/// counts more, not a million times more: 10 followers → 1.3, 10k → 4.0, 2M → 6.3 (plus engagement).
/// </summary>
public static class MentionWeight
{
    public static double Of(long? followers, long engagement, ScoreOptions options) =>
        Math.Log10(10.0 + Math.Max(0, followers ?? 0))
        + options.EngagementWeight * Math.Log10(1.0 + Math.Max(0, engagement));

    public static double Of(ScoreEvidence e, ScoreOptions options) => Of(e.AuthorFollowers, e.Engagement, options);

    /// <summary>Polarity clamped to [−1, 1]; NaN counts as neutral.</summary>
    public static double Polarity(double p) => double.IsNaN(p) ? 0 : Math.Clamp(p, -1.0, 1.0);

    /// <summary>
    /// The polarity a mention brings to a scope. A star rating is the reviewer's own verdict on the product, so for the
    /// brand and the pair it is blended with the text's sentiment: (1 − w)·text + w·stars, stars mapped linearly
    /// (1 → −1, 3 → 0, 5 → +1), w = <see cref="ScoreOptions.RatingWeight"/>. The influencer's own scope reads the
    /// text alone: the stars rate the product, not the person. Without a rating, the text's polarity everywhere.
    /// "The text" is the reading toward the scope's own party (<see cref="TextPolarityFor"/>).
    /// </summary>
    public static double PolarityFor(ScoreEvidence e, ScopeKey scope, ScoreOptions options) =>
        e.Rating is { } stars && scope.Kind != ScopeKind.Influencer
            ? (1 - options.RatingWeight) * TextPolarityFor(e, scope) + options.RatingWeight * RatingPolarity(stars)
            : TextPolarityFor(e, scope);

    /// <summary>
    /// The rule for whom a scope reads (docs/fusion-score.md, "Each party read apart"): a brand scope the polarity toward
    /// its brand, an influencer scope toward its influencer, and a pair scope (a co-mention) the <b>lower</b> of the two
    /// (a text that defends one and attacks the other is a quarrel between them, bad for the relationship; where it reads
    /// only one of them, that one). A mention without that party's reading (stored before per-party readings, or
    /// corrected by an analyst, whose label stands for the whole text) reads its whole-text polarity. Clamped.
    /// </summary>
    public static double TextPolarityFor(ScoreEvidence e, ScopeKey scope)
    {
        if (e.Targets is not { Count: > 0 } targets) return Polarity(e.Polarity);
        return Polarity(ReadingFor(targets, scope) is { } r ? r.Polarity : e.Polarity);
    }

    /// <summary>The label a scope counts a mention under in its rollups: that of the reading <see cref="TextPolarityFor"/>
    /// takes, else <paramref name="label"/> (the whole text's, a correction in force).</summary>
    public static SentimentLabel LabelFor(ScoreEvidence e, ScopeKey scope, SentimentLabel label) =>
        e.Targets is { Count: > 0 } targets && ReadingFor(targets, scope) is { } r ? r.Label : label;

    private static TargetReading? ReadingFor(IReadOnlyList<TargetReading> targets, ScopeKey scope)
    {
        switch (scope.Kind)
        {
            case ScopeKind.Brand: return TargetReading.Find(targets, TargetKind.Brand, scope.BrandId);
            case ScopeKind.Influencer: return TargetReading.Find(targets, TargetKind.Influencer, scope.InfluencerId);
            default:
                var b = TargetReading.Find(targets, TargetKind.Brand, scope.BrandId);
                var i = TargetReading.Find(targets, TargetKind.Influencer, scope.InfluencerId);
                if (b is null) return i;
                if (i is null) return b;
                return i.Value.Polarity < b.Value.Polarity ? i : b;
        }
    }

    /// <summary>Stars 1–5 on the polarity scale: (stars − 3) / 2, clamped.</summary>
    public static double RatingPolarity(int stars) => Math.Clamp((stars - 3) / 2.0, -1.0, 1.0);

    /// <summary>
    /// Reach-weighted negative volume of one mention, the unit of negative-spike alerts: weight × max(0, −polarity),
    /// the polarity <paramref name="scope"/> reads (so a one-star review counts). The pipeline adds it to its hourly rollups per
    /// brand and per pair, each reading its own party.
    /// </summary>
    public static double NegativeVolume(ScoreEvidence e, ScopeKey scope, ScoreOptions options) =>
        Of(e, options) * Math.Max(0, -PolarityFor(e, scope, options));

    /// <summary>Reach-weighted positive volume, the unit of positive-spike alerts: weight × max(0, polarity toward the brand).</summary>
    public static double PositiveVolume(ScoreEvidence e, ScopeKey scope, ScoreOptions options) =>
        Of(e, options) * Math.Max(0, PolarityFor(e, scope, options));
}
