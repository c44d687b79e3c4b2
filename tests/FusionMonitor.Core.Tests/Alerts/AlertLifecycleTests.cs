using CsCheck;
using System.Text.Json;
using FusionMonitor.Core.Alerts;

namespace FusionMonitor.Core.Tests.Alerts;

public sealed class AlertLifecycleTests
{
    private static readonly DateTimeOffset T = new(2026, 4, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly AlertRules Rules = AlertRules.Default;

    private static AlertSignal Below(double score) => AlertSignals.Below(3, 42, score, 0.6, Rules);

    private static (AlertState? State, List<AlertEvent> Events) Run(IEnumerable<(int Minute, AlertSignal Signal)> steps, AlertState? state = null)
    {
        var events = new List<AlertEvent>();
        foreach (var (minute, signal) in steps)
        {
            var step = AlertLifecycle.Step(state, signal, T.AddMinutes(minute), Rules);
            state = step.State;
            if (step.Event is { } e) events.Add(e);
        }
        return (state, events);
    }

    [Fact]
    public void AThresholdAlert_HoldsForItsForDurationBeforeItFires()
    {
        var (state, events) = Run(Enumerable.Range(0, 12).Select(m => (m, Below(25))));
        var opened = Assert.Single(events);
        Assert.Equal(T.AddMinutes(10), opened.At);
        Assert.Equal(AlertStatus.Open, state!.Status);
        Assert.Equal("ScoreBelow:pair:42", opened.Key);
    }

    [Fact]
    public void AScoreDippingBelowTheThresholdBriefly_RaisesNothing()
    {
        var steps = Enumerable.Range(0, 60).Select(m => (m, Below(m % 8 < 5 ? 25 : 35)));
        var (state, events) = Run(steps);
        Assert.Empty(events);
        Assert.NotEqual(AlertPhase.Firing, state!.Phase);
    }

    [Fact]
    public void AFiringAlert_NotifiesAgainOnlyWhenItGetsMuchWorse()
    {
        var drops = new[] { 10.0, 11, 12, 14, 15, 16, 20, 22, 23 };
        var (_, events) = Run(drops.Select((d, i) => (i, AlertSignals.Drop(3, 42, 60 - d, 60, Rules))));
        Assert.Equal([AlertEventKind.Opened, AlertEventKind.Updated, AlertEventKind.Updated], events.Select(e => e.Kind));
        Assert.Equal([10.0, 15, 23], events.Select(e => e.Value));
    }

    [Fact]
    public void AnAcknowledgedAlert_StillResolvesItself()
    {
        var (state, _) = Run([(0, AlertSignals.Drop(3, 42, 40, 55, Rules))]);
        state = AlertLifecycle.Acknowledge(state!);
        Assert.Equal(AlertStatus.Acknowledged, state.Status);

        var (after, events) = Run(Enumerable.Range(1, 20).Select(m => (m, AlertSignals.Drop(3, 42, 54, 55, Rules))), state);
        var resolved = Assert.Single(events);
        Assert.Equal(AlertEventKind.Resolved, resolved.Kind);
        Assert.Equal(T.AddMinutes(15), resolved.At);
        Assert.Equal(AlertStatus.Resolved, after!.Status);
    }

    [Fact]
    public void AStreamWithNoSignalThisCycle_CountsAsNormalAndResolves()
    {
        var signal = AlertSignals.Drop(3, null, 30, 50, Rules);
        var (states, events) = AlertEvaluator.Evaluate(new Dictionary<string, AlertState>(), [signal], T, AlertOptions.Default);
        Assert.Single(events);
        (_, events) = AlertEvaluator.Evaluate(states, [], T.AddMinutes(16), AlertOptions.Default);
        Assert.Equal(AlertEventKind.Resolved, Assert.Single(events).Kind);
    }

    [Fact]
    public void ThresholdNeedsConfidence_SoAThinScoreNeverAlerts()
    {
        Assert.False(AlertSignals.Below(3, 42, 10, 0.05, Rules).Active);
        Assert.True(AlertSignals.Below(3, 42, 10, 0.5, Rules).Active);
    }

    [Fact]
    public void AlertState_RoundTripsThroughJson()
    {
        var evidence = new AlertEvidence([new EvidenceMention(9, "critic", -0.7, 3.2)], ["critic"], ["waiters", "petty"]);
        var (state, _) = Run([(0, AlertSignals.Drop(3, 42, 40, 55, Rules, evidence))]);
        var json = JsonSerializer.Serialize(state);
        var back = JsonSerializer.Deserialize<AlertState>(json)!;
        Assert.Equal(state!.IncidentId, back.IncidentId);
        Assert.Equal(state.Phase, back.Phase);
        Assert.Equal(state.Evidence!.Terms, back.Evidence!.Terms);
        Assert.Equal(state.Evidence.TopMentions, back.Evidence.TopMentions);
    }

    [Fact]
    public void Rules_ReportEveryProblemAtOnce()
    {
        Assert.Empty(Rules.Validate());
        Assert.Equal(3, (Rules with { SpikeFactor = 1, DropPoints = 0, UpdateFactor = 1 }).Validate().Count);
    }

    [Fact]
    public void TermCounter_FindsTheWordsThatRecur()
    {
        string[] texts =
        [
            "The waiters at Chez R were useless, worst salmon ever",
            "She blamed the waiters? So petty",
            "Blaming waiters for the kitchen's salmon is petty",
        ];
        Assert.Equal(["waiters", "petty", "salmon"], TermCounter.Top(texts, 3));
    }

    [Fact]
    public void SteppingOnlyWhenDataChangesOrAStreamFallsDue_RaisesTheSameEventsAsSteppingEveryMinute()
    {
        // A score that changes only at "data" minutes (as the incremental cycle sees it), below or above the threshold.
        Gen.Select(Gen.Int[1, 90].List[1, 8], Gen.Bool.List[8]).Sample((gaps, below) =>
        {
            var changes = new List<(int Minute, double Score)>();
            var minute = 0;
            for (var k = 0; k < gaps.Count; k++) changes.Add((minute += gaps[k], below[k] ? 20 : 45));
            var end = minute + 200;
            AlertSignal SignalAt(int m) => Below(changes.LastOrDefault(c => c.Minute <= m) is { Minute: > 0 } c ? c.Score : 45);

            var (_, everyMinute) = Run(Enumerable.Range(0, end).Select(m => (m, SignalAt(m))));

            var events = new List<AlertEvent>();
            AlertState? state = null;
            DateTimeOffset? due = null;
            for (var m = 0; m < end; m++)
            {
                var at = T.AddMinutes(m);
                if (!changes.Exists(c => c.Minute == m) && !(due <= at)) continue;
                var step = AlertLifecycle.Step(state, SignalAt(m), at, Rules);
                if (step.Event is { } e) events.Add(e);
                state = step.State.Phase == AlertPhase.Inactive ? null : step.State; // inactive streams are not kept
                due = state is null ? null : AlertLifecycle.DueAt(state, Rules, at);
            }
            Assert.Equal(everyMinute.Select(e => (e.Kind, e.At)), events.Select(e => (e.Kind, e.At)));
        });
    }

    [Fact]
    public void DueTimes_FollowThePhase()
    {
        var pending = new AlertState("ScoreBelow:pair:1", AlertKind.ScoreBelow, 3, 1, AlertPhase.Pending, PendingSince: T);
        Assert.Equal(T + Rules.ThresholdFor, AlertLifecycle.DueAt(pending, Rules, T));
        var firing = pending with { Phase = AlertPhase.Firing, LastActiveAt = T.AddMinutes(20) };
        Assert.Equal(T.AddMinutes(20) + AlertLifecycle.FiringRecheck, AlertLifecycle.DueAt(firing, Rules, T.AddMinutes(20)));
        Assert.Equal(T.AddMinutes(20) + Rules.ResolveAfter, AlertLifecycle.DueAt(firing, Rules, T.AddMinutes(21)));
        var cooling = firing with { Phase = AlertPhase.Cooldown, ResolvedAt = T.AddMinutes(40) };
        Assert.Equal(T.AddMinutes(40) + Rules.Cooldown, AlertLifecycle.DueAt(cooling, Rules, T.AddMinutes(40)));
        Assert.Null(AlertLifecycle.DueAt(pending with { Phase = AlertPhase.Inactive }, Rules, T));
    }
}
