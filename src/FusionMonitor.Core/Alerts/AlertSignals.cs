using System.Globalization;

namespace FusionMonitor.Core.Alerts;

/// <summary>Which way a spike goes: complaints (an incident) or praise (an opportunity for the brand team).</summary>
public enum SpikeDirection { Negative = 0, Positive = 1 }

/// <summary>
/// The rules, each turning its input into an <see cref="AlertSignal"/> for the lifecycle. Pure and cheap: evaluated
/// for every scope a cycle can have moved (a few seconds apart), so an alert fires within one cycle of its data.
/// Each reads its thresholds through <see cref="AlertRules.Tuned"/> (the brand's sensitivity). <c>subject</c> names
/// what the alert is about in words ("The Gilded Salmon", "Nova Reyes × The Gilded Salmon"); without it, the id.
/// </summary>
public static class AlertSignals
{
    /// <summary>
    /// Spike (negative or positive): the recent window's reach-weighted volume in that direction is at least
    /// SpikeFactor × the expected volume — the larger of the baseline's median, the median of the same hour on the past
    /// seven days, and the floor — and SpikeSigmas deviations above it (the larger of the baseline's and the same hours'
    /// robust deviation and the chance spread √(expected × the window's mean weight per mention)), at least ConfirmFactor × the same hour a
    /// day and a week before (when known), and above the minimum volume and mention count. A scope still
    /// <see cref="VolumeWindow.Learning"/> raises none. Value = recent ÷ expected; Speed = the newest 15 minutes' pace ÷
    /// the window's average pace (<see cref="RisePace"/>).
    /// </summary>
    public static AlertSignal Spike(long brandId, long? pairId, VolumeWindow w, AlertRules rules, AlertEvidence? evidence = null,
        SpikeDirection direction = SpikeDirection.Negative, string? subject = null, double? scoreBefore = null, double? scoreAfter = null)
    {
        var t = rules.Tuned();
        var windowHours = t.SpikeWindow.TotalHours;
        var expected = Expected(w, t);
        // Volumes are sums of weighted mentions, so their chance spread grows with the typical weight too (compound Poisson).
        var typicalWeight = w.RecentMentions > 0 ? Math.Max(1, w.Recent / w.RecentMentions) : 1;
        var noise = Math.Max(Math.Max(w.Spread, w.SeasonalSpread), Math.Sqrt(expected * typicalWeight));
        var ratio = w.Recent / expected;
        var kind = direction == SpikeDirection.Negative ? AlertKind.NegativeSpike : AlertKind.PositiveSpike;
        var enabled = direction == SpikeDirection.Negative ? t.SpikeEnabled : t.PositiveSpikeEnabled;
        var active = enabled
            && !w.Learning(t)
            && w.Recent >= t.MinNegativeVolume
            && w.RecentMentions >= t.MinNegativeMentions
            && ratio >= t.SpikeFactor
            && w.Recent >= expected + t.SpikeSigmas * noise
            && Confirms(w.Recent, w.SameWindowYesterday, t)
            && Confirms(w.Recent, w.SameWindowLastWeek, t);
        var title = direction == SpikeDirection.Negative ? "Negative spike" : "Positive spike";
        var level = Math.Max(w.Level, w.Seasonal ?? 0);
        var figures = new SpikeFigures(w.RecentMentions, w.Recent, expected, level, level < expected, windowHours);
        var summary = $"{title} for {Subject(subject, brandId, pairId)}: {AlertCards.SpikeWords(kind, figures)}";
        return new AlertSignal(AlertSignal.KeyFor(kind, brandId, pairId), kind, brandId, pairId, active, ratio, summary,
            (evidence ?? AlertEvidence.None) with { Spike = figures }, scoreBefore, scoreAfter, RisePace(w, t.SpikeWindow));
    }

    /// <summary>The newest part of a spike window that says how fast it rose.</summary>
    public static readonly TimeSpan RiseSpan = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How fast a spike rose: the volume per minute in the window's newest <see cref="RiseSpan"/> ÷ the volume per
    /// minute over the whole window (1 = steady; 4 = the whole hour's volume came in its last quarter hour). Null when
    /// the window is no longer than that span or holds nothing.
    /// </summary>
    public static double? RisePace(VolumeWindow w, TimeSpan spikeWindow) =>
        spikeWindow > RiseSpan && w.Recent > 0 ? w.Latest / RiseSpan.TotalMinutes / (w.Recent / spikeWindow.TotalMinutes) : null;

