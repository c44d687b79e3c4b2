namespace FusionMonitor.Core.Alerts;

/// <summary>
/// Reach-weighted negative volume of one scope over some span (the lead's rollup rows: five-minute buckets for the
/// last 13 hours are enough, hourly ones for a day and a week back).
/// </summary>
public readonly record struct VolumeBucket(DateTimeOffset Start, double NegativeVolume, int NegativeMentions);

/// <summary>
/// What the spike rule looks at for one scope at one evaluation, all sums of <see cref="VolumeBucket"/>s by start time.
/// A null comparison means that history is not there yet (a new brand); the rule then does without it.
/// </summary>
public sealed record VolumeWindow(
    double Recent,
    int RecentMentions,
    double Baseline,
    double? SameWindowYesterday,
    double? SameWindowLastWeek)
{
    /// <summary>
    /// Sums buckets into the windows of <paramref name="rules"/> ending at <paramref name="now"/>: recent =
    /// [now − SpikeWindow, now), baseline = the BaselineWindow before it, and the recent window shifted by a day and a
    /// week. <paramref name="historySince"/> is when data for this scope begins; comparisons before it are null.
    /// </summary>
    public static VolumeWindow From(IEnumerable<VolumeBucket> buckets, DateTimeOffset now, AlertRules rules, DateTimeOffset historySince)
    {
        var recentFrom = now - rules.SpikeWindow;
        var baseFrom = recentFrom - rules.BaselineWindow;
        var day = TimeSpan.FromDays(1);
        var week = TimeSpan.FromDays(7);
        double recent = 0, baseline = 0, yesterday = 0, lastWeek = 0;
        var mentions = 0;
        foreach (var b in buckets)
        {
            var t = b.Start;
            if (t >= recentFrom && t < now) { recent += b.NegativeVolume; mentions += b.NegativeMentions; }
            else if (t >= baseFrom && t < recentFrom) baseline += b.NegativeVolume;
            if (t >= recentFrom - day && t < now - day) yesterday += b.NegativeVolume;
            if (t >= recentFrom - week && t < now - week) lastWeek += b.NegativeVolume;
        }
        return new VolumeWindow(
            recent, mentions, baseline,
            historySince <= recentFrom - day ? yesterday : null,
            historySince <= recentFrom - week ? lastWeek : null);
    }
}
