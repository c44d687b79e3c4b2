using FusionMonitor.Core.Alerts;
using FusionMonitor.Ingestion.Scoring;
using FusionMonitor.Storage.Alerts;

namespace FusionMonitor.Ingestion.Alerts;

/// <summary>
/// What changed since alerts opened (<see cref="AlertChangeStore"/>), with each pair's score now as the pair page shows
/// it (the live score, read once for all the pairs asked about), not its last recorded point.
/// </summary>
public sealed class AlertChangeReader(AlertChangeStore store, PairReadModel pairs)
{
    public async Task<Dictionary<long, AlertChangeFacts>> ReadAsync(IReadOnlyCollection<AlertRow> alerts, DateTimeOffset now, CancellationToken ct = default)
    {
        var facts = await store.ReadAsync(alerts, now, ct);
        var pairIds = alerts.Where(a => a.PairId is not null && facts.ContainsKey(a.Id)).Select(a => a.PairId!.Value).ToHashSet();
        if (pairIds.Count == 0) return facts;
        var live = (await pairs.ViewsAsync(await pairs.PairsByIdsAsync(pairIds, _ => true, ct), maxDrivers: 0, ct))
            .ToDictionary(v => v.Pair.Id, v => v.Score.Score);
        foreach (var a in alerts)
            if (a.PairId is { } p && facts.TryGetValue(a.Id, out var f) && live.TryGetValue(p, out var score))
                facts[a.Id] = f with { ScoreNow = score };
        return facts;
    }

    public async Task<AlertChangeFacts?> ReadAsync(AlertRow alert, DateTimeOffset now, CancellationToken ct = default) =>
        (await ReadAsync([alert], now, ct)).GetValueOrDefault(alert.Id);
}
