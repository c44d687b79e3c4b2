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
    /// <see cref="VolumeWindow.Learning"/> raises none. Value = recent ÷ expected.
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
            (evidence ?? AlertEvidence.None) with { Spike = figures }, scoreBefore, scoreAfter);
    }

    /// <summary>The volume a spike is measured against: the baseline's median, the same hour on other days, the floor — the largest.</summary>
    public static double Expected(VolumeWindow w, AlertRules rules) =>
        Math.Max(Math.Max(w.Level, w.Seasonal ?? 0), rules.BaselineFloorPerHour * rules.SpikeWindow.TotalHours);

    /// <summary>
    /// Score drop: the score is at least DropPoints below its highest within DropWindow (the peak of the fine recent
    /// history, so a fall inside one clock hour counts). Value = points dropped; before = the peak, after = now.
    /// </summary>
    public static AlertSignal Drop(long brandId, long? pairId, double current, double highestWithinWindow, AlertRules rules, AlertEvidence? evidence = null,
        string? subject = null)
    {
        var t = rules.Tuned();
        var drop = highestWithinWindow - current;
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{Subject(subject, brandId, pairId)}: score fell {drop:0.0} points within {Span(t.DropWindow)} ({highestWithinWindow:0.0} → {current:0.0})");
        return new AlertSignal(AlertSignal.KeyFor(AlertKind.ScoreDrop, brandId, pairId), AlertKind.ScoreDrop,
            brandId, pairId, t.DropEnabled && drop >= t.DropPoints, drop, summary, evidence ?? AlertEvidence.None, highestWithinWindow, current);
    }

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

/// <summary>How urgent an alert reads, from its kind and how far past its threshold it is. One rule, for every channel.</summary>
public static class AlertSeverities
{
    /// <summary>
    /// Spikes by their ratio to the usual (≥ 10× critical, ≥ 6× high, ≥ 4× medium); drops by points (≥ 30 critical,
    /// ≥ 20 high, ≥ 15 medium); threshold by points below (≥ 15 high, ≥ 5 medium). A positive spike is good news:
    /// medium at most. A goal at risk by the points its projection falls short of the milestone (≥ 10 medium): a plan
    /// off course, not an incident.
    /// </summary>
    public static AlertSeverity Of(AlertKind kind, double value) => kind switch
    {
        AlertKind.GoalAtRisk => value >= 10 ? AlertSeverity.Medium : AlertSeverity.Low,
        AlertKind.NegativeSpike => value >= 10 ? AlertSeverity.Critical : value >= 6 ? AlertSeverity.High : value >= 4 ? AlertSeverity.Medium : AlertSeverity.Low,
        AlertKind.PositiveSpike => value >= 6 ? AlertSeverity.Medium : AlertSeverity.Low,
        AlertKind.ScoreDrop => value >= 30 ? AlertSeverity.Critical : value >= 20 ? AlertSeverity.High : value >= 15 ? AlertSeverity.Medium : AlertSeverity.Low,
        _ => value >= 15 ? AlertSeverity.High : value >= 5 ? AlertSeverity.Medium : AlertSeverity.Low,
    };

    public static string Name(AlertSeverity s) => s.ToString().ToLowerInvariant();
}