    /// <summary>The volume a spike is measured against: the baseline's median, the same hour on other days, the floor — the largest.</summary>
    public static double Expected(VolumeWindow w, AlertRules rules) =>
        Math.Max(Math.Max(w.Level, w.Seasonal ?? 0), rules.BaselineFloorPerHour * rules.SpikeWindow.TotalHours);

    /// <summary>
    /// Score drop: the score is at least DropPoints below its highest within DropWindow (the peak of the fine recent
    /// history, so a fall inside one clock hour counts). Value = points dropped; before = the peak, after = now; Speed =
    /// points per minute since the peak (<paramref name="sincePeak"/>, at least five minutes: the points are five-minute buckets).
    /// </summary>
    public static AlertSignal Drop(long brandId, long? pairId, double current, double highestWithinWindow, AlertRules rules, AlertEvidence? evidence = null,
        string? subject = null, TimeSpan? sincePeak = null)
    {
        var t = rules.Tuned();
        var drop = highestWithinWindow - current;
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{Subject(subject, brandId, pairId)}: score fell {drop:0.0} points within {Span(t.DropWindow)} ({highestWithinWindow:0.0} → {current:0.0})");
        return new AlertSignal(AlertSignal.KeyFor(AlertKind.ScoreDrop, brandId, pairId), AlertKind.ScoreDrop,
            brandId, pairId, t.DropEnabled && drop >= t.DropPoints, drop, summary, evidence ?? AlertEvidence.None, highestWithinWindow, current,
            sincePeak is { } since && drop > 0 ? drop / Math.Max(MinPeakMinutes, since.TotalMinutes) : null);
    }

    /// <summary>A drop's speed is measured over at least this many minutes (the peak is known to its five-minute bucket).</summary>
    public const double MinPeakMinutes = 5;

    /// <summary>Threshold: the score is below ScoreBelow with at least MinConfidence. Value = points below.</summary>
    public static AlertSignal Below(long brandId, long? pairId, double score, double confidence, AlertRules rules, AlertEvidence? evidence = null,
        string? subject = null, double? scoreBefore = null)
    {
        var summary = string.Create(CultureInfo.InvariantCulture, $"{Subject(subject, brandId, pairId)}: score {score:0.0} is below {rules.ScoreBelow:0.#}");
        return new AlertSignal(AlertSignal.KeyFor(AlertKind.ScoreBelow, brandId, pairId), AlertKind.ScoreBelow,
            brandId, pairId, rules.ThresholdEnabled && score < rules.ScoreBelow && confidence >= rules.MinConfidence,
            Math.Max(0, rules.ScoreBelow - score), summary, evidence ?? AlertEvidence.None, scoreBefore, score);
    }

    private static bool Confirms(double recent, double? earlier, AlertRules rules) =>
        earlier is not { } e || recent >= rules.ConfirmFactor * Math.Max(e, rules.BaselineFloorPerHour * rules.SpikeWindow.TotalHours);

    private static string Subject(string? subject, long brandId, long? pairId) =>
        subject ?? (pairId is { } p ? $"pair {p}" : $"brand {brandId}");

    internal static string Span(TimeSpan t) => t.TotalHours is var h && h == 1 ? "hour" : string.Create(CultureInfo.InvariantCulture, $"{h:0.#} h");
}

/// <summary>
/// How urgent an alert reads: one pure rule for every channel, from three things a PR person weighs — how far from
/// normal it is (size), how many people the posts behind it reached (reach), and how fast it moved (speed).
/// </summary>
public static class AlertSeverities
{
    /// <summary>Evidence that reached at least this many followers in all raises severity one step.</summary>
    public const long WideReach = 100_000;

    /// <summary>Evidence that reached fewer followers than this in all (every post's count known) lowers it one step.</summary>
    public const long NarrowReach = 1_000;

    /// <summary>A spike whose newest quarter hour ran at least this many times its window's average pace is rising fast.</summary>
    public const double FastRise = 2;

