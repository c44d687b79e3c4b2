using System.Globalization;

namespace FusionMonitor.Core.Alerts;

/// <summary>The new state of an incident stream and what, if anything, to notify.</summary>
public readonly record struct AlertStep(AlertState State, AlertEvent? Event);

/// <summary>
/// The alert state machine, modelled on Prometheus Alertmanager. Pure: the clock is passed in.
/// <list type="bullet">
/// <item>Inactive → Pending when the signal turns active; Pending → Firing (Opened) once it has held for the rule's
/// <c>For</c> (with For = 0 it fires in the same evaluation). Pending falls back to Inactive silently.</item>
/// <item>Firing stays one incident however often it is evaluated (deduplication); it notifies again (Updated) only
/// when its value grows by <see cref="AlertRules.UpdateFactor"/> over the last notified value.</item>
/// <item>Firing → Cooldown (Resolved) once the signal has been normal for <see cref="AlertRules.ResolveAfter"/>.</item>
/// <item>In Cooldown a recurrence reopens the same incident (Reopened) instead of opening a new one; after
/// <see cref="AlertRules.Cooldown"/> the stream is Inactive again.</item>
/// </list>
/// Acknowledging changes the status only; the incident still resolves itself.
/// </summary>
public static class AlertLifecycle
{
    /// <summary>
    /// How often a firing alert whose data has not changed is looked at again, to notice that its signal went quiet
    /// (a spike's hour passing): it resolves within this long of <see cref="AlertRules.ResolveAfter"/> of quiet.
    /// </summary>
    public static readonly TimeSpan FiringRecheck = TimeSpan.FromMinutes(1);

    /// <summary>
    /// When the stream must be stepped again although nothing new arrived: a pending one when its <c>For</c> has
    /// passed, a firing one <see cref="FiringRecheck"/> after it was last seen active or, once quiet, when
    /// <see cref="AlertRules.ResolveAfter"/> has passed, one in cooldown when the cooldown ends (it then goes back to
    /// inactive). Null for an inactive stream, which is not kept. An evaluation between times (new data) is always
    /// allowed; this is only when one must happen.
    /// </summary>
    public static DateTimeOffset? DueAt(AlertState s, AlertRules rules, DateTimeOffset now) => s.Phase switch
    {
        AlertPhase.Pending => s.PendingSince!.Value + rules.ForOf(s.Kind),
        AlertPhase.Firing when s.LastActiveAt >= now => now + FiringRecheck,
        AlertPhase.Firing => s.LastActiveAt!.Value + rules.ResolveAfter,
        AlertPhase.Cooldown => s.ResolvedAt!.Value + rules.Cooldown,
        _ => null,
    };

    public static AlertStep Step(AlertState? state, AlertSignal signal, DateTimeOffset now, AlertRules rules)
    {
        var s = state ?? AlertState.For(signal);
        if (s.Phase == AlertPhase.Cooldown && now - s.ResolvedAt!.Value >= rules.Cooldown)
        {
            s = s with { Phase = AlertPhase.Inactive };
        }

        switch (s.Phase)
        {
            case AlertPhase.Inactive when signal.Active:
            {
                var pending = s with { Phase = AlertPhase.Pending, PendingSince = now };
                return rules.ForOf(signal.Kind) <= TimeSpan.Zero ? Open(pending, signal, now) : new(pending, null);
            }
            case AlertPhase.Inactive:
                return new(s, null);

            case AlertPhase.Pending when !signal.Active:
                return new(s with { Phase = AlertPhase.Inactive, PendingSince = null }, null);
            case AlertPhase.Pending:
                return now - s.PendingSince!.Value >= rules.ForOf(signal.Kind) ? Open(s, signal, now) : new(s, null);

            case AlertPhase.Firing when signal.Active:
            {
                var next = s with { LastActiveAt = now, Summary = signal.Summary, Evidence = signal.Evidence, ScoreAfter = signal.ScoreAfter ?? s.ScoreAfter, Speed = signal.Speed ?? s.Speed };
                if (signal.Value >= s.NotifiedValue * rules.UpdateFactor && signal.Value > s.NotifiedValue)
                {
                    next = next with { NotifiedValue = signal.Value };
                    return new(next, EventOf(AlertEventKind.Updated, next, signal.Value, now));
                }
                return new(next, null);
            }
            case AlertPhase.Firing:
            {
                if (now - s.LastActiveAt!.Value < rules.ResolveAfter) return new(s, null);
                var resolved = s with { Phase = AlertPhase.Cooldown, ResolvedAt = now, Status = AlertStatus.Resolved };
                return new(resolved, EventOf(AlertEventKind.Resolved, resolved, signal.Value, now));
            }

            case AlertPhase.Cooldown when signal.Active:
            {
                var reopened = s with
                {
                    Phase = AlertPhase.Firing, Status = AlertStatus.Open, ResolvedAt = null, LastActiveAt = now,
                    NotifiedValue = signal.Value, Summary = signal.Summary, Evidence = signal.Evidence,
                    ScoreBefore = signal.ScoreBefore, ScoreAfter = signal.ScoreAfter, Speed = signal.Speed,
                };
                return new(reopened, EventOf(AlertEventKind.Reopened, reopened, signal.Value, now));
            }
            default:
                return new(s, null);
        }
    }

    /// <summary>A user acknowledged the incident: it keeps firing until its signal is normal, but quietly counts as seen.</summary>
    public static AlertState Acknowledge(AlertState state) =>
        state is { Phase: AlertPhase.Firing, Status: AlertStatus.Open } ? state with { Status = AlertStatus.Acknowledged } : state;

    private static AlertStep Open(AlertState s, AlertSignal signal, DateTimeOffset now)
    {
        var opened = s with
        {
            Phase = AlertPhase.Firing,
            IncidentId = $"{signal.Key}@{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}",
            OpenedAt = now,
            LastActiveAt = now,
            ResolvedAt = null,
            Status = AlertStatus.Open,
            NotifiedValue = signal.Value,
            Summary = signal.Summary,
            Evidence = signal.Evidence,
            ScoreBefore = signal.ScoreBefore,
            ScoreAfter = signal.ScoreAfter,
            Speed = signal.Speed,
        };
        return new(opened, EventOf(AlertEventKind.Opened, opened, signal.Value, now));
    }

    private static AlertEvent EventOf(AlertEventKind kind, AlertState s, double value, DateTimeOffset now) => new(
        kind, s.IncidentId!, s.Key, $"brand:{s.BrandId}", s.Kind, s.BrandId, s.PairId, s.Status ?? AlertStatus.Open,
        s.OpenedAt!.Value, now, value, s.Summary ?? "", s.Evidence ?? AlertEvidence.None, s.ScoreBefore, s.ScoreAfter, s.Speed);
}
