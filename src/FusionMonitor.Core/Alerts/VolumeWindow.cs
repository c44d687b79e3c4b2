namespace FusionMonitor.Core.Alerts;

/// <summary>
/// Reach-weighted volume of one scope in one direction (negative or positive) over one bucket: five minutes for the
/// recent window, an hour for the baseline (the lead's rollup rows).
/// </summary>
public readonly record struct VolumeBucket(DateTimeOffset Start, double Volume, int Mentions);

/// <summary>
/// What the spike rule looks at for one scope at one evaluation. <see cref="Level"/> and <see cref="Spread"/> are the
/// median and robust deviation (1.4826·MAD) of the baseline's hourly volumes, scaled to the spike window;
/// <see cref="Seasonal"/> is the median of the same hour on each of the past seven days and
/// <see cref="SeasonalSpread"/> their robust deviation. A null comparison means that
/// history is not there yet; <see cref="Observed"/> is how much history the scope has (learning while it is shorter
/// than <see cref="AlertRules.ObservationSpan"/>). <see cref="Latest"/> is the part of <see cref="Recent"/> in the window's
/// newest <see cref="AlertSignals.RiseSpan"/> (how fast a spike rose).
/// </summary>
public sealed record VolumeWindow(
    double Recent,
    int RecentMentions,
    double Level,
    double Spread,
    double? Seasonal,
    double? SameWindowYesterday,
    double? SameWindowLastWeek,
    TimeSpan Observed,
    double SeasonalSpread = 0,
    double Latest = 0)
{
    /// <summary>1.4826·MAD estimates a standard deviation from the median absolute deviation (normal data).</summary>
    public const double MadScale = 1.4826;

    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    /// <summary>Whether this scope's history is still too short to know what normal is.</summary>
    public bool Learning(AlertRules rules) => Observed < rules.ObservationSpan;

    /// <summary>
    /// Builds the window ending at <paramref name="now"/>: recent = the <paramref name="fiveMinute"/> buckets in
    /// [now − SpikeWindow, now), and the same window a day and a week before from them too; the baseline = the
    /// <paramref name="hourly"/> buckets wholly inside the BaselineWindow before it and after
    /// <paramref name="historySince"/> (hours without a row count as 0); the seasonal median from the hours the same
    /// window overlaps on each of the past seven days.
    /// </summary>
    public static VolumeWindow From(IEnumerable<VolumeBucket> fiveMinute, IEnumerable<VolumeBucket> hourly, DateTimeOffset now, AlertRules rules,
        DateTimeOffset historySince)
    {
        var recentFrom = now - rules.SpikeWindow;
        var day = TimeSpan.FromDays(1);
        var week = TimeSpan.FromDays(7);
        var latestFrom = now - AlertSignals.RiseSpan;
        double sum = 0, yesterday = 0, lastWeek = 0, latest = 0;
        var mentions = 0;
        foreach (var b in fiveMinute)
        {
            var t = b.Start;
            if (t >= recentFrom && t < now) { sum += b.Volume; mentions += b.Mentions; if (t >= latestFrom) latest += b.Volume; }
            if (t >= recentFrom - day && t < now - day) yesterday += b.Volume;
            if (t >= recentFrom - week && t < now - week) lastWeek += b.Volume;
        }

        var byHour = new Dictionary<DateTimeOffset, double>();
        foreach (var b in hourly) byHour[b.Start] = byHour.GetValueOrDefault(b.Start) + b.Volume;

        // Whole hours of the baseline: [first, last) with last the start of the hour that reaches the recent window.
        var last = FloorHour(recentFrom);
        var first = Max(CeilHour(historySince), FloorHour(recentFrom - rules.BaselineWindow));
        var values = new List<double>();
        for (var h = first; h < last; h += Hour) values.Add(byHour.GetValueOrDefault(h));
        var scale = rules.SpikeWindow.TotalHours;
        var (level, spread) = values.Count == 0 ? (0.0, 0.0) : (Median(values) * scale, MadScale * Mad(values) * Math.Sqrt(scale));

        // The same window on each of the past seven days, from the hours it overlaps (their mean, scaled to the window).
        double? SameHours(int daysBack)
        {
            var from = FloorHour(recentFrom - TimeSpan.FromDays(daysBack));
            var to = CeilHour(now - TimeSpan.FromDays(daysBack));
            if (historySince > from) return null;
            double v = 0;
            var n = 0;
            for (var h = from; h < to; h += Hour, n++) v += byHour.GetValueOrDefault(h);
            return n == 0 ? 0 : v / n * scale;
        }
        var days = Enumerable.Range(1, 7).Select(SameHours).OfType<double>().ToList();
        return new VolumeWindow(sum, mentions, level, spread, days.Count >= 3 ? Median(days) : null,
            historySince <= recentFrom - day ? yesterday : null,
            historySince <= recentFrom - week ? lastWeek : null,
            historySince < now ? now - historySince : TimeSpan.Zero,
            days.Count >= 3 ? MadScale * Mad(days) : 0,
            latest);
    }

    /// <summary>
    /// A pair still learning borrows its brand's baseline (level, spread, seasonal comparisons, history length) and
    /// keeps its own recent volume: a brand's volume holds the pair's, so the borrowed normal is the stricter one.
    /// </summary>
    public VolumeWindow Borrowing(VolumeWindow brand) => brand with { Recent = Recent, RecentMentions = RecentMentions, Latest = Latest };

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return 0;
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static double Mad(IReadOnlyList<double> values)
    {
        var m = Median(values);
        return Median(values.Select(v => Math.Abs(v - m)).ToList());
    }

    private static DateTimeOffset FloorHour(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % Hour.Ticks, TimeSpan.Zero);

    private static DateTimeOffset CeilHour(DateTimeOffset t) => t.UtcTicks % Hour.Ticks == 0 ? t.ToUniversalTime() : FloorHour(t) + Hour;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