    /// <summary>A score falling at least this many points a minute (10 points in 20 minutes) is falling fast.</summary>
    public const double FastDrop = 0.5;

    /// <summary>
    /// The level from size alone: spikes by their ratio to the usual (≥ 10× critical, ≥ 6× high, ≥ 4× medium); drops by
    /// points (≥ 30 critical, ≥ 20 high, ≥ 15 medium); threshold by points below (≥ 15 high, ≥ 5 medium); a goal at risk
    /// by the points its projection falls short of the milestone (≥ 10 medium): a plan off course, not an incident; an
    /// aspect slipping by how far its performance fell (≥ 0.5 high, else medium).
    /// </summary>
    public static AlertSeverity OfSize(AlertKind kind, double size) => kind switch
    {
        AlertKind.GoalAtRisk => size >= 10 ? AlertSeverity.Medium : AlertSeverity.Low,
        AlertKind.AspectSlipping => size >= 0.5 ? AlertSeverity.High : AlertSeverity.Medium,
        AlertKind.NegativeSpike or AlertKind.PositiveSpike => size >= 10 ? AlertSeverity.Critical : size >= 6 ? AlertSeverity.High : size >= 4 ? AlertSeverity.Medium : AlertSeverity.Low,
        AlertKind.ScoreDrop => size >= 30 ? AlertSeverity.Critical : size >= 20 ? AlertSeverity.High : size >= 15 ? AlertSeverity.Medium : AlertSeverity.Low,
        _ => size >= 15 ? AlertSeverity.High : size >= 5 ? AlertSeverity.Medium : AlertSeverity.Low,
    };

    /// <summary>
    /// The rule. Start from <see cref="OfSize"/>; one step up when the evidence reached at least <see cref="WideReach"/>
    /// followers, one step down when it reached fewer than <see cref="NarrowReach"/> (a move almost nobody saw); one step
    /// up when it moved fast (<paramref name="speed"/>: for a spike the newest 15 minutes' pace ÷ the window's average
    /// pace, fast from <see cref="FastRise"/>; for a drop points per minute since the peak, fast from
    /// <see cref="FastDrop"/>; a threshold has none). Kept within low…critical; a positive spike is good news and a goal
    /// at risk a plan off course: each reads medium at most; an aspect slipping is a trend, high at most. Unknown reach or speed (null) changes nothing.
    /// </summary>
    public static AlertSeverity Of(AlertKind kind, double size, long? reach = null, double? speed = null)
    {
        var level = (int)OfSize(kind, size);
        if (reach >= WideReach) level++;
        else if (reach < NarrowReach) level--;
        if (IsFast(kind, speed)) level++;
        var max = kind switch
        {
            AlertKind.PositiveSpike or AlertKind.GoalAtRisk => AlertSeverity.Medium,
            AlertKind.AspectSlipping => AlertSeverity.High,
            _ => AlertSeverity.Critical,
        };
        return (AlertSeverity)Math.Clamp(level, (int)AlertSeverity.Low, (int)max);
    }

    /// <summary>Whether the alert moved fast by the rule's measure for its kind (<see cref="Of"/>).</summary>
    public static bool IsFast(AlertKind kind, double? speed) => kind switch
    {
        AlertKind.NegativeSpike or AlertKind.PositiveSpike => speed >= FastRise,
        AlertKind.ScoreDrop => speed >= FastDrop,
        _ => false,
    };

    /// <summary>
    /// The followers the evidence reached: the sum over its posts (one per author; a coordinated group counts its shown
    /// post's). Null when no post's count is known; when only some are, the known ones (which can only raise it).
    /// </summary>
    public static long? Reach(AlertEvidence evidence)
    {
        var known = evidence.TopMentions.Where(m => m.Followers is not null).Select(m => Math.Max(0, m.Followers!.Value)).ToList();
        if (known.Count == 0) return null;
        var sum = known.Sum();
        // Partly unknown reach never lowers the level: only a fully known small reach is "almost nobody".
        return known.Count < evidence.TopMentions.Count ? Math.Max(sum, NarrowReach) : sum;
    }

    public static string Name(AlertSeverity s) => s.ToString().ToLowerInvariant();
}
