using FusionMonitor.Core.Alerts;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Storage.Alerts;

namespace FusionMonitor.Ingestion.Alerts;

/// <summary>
/// Tells everyone about committed alert events: the dashboard and hub (<see cref="AlertRaised"/> /
/// <see cref="AlertChanged"/> on the <see cref="LiveNotifier"/>) and the outside channels (<see cref="AlertChannels"/>),
/// each with the one card built from the stored alert. Used by the alert cycle and the goal check alike.
/// </summary>
public sealed class AlertAnnouncer(LiveNotifier notifier, AlertChannels channels, AlertStore store, TimeProvider clock)
{
    public async Task AnnounceAsync(IEnumerable<AlertMonitor.AlertAnnouncement> announcements, CancellationToken ct)
    {
        foreach (var (e, id) in announcements)
        {
            // Every channel carries the same card, built from the stored alert (names, figures, evidence).
            if (await store.GetAsync(id, ct) is not { } row) continue; // deleted with its brand meanwhile
            var card = row.Card(clock.GetUtcNow());
            if (e.Kind is AlertEventKind.Opened or AlertEventKind.Reopened)
                notifier.Publish(new AlertRaised(id, AlertStore.KindName(e.AlertKind), e.BrandId, e.PairId, e.Summary, e.OpenedAt, card.Severity, card));
            else
                notifier.Publish(new AlertChanged(id, e.BrandId, e.PairId, row.Status, e.Kind.ToString().ToLowerInvariant()));
            await channels.SendAsync(e, id, card, ct);
        }
    }
}
