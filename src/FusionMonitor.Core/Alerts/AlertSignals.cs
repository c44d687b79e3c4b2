using System.Globalization;

namespace FusionMonitor.Core.Alerts;

/// <summary>
/// The three rules, each turning its input into an <see cref="AlertSignal"/> for the lifecycle. Pure and cheap:
/// evaluate every scope every cycle (a few seconds), so an alert fires within one cycle of its data.
/// </summary>
public static class AlertSignals
{
    /// <summary>
    /// Negative spike: the recent window's reach-weighted negative volume is at least SpikeFactor × the baseline's
    /// hourly rate (floored), at least ConfirmFactor × the same window a day and a week before (when known), and
    /// above the minimum volume and mention count. Value = recent ÷ expected.
    /// </summary>
    public static AlertSignal Spike(long brandId, long? pairId, VolumeWindow w, AlertRules rules, AlertEvidence? evidence = null)
    {
        var windowHours = rules.SpikeWindow.TotalHours;
        var expected = Math.Max(w.Baseline / rules.BaselineWindow.TotalHours, rules.BaselineFloorPerHour) * windowHours;
        var ratio = w.Recent / expected;
        var active = rules.SpikeEnabled
            && w.Recent >= rules.MinNegativeVolume
            && w.RecentMentions >= rules.MinNegativeMentions
            && ratio >= rules.SpikeFactor
            && Confirms(w.Recent, w.SameWindowYesterday, rules)
            && Confirms(w.Recent, w.SameWindowLastWeek, rules);
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"Negative spike: {w.RecentMentions} negative mentions, volume {w.Recent:0.#} in the last {Span(rules.SpikeWindow)}, {ratio:0.#}× the usual {expected:0.#}");
        return new AlertSignal(AlertSignal.KeyFor(AlertKind.NegativeSpike, brandId, pairId), AlertKind.NegativeSpike,
            brandId, pairId, active, ratio, summary, evidence ?? AlertEvidence.None);
    }

    /// <summary>Score drop: the score is at least DropPoints below its highest within DropWindow. Value = points dropped.</summary>
    public static AlertSignal Drop(long brandId, long? pairId, double current, double highestWithinWindow, AlertRules rules, AlertEvidence? evidence = null)
    {
        var drop = highestWithinWindow - current;
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"Score dropped {drop:0.0} points in {Span(rules.DropWindow)} ({highestWithinWindow:0.0} → {current:0.0})");
        return new AlertSignal(AlertSignal.KeyFor(AlertKind.ScoreDrop, brandId, pairId), AlertKind.ScoreDrop,
            brandId, pairId, rules.DropEnabled && drop >= rules.DropPoints, drop, summary, evidence ?? AlertEvidence.None);
    }

    /// <summary>Threshold: the score is below ScoreBelow with at least MinConfidence. Value = points below.</summary>
    public static AlertSignal Below(long brandId, long? pairId, double score, double confidence, AlertRules rules, AlertEvidence? evidence = null)
    {
        var summary = string.Create(CultureInfo.InvariantCulture, $"Score {score:0.0} is below {rules.ScoreBelow:0.#}");
        return new AlertSignal(AlertSignal.KeyFor(AlertKind.ScoreBelow, brandId, pairId), AlertKind.ScoreBelow,
            brandId, pairId, rules.ThresholdEnabled && score < rules.ScoreBelow && confidence >= rules.MinConfidence,
            Math.Max(0, rules.ScoreBelow - score), summary, evidence ?? AlertEvidence.None);
    }

    private static bool Confirms(double recent, double? earlier, AlertRules rules) =>
        earlier is not { } e || recent >= rules.ConfirmFactor * Math.Max(e, rules.BaselineFloorPerHour * rules.SpikeWindow.TotalHours);

    private static string Span(TimeSpan t) => t.TotalHours is var h && h == 1 ? "hour" : $"{h:0.#} h";
}
