using Dapper;
using FusionMonitor.Core.Alerts;
using FusionMonitor.Core.Entities;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Alerts;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.Storage.Scores;

namespace FusionMonitor.Ingestion.Alerts;

/// <summary>
/// One alert evaluation cycle: reads the five-minute negative volumes, the current scores and the incident states,
/// runs the pure rules and lifecycle, and stores what changed. On PostgreSQL one instance evaluates at a time (an
/// advisory lock), so several app instances raise each alert once. Returns the alerts to announce.
/// <para>
/// The reads (<see cref="ReadAsync"/>) are apart from the pure evaluation, so where the scopes come from can change
/// without touching the rules.
/// </para>
/// </summary>
public sealed class AlertMonitor(FusionDatabase db, ScopeStore scopes, HistoryStore history, RollupStore rollups, MentionStore mentions,
    EntityCatalog catalog, ScoreOptions scoreOptions, AlertOptions alertOptions, TimeProvider clock)
{
    private const long LeaderLockKey = 0x46_55_53_41_4C_54; // "FUSALT"

    /// <summary>How many recurring words an alert's evidence names.</summary>
    public const int EvidenceTerms = 5;

    public sealed record AlertAnnouncement(AlertEvent Event, long AlertId);

    /// <summary>What one cycle reads: the catalogue, every scope's accumulator, the volumes and the score maxima.</summary>
    private sealed record Inputs(EntityCatalog.Snapshot Catalog, ScoreBook Book, ILookup<VolumeScope, VolumeRow> Volumes, Dictionary<long, double> Highest);

    public async Task<IReadOnlyList<AlertAnnouncement>> EvaluateAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var inputs = await ReadAsync(now, ct);
        var signals = await WithTermsAsync(Signals(inputs, now), inputs.Catalog, ct);

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

    /// <summary>Drops the five-minute volumes no rule looks at any more (retention: <see cref="RollupStore.VolumeRetention"/>).</summary>
    public Task<int> PruneVolumesAsync(CancellationToken ct = default) => rollups.PruneVolumesAsync(clock.GetUtcNow() - RollupStore.VolumeRetention, ct);

    private async Task<Inputs> ReadAsync(DateTimeOffset now, CancellationToken ct)
    {
        var snapshot = await catalog.GetAsync(ct);
        var volumes = await rollups.VolumesSinceAsync(now - RollupStore.VolumeRetention, ct);
        var book = new ScoreBook(scoreOptions);
        foreach (var (key, acc) in await scopes.AllAsync(ct)) book.Load(key, acc);
        var highest = await history.HighestSinceAsync(now - alertOptions.Defaults.DropWindow, ct);
        return new Inputs(snapshot, book, volumes, highest);
    }

    private List<AlertSignal> Signals(Inputs inputs, DateTimeOffset now)
    {
        var (snapshot, book, volumes, highest) = inputs;
        var signals = new List<AlertSignal>();
        foreach (var brand in snapshot.Brands)
        {
            var rules = alertOptions.RulesFor(brand.Id);
            var evidence = AlertEvidenceBuilder.FromContributions(book.Find(ScopeKey.ForBrand(brand.Id))?.Top ?? []);
            if (rules.SpikeEnabled) signals.Add(AlertSignals.Spike(brand.Id, null, Window(volumes[VolumeScope.ForBrand(brand.Id)], now, rules), rules, evidence));
        }
        foreach (var pair in snapshot.Pairs)
        {
            var rules = alertOptions.RulesFor(pair.BrandId);
            var score = book.ScoreOf(pair.BrandId, pair.InfluencerId, now);
            var tops = (book.Find(ScopeKey.ForPair(pair.BrandId, pair.InfluencerId))?.Top ?? [])
                .Concat(book.Find(ScopeKey.ForInfluencer(pair.InfluencerId))?.Top ?? []);
            var evidence = AlertEvidenceBuilder.FromContributions(tops);
            if (rules.SpikeEnabled) signals.Add(AlertSignals.Spike(pair.BrandId, pair.Id, Window(volumes[VolumeScope.ForPair(pair.Id)], now, rules), rules, evidence));
            if (rules.DropEnabled) signals.Add(AlertSignals.Drop(pair.BrandId, pair.Id, score.Score, Math.Max(score.Score, highest.GetValueOrDefault(pair.Id, score.Score)), rules, evidence));
            if (rules.ThresholdEnabled) signals.Add(AlertSignals.Below(pair.BrandId, pair.Id, score.Score, score.Confidence, rules, evidence));
        }
        return signals;
    }

    /// <summary>
    /// The words that recur in each firing signal's top mentions (<see cref="TermCounter"/>), the brand's and
    /// influencer's own names left out; one read of the texts for all of them.
    /// </summary>
    private async Task<List<AlertSignal>> WithTermsAsync(List<AlertSignal> signals, EntityCatalog.Snapshot snapshot, CancellationToken ct)
    {
        var active = signals.Where(s => s.Active && s.Evidence.TopMentions.Count > 0).ToList();
        if (active.Count == 0) return signals;
        var texts = await mentions.TextsAsync(active.SelectMany(s => s.Evidence.TopMentions.Select(m => m.MentionId)).ToList(), ct);
        return signals.Select(s =>
        {
            if (!s.Active || s.Evidence.TopMentions.Count == 0) return s;
            var names = NamesOf(s, snapshot);
            var terms = TermCounter.Top(s.Evidence.TopMentions.Select(m => texts.GetValueOrDefault(m.MentionId)).OfType<string>(), EvidenceTerms, names);
            return s with { Evidence = s.Evidence with { Terms = terms } };
        }).ToList();
    }

    private static IEnumerable<string> NamesOf(AlertSignal s, EntityCatalog.Snapshot snapshot)
    {
        var words = new List<string>();
        if (snapshot.BrandsById.GetValueOrDefault(s.BrandId) is Brand b) words.AddRange(SplitAll([b.Name, .. b.Aliases, .. b.Keywords]));
        if (s.PairId is { } id && snapshot.PairsById.GetValueOrDefault(id) is { } pair
            && snapshot.InfluencersById.GetValueOrDefault(pair.InfluencerId) is Influencer i)
            words.AddRange(SplitAll([i.Name, .. i.Aliases, .. i.Handles.Values]));
        return words;
    }

    private static IEnumerable<string> SplitAll(IEnumerable<string> names) =>
        names.SelectMany(n => n.Split([' ', '-', '_', '@', '#', '\''], StringSplitOptions.RemoveEmptyEntries));

    private static VolumeWindow Window(IEnumerable<VolumeRow> rows, DateTimeOffset now, AlertRules rules)
    {
        var buckets = rows.Select(r => new VolumeBucket(r.Bucket, r.NegVolume, (int)r.NegCount)).ToList();
        var since = buckets.Count == 0 ? now : buckets.Min(b => b.Start);
        return VolumeWindow.From(buckets, now, rules, since);
    }
}
