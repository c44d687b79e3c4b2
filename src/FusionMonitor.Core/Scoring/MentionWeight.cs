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
    /// </summary>
    public static double PolarityFor(ScoreEvidence e, ScopeKind scope, ScoreOptions options) =>
        e.Rating is { } stars && scope != ScopeKind.Influencer
            ? (1 - options.RatingWeight) * Polarity(e.Polarity) + options.RatingWeight * RatingPolarity(stars)
            : Polarity(e.Polarity);

    /// <summary>Stars 1–5 on the polarity scale: (stars − 3) / 2, clamped.</summary>
    public static double RatingPolarity(int stars) => Math.Clamp((stars - 3) / 2.0, -1.0, 1.0);

    /// <summary>
    /// Reach-weighted negative volume of one mention, the unit of negative-spike alerts: weight × max(0, −polarity),
    /// the polarity toward the brand (so a one-star review counts). The pipeline adds it to its hourly rollups per
    /// brand and per pair.
    /// </summary>
    public static double NegativeVolume(ScoreEvidence e, ScoreOptions options) =>
        Of(e, options) * Math.Max(0, -PolarityFor(e, ScopeKind.Brand, options));

    /// <summary>Reach-weighted positive volume, the unit of positive-spike alerts: weight × max(0, polarity toward the brand).</summary>
    public static double PositiveVolume(ScoreEvidence e, ScoreOptions options) =>
        Of(e, options) * Math.Max(0, PolarityFor(e, ScopeKind.Brand, options));
}
