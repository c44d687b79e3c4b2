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
    /// Reach-weighted negative volume of one mention, the unit of negative-spike alerts: weight × max(0, −polarity).
    /// The pipeline adds it to its hourly rollups per brand and per pair.
    /// </summary>
    public static double NegativeVolume(ScoreEvidence e, ScoreOptions options) =>
        Of(e, options) * Math.Max(0, -Polarity(e.Polarity));
}
