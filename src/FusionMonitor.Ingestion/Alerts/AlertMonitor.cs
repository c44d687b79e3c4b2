using FusionMonitor.Core.Alerts;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Alerts;
using FusionMonitor.Storage.Scores;
using Dapper;

namespace FusionMonitor.Ingestion.Alerts;

/// <summary>
/// One alert evaluation cycle: reads the five-minute negative volumes, the current scores and the incident states,
/// runs the pure rules and lifecycle, and stores what changed. On PostgreSQL one instance evaluates at a time (an
/// advisory lock), so several app instances raise each alert once. Returns the alerts to announce.
/// </summary>
public sealed class AlertMonitor(FusionDatabase db, ScoreStore scores, EntityCatalog catalog, ScoreOptions scoreOptions, AlertOptions alertOptions, TimeProvider clock)
{
    private const long LeaderLockKey = 0x46_55_53_41_4C_54; // "FUSALT"

    public sealed record AlertAnnouncement(AlertEvent Event, long AlertId);

    public async Task<IReadOnlyList<AlertAnnouncement>> EvaluateAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var snapshot = await catalog.GetAsync(ct);
        var volumes = await scores.VolumesSinceAsync(now - TimeSpan.FromDays(8) - TimeSpan.FromHours(2), ct);
        var book = new ScoreBook(scoreOptions);
        foreach (var (key, acc) in await scores.AllScopesAsync(ct)) book.Load(key, acc);
        var highest = await scores.HighestSinceAsync(now - alertOptions.Defaults.DropWindow, ct);

        var signals = new List<AlertSignal>();
        foreach (var brand in snapshot.Brands)
        {
            var rules = alertOptions.RulesFor(brand.Id);
            var evidence = AlertEvidenceBuilder.FromContributions(book.Find(ScopeKey.ForBrand(brand.Id))?.Top ?? []);
            if (rules.SpikeEnabled) signals.Add(AlertSignals.Spike(brand.Id, null, Window(volumes[$"b:{brand.Id}"], now, rules), rules, evidence));
        }
        foreach (var pair in snapshot.Pairs)
        {
            var rules = alertOptions.RulesFor(pair.BrandId);
            var score = book.ScoreOf(pair.BrandId, pair.InfluencerId, now);
            var tops = (book.Find(ScopeKey.ForPair(pair.BrandId, pair.InfluencerId))?.Top ?? [])
                .Concat(book.Find(ScopeKey.ForInfluencer(pair.InfluencerId))?.Top ?? []);
            var evidence = AlertEvidenceBuilder.FromContributions(tops);
            if (rules.SpikeEnabled) signals.Add(AlertSignals.Spike(pair.BrandId, pair.Id, Window(volumes[$"p:{pair.Id}"], now, rules), rules, evidence));
            if (rules.DropEnabled) signals.Add(AlertSignals.Drop(pair.BrandId, pair.Id, score.Score, Math.Max(score.Score, highest.GetValueOrDefault(pair.Id, score.Score)), rules, evidence));
            if (rules.ThresholdEnabled) signals.Add(AlertSignals.Below(pair.BrandId, pair.Id, score.Score, score.Confidence, rules, evidence));
        }

        await using var conn = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(conn, ct);
        if (db.Kind == DatabaseKind.Postgres &&
            !await conn.ExecuteScalarAsync<bool>(new CommandDefinition("select pg_try_advisory_xact_lock(@k)", new { k = LeaderLockKey }, tx, cancellationToken: ct)))
            return []; // another instance is evaluating this cycle

        var states = await AlertStore.StatesAsync(conn, tx, ct);
        var (next, events) = AlertEvaluator.Evaluate(states, signals, now, alertOptions);
        // Only states that really changed are written (records holding lists compare by reference, so compare JSON).
        var changed = next.Values.Where(s => !states.TryGetValue(s.Key, out var old) || ScoreJson.Write(old) != ScoreJson.Write(s)).ToList();
        if (changed.Count > 0) await AlertStore.SaveStatesAsync(conn, tx, changed, now, ct);
        var announced = new List<AlertAnnouncement>(events.Count);
        foreach (var e in events) announced.Add(new AlertAnnouncement(e, await AlertStore.ApplyAsync(conn, tx, e, ct)));
        await tx.CommitAsync(ct);
        return announced;
    }

    private static VolumeWindow Window(IEnumerable<VolumeRow> rows, DateTimeOffset now, AlertRules rules)
    {
        var buckets = rows.Select(r => new VolumeBucket(r.Bucket, r.NegVolume, (int)r.NegCount)).ToList();
        var since = buckets.Count == 0 ? now : buckets.Min(b => b.Start);
        return VolumeWindow.From(buckets, now, rules, since);
    }
}
