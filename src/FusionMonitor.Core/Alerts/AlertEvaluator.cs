namespace FusionMonitor.Core.Alerts;

/// <summary>
/// One evaluation cycle over every incident stream: steps each known state with this cycle's signal (a stream with
/// no signal this cycle counts as normal, so it can resolve), and collects the events to send.
/// </summary>
public static class AlertEvaluator
{
    public static (IReadOnlyDictionary<string, AlertState> States, IReadOnlyList<AlertEvent> Events) Evaluate(
        IReadOnlyDictionary<string, AlertState> states, IEnumerable<AlertSignal> signals, DateTimeOffset now, AlertOptions options)
    {
        var next = new Dictionary<string, AlertState>(states);
        var events = new List<AlertEvent>();
        var seen = new HashSet<string>();
        foreach (var signal in signals)
        {
            if (!seen.Add(signal.Key)) continue;
            var step = AlertLifecycle.Step(states.GetValueOrDefault(signal.Key), signal, now, options.RulesFor(signal.BrandId));
            next[signal.Key] = step.State;
            if (step.Event is { } e) events.Add(e);
        }
        foreach (var (key, state) in states)
        {
            if (seen.Contains(key) || state.Phase == AlertPhase.Inactive) continue;
            var quiet = new AlertSignal(key, state.Kind, state.BrandId, state.PairId, false, 0, state.Summary ?? "", state.Evidence ?? AlertEvidence.None);
            var step = AlertLifecycle.Step(state, quiet, now, options.RulesFor(state.BrandId));
            next[key] = step.State;
            if (step.Event is { } e) events.Add(e);
        }
        return (next, events);
    }
}
