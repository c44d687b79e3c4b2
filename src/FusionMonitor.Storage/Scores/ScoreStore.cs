using FusionMonitor.Core;
using System.Data.Common;
using Dapper;
using FusionMonitor.Core.Scoring;

namespace FusionMonitor.Storage.Scores;

/// <summary>
/// Score state (one accumulator per scope, as JSON), each pair's latest score, hourly score history and hourly and
/// five-minute rollups. Writers take the caller's transaction: they run in the transaction that stores the mentions.
/// </summary>
public sealed class ScoreStore(FusionDatabase db)
{
    /// <summary>
    /// Loads the accumulators of <paramref name="keys"/> (missing ones are absent from the result). With
    /// <paramref name="forUpdate"/> on PostgreSQL, every scope is locked until commit first — also a scope that has
    /// no row yet, through a transaction-level advisory lock per scope taken in one global order — so two
    /// transactions (or instances) moving the same scope take turns: the second reads what the first committed and
    /// neither overwrites the other's new accumulator, and the single lock order rules out deadlocks. SQLite's write
    /// lock does all that.
    /// </summary>
    public async Task<Dictionary<ScopeKey, ScopeAccumulator>> LoadScopesAsync(DbConnection conn, DbTransaction? tx, IReadOnlyCollection<ScopeKey> keys, bool forUpdate, CancellationToken ct)
    {
        var result = new Dictionary<ScopeKey, ScopeAccumulator>(keys.Count);
        if (keys.Count == 0) return result;
        var ordered = keys.OrderBy(k => k.Kind).ThenBy(k => k.BrandId).ThenBy(k => k.InfluencerId).ToList(); // one lock order: no deadlocks
        IEnumerable<ScopeRow> rows;
        if (db.Kind == DatabaseKind.Postgres)
        {
            if (forUpdate)
                await conn.ExecuteAsync(new CommandDefinition(
                    "select pg_advisory_xact_lock(@lockClass, k) from (select distinct unnest(@keys) as k order by 1) as s",
                    new { lockClass = ScopeLockClass, keys = ordered.Select(ScopeLockKey).ToArray() }, tx, cancellationToken: ct));
            rows = await conn.QueryAsync<ScopeRow>(new CommandDefinition(
                $"""
                select s.kind, s.brand_id, s.influencer_id, s.state from score_scopes s
                join unnest(@kinds, @brands, @influencers) as k(kind, brand_id, influencer_id)
                  on s.kind = k.kind and s.brand_id = k.brand_id and s.influencer_id = k.influencer_id
                order by s.kind, s.brand_id, s.influencer_id
                {(forUpdate ? "for update of s" : "")}
                """,
                new
                {
                    kinds = ordered.Select(k => (short)k.Kind).ToArray(),
                    brands = ordered.Select(k => k.BrandId).ToArray(),
                    influencers = ordered.Select(k => k.InfluencerId).ToArray(),
                }, tx, cancellationToken: ct));
        }
        else
        {
            var list = new List<ScopeRow>();
            foreach (var chunk in ordered.Chunk(300))
            {
                var p = new DynamicParameters();
                var terms = chunk.Select((k, i) =>
                {
                    p.Add($"k{i}", (int)k.Kind); p.Add($"b{i}", k.BrandId); p.Add($"i{i}", k.InfluencerId);
                    return $"(kind = @k{i} and brand_id = @b{i} and influencer_id = @i{i})";
                });
                list.AddRange(await conn.QueryAsync<ScopeRow>(new CommandDefinition(
                    $"select kind, brand_id, influencer_id, state from score_scopes where {string.Join(" or ", terms)}", p, tx, cancellationToken: ct)));
            }
            rows = list;
        }
        foreach (var r in rows)
            result[new ScopeKey((ScopeKind)r.Kind, r.BrandId, r.InfluencerId)] = ScoreJson.ReadAccumulator(r.State);
        return result;
    }

    /// <summary>The first key of the scope advisory locks (two-key form, so apart from any one-key lock).</summary>
    internal const int ScopeLockClass = 0x5C09E;

    /// <summary>A scope's advisory lock key: the same on every instance (no per-process hash seed); two scopes
    /// sharing one only take turns needlessly.</summary>
    internal static int ScopeLockKey(ScopeKey k) => StableHash.Of((int)k.Kind, k.BrandId, k.InfluencerId);

    /// <summary>Every stored accumulator (the app's warm-up and the recompute check).</summary>
    public async Task<Dictionary<ScopeKey, ScopeAccumulator>> AllScopesAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<ScopeRow>(new CommandDefinition("select kind, brand_id, influencer_id, state from score_scopes", cancellationToken: ct));
        return rows.ToDictionary(r => new ScopeKey((ScopeKind)r.Kind, r.BrandId, r.InfluencerId), r => ScoreJson.ReadAccumulator(r.State));
    }

    public static Task SaveScopesAsync(DbConnection conn, DbTransaction tx, IEnumerable<KeyValuePair<ScopeKey, ScopeAccumulator>> scopes, DateTimeOffset now, CancellationToken ct) =>
        MultiRow.ExecuteAsync(conn, tx,
            "insert into score_scopes (kind, brand_id, influencer_id, state, updated_at)",
            "on conflict (kind, brand_id, influencer_id) do update set state = excluded.state, updated_at = excluded.updated_at",
            scopes.Select(s => new object?[] { (short)s.Key.Kind, s.Key.BrandId, s.Key.InfluencerId, ScoreJson.Write(s.Value), now }), ct);

    /// <summary>Replaces every accumulator (the recompute job), in the caller's transaction.</summary>
    public static async Task ReplaceAllScopesAsync(DbConnection conn, DbTransaction tx, IEnumerable<KeyValuePair<ScopeKey, ScopeAccumulator>> scopes, DateTimeOffset now, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition("delete from score_scopes", transaction: tx, cancellationToken: ct));
        await SaveScopesAsync(conn, tx, scopes, now, ct);
    }

    public static Task SavePairScoresAsync(DbConnection conn, DbTransaction tx, IEnumerable<PairScoreRow> scores, CancellationToken ct) =>
        MultiRow.ExecuteAsync(conn, tx,
            "insert into pair_scores (pair_id, score, confidence, mentions, components, updated_at)",
            """
            on conflict (pair_id) do update set score = excluded.score, confidence = excluded.confidence, mentions = excluded.mentions,
                components = excluded.components, updated_at = excluded.updated_at
            """,
            scores.Select(r => new object?[] { r.PairId, r.Score, r.Confidence, r.Mentions, r.Components, r.UpdatedAt }), ct);

    /// <summary>Records each pair's score as the last known in the current hour (snapshots throttled to one per pair per hour).</summary>
    public static async Task AppendHistoryAsync(DbConnection conn, DbTransaction tx, IEnumerable<(long PairId, double Score, double Confidence)> points, DateTimeOffset now, CancellationToken ct)
    {
        var list = points.ToList();
        await MultiRow.ExecuteAsync(conn, tx,
            "insert into score_history (pair_id, hour, score, confidence)",
            "on conflict (pair_id, hour) do update set score = excluded.score, confidence = excluded.confidence",
            list.Select(p => new object?[] { p.PairId, Hour(now), p.Score, p.Confidence }), ct);
        await MultiRow.ExecuteAsync(conn, tx,
            "insert into score_history_daily (pair_id, day, score, confidence)",
            "on conflict (pair_id, day) do update set score = excluded.score, confidence = excluded.confidence",
            list.Select(p => new object?[] { p.PairId, Day(now), p.Score, p.Confidence }), ct);
    }

    /// <summary>Adds co-mention counts to the daily rollup of each pair (the daily history's mention column).</summary>
    public static Task AddDailyMentionsAsync(DbConnection conn, DbTransaction tx, IEnumerable<(long PairId, DateTimeOffset Day, long Mentions)> rows, CancellationToken ct) =>
        MultiRow.ExecuteAsync(conn, tx,
            "insert into rollup_pair_daily (pair_id, day, mentions)",
            "on conflict (pair_id, day) do update set mentions = rollup_pair_daily.mentions + excluded.mentions",
            rows.Select(r => new object?[] { r.PairId, r.Day, r.Mentions }), ct);

    public static Task AddRollupsAsync(DbConnection conn, DbTransaction tx, string table, string idColumn, IEnumerable<RollupRow> rows, CancellationToken ct) =>
        MultiRow.ExecuteAsync(conn, tx,
            $"insert into {table} ({idColumn}, hour, mentions, negative, neutral, positive, polarity_sum, weight_sum, neg_volume)",
            $"""
            on conflict ({idColumn}, hour) do update set mentions = {table}.mentions + excluded.mentions,
                negative = {table}.negative + excluded.negative, neutral = {table}.neutral + excluded.neutral,
                positive = {table}.positive + excluded.positive, polarity_sum = {table}.polarity_sum + excluded.polarity_sum,
                weight_sum = {table}.weight_sum + excluded.weight_sum, neg_volume = {table}.neg_volume + excluded.neg_volume
            """,
            rows.Select(r => new object?[] { r.ScopeId, r.Hour, r.Mentions, r.Negative, r.Neutral, r.Positive, r.PolaritySum, r.WeightSum, r.NegVolume }), ct);

    public static Task AddVolumesAsync(DbConnection conn, DbTransaction tx, IEnumerable<VolumeRow> rows, CancellationToken ct) =>
        MultiRow.ExecuteAsync(conn, tx,
            "insert into rollup_volume_5m (scope, bucket, neg_volume, neg_count)",
            """
            on conflict (scope, bucket) do update set neg_volume = rollup_volume_5m.neg_volume + excluded.neg_volume,
                neg_count = rollup_volume_5m.neg_count + excluded.neg_count
            """,
            rows.Select(r => new object?[] { r.Scope, r.Bucket, r.NegVolume, r.NegCount }), ct);

    public async Task<IReadOnlyList<PairScoreRow>> PairScoresAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<PairScoreRowData>(new CommandDefinition(
            "select pair_id, score, confidence, mentions, components, updated_at from pair_scores", cancellationToken: ct))).Select(r => r.ToRow()).ToList();
    }

    /// <summary>
    /// One pair's series between two times: from the daily tables for day and week buckets (365 rows a year), from
    /// the hourly ones for hour buckets.
    /// </summary>
    public async Task<IReadOnlyList<SeriesPoint>> SeriesAsync(long pairId, DateTimeOffset from, DateTimeOffset to, string bucket, CancellationToken ct = default)
    {
        if (bucket == "hour") return ScoreSeries.Bucket(await HistoryAsync(pairId, from, to, ct), await RollupsAsync(brand: false, pairId, from, to, ct), bucket);
        await using var conn = await db.OpenAsync(ct);
        var (f, t) = (Day(from), to);
        var history = (await conn.QueryAsync<ScorePointData>(new CommandDefinition(
            "select day as hour, score, confidence from score_history_daily where pair_id = @pairId and day >= @f and day < @t order by day",
            new { pairId, f, t }, cancellationToken: ct))).Select(p => new ScorePoint(p.Hour, p.Score, p.Confidence)).ToList();
        var mentions = (await conn.QueryAsync<DailyData>(new CommandDefinition(
            "select day, mentions from rollup_pair_daily where pair_id = @pairId and day >= @f and day < @t order by day",
            new { pairId, f, t }, cancellationToken: ct))).Select(d => new RollupRow(pairId, d.Day, d.Mentions, 0, 0, 0, 0, 0, 0)).ToList();
        return ScoreSeries.Bucket(history, mentions, bucket);
    }

    /// <summary>Hourly history of one pair between two times, oldest first.</summary>
    public async Task<IReadOnlyList<ScorePoint>> HistoryAsync(long pairId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        (await HistoriesAsync([pairId], from, to, ct))[pairId];

    /// <summary>Hourly history of several pairs between two times, oldest first for each pair: one query for a whole
    /// board of sparklines instead of one per pair. Every asked pair is in the result (empty when it has no history).</summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<ScorePoint>>> HistoriesAsync(IReadOnlyCollection<long> pairIds, DateTimeOffset from, DateTimeOffset to,
        CancellationToken ct = default)
    {
        var result = new Dictionary<long, IReadOnlyList<ScorePoint>>(pairIds.Count);
        foreach (var id in pairIds) result[id] = [];
        if (result.Count == 0) return result;
        var ids = result.Keys.ToArray();
        var match = db.Kind == DatabaseKind.Postgres ? "= any(@ids)" : "in @ids";
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<PairPointData>(new CommandDefinition(
            $"select pair_id as PairId, hour, score, confidence from score_history where pair_id {match} and hour >= @from and hour < @to order by pair_id, hour",
            new { ids, from, to }, cancellationToken: ct));
        foreach (var pair in rows.GroupBy(r => r.PairId))
            result[pair.Key] = pair.Select(p => new ScorePoint(p.Hour, p.Score, p.Confidence)).ToList();
        return result;
    }

    /// <summary>The last score recorded at or before <paramref name="at"/>, per pair (for "change over 24 h").</summary>
    public async Task<Dictionary<long, double>> ScoresAtAsync(DateTimeOffset at, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<(long PairId, double Score)>(new CommandDefinition(
            """
            select h.pair_id as PairId, h.score as Score from score_history h
            join (select pair_id, max(hour) as hour from score_history where hour <= @at group by pair_id) last
              on last.pair_id = h.pair_id and last.hour = h.hour
            """, new { at = Hour(at) }, cancellationToken: ct));
        return rows.ToDictionary(r => r.PairId, r => r.Score);
    }

    /// <summary>The highest hourly score since <paramref name="since"/>, per pair (for the score-drop rule).</summary>
    public async Task<Dictionary<long, double>> HighestSinceAsync(DateTimeOffset since, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<(long PairId, double Score)>(new CommandDefinition(
            "select pair_id as PairId, max(score) as Score from score_history where hour >= @since group by pair_id", new { since = Hour(since) }, cancellationToken: ct));
        return rows.ToDictionary(r => r.PairId, r => r.Score);
    }

    /// <summary>Hourly rollups of one pair or brand between two creation times, oldest first.</summary>
    public async Task<IReadOnlyList<RollupRow>> RollupsAsync(bool brand, long id, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var (table, column) = brand ? ("rollup_brand_hourly", "brand_id") : ("rollup_pair_hourly", "pair_id");
        return (await conn.QueryAsync<RollupData>(new CommandDefinition(
            $"select {column} as scope_id, hour, mentions, negative, neutral, positive, polarity_sum, weight_sum, neg_volume from {table} where {column} = @id and hour >= @from and hour < @to order by hour",
            new { id, from, to }, cancellationToken: ct))).Select(r => r.ToRow()).ToList();
    }

    /// <summary>Five-minute volume buckets since <paramref name="since"/>, grouped by scope.</summary>
    public async Task<ILookup<string, VolumeRow>> VolumesSinceAsync(DateTimeOffset since, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<VolumeData>(new CommandDefinition(
            "select scope, bucket, neg_volume, neg_count from rollup_volume_5m where bucket >= @since", new { since }, cancellationToken: ct));
        return rows.Select(r => new VolumeRow(r.Scope, r.Bucket, r.NegVolume, r.NegCount)).ToLookup(r => r.Scope);
    }

    /// <summary>Drops five-minute buckets older than <paramref name="before"/> (the spike rule looks back 8 days at most).</summary>
    public async Task<int> PruneVolumesAsync(DateTimeOffset before, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("delete from rollup_volume_5m where bucket < @before", new { before }, cancellationToken: ct));
    }

    public static DateTimeOffset Day(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerDay, TimeSpan.Zero);

    public static DateTimeOffset Hour(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerHour, TimeSpan.Zero);

    public static DateTimeOffset FiveMinutes(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % (TimeSpan.TicksPerMinute * 5), TimeSpan.Zero);

    private sealed class ScopeRow
    {
        public long Kind { get; set; }
        public long BrandId { get; set; }
        public long InfluencerId { get; set; }
        public string State { get; set; } = "";
    }

    private sealed class PairScoreRowData
    {
        public long PairId { get; set; }
        public double Score { get; set; }
        public double Confidence { get; set; }
        public long Mentions { get; set; }
        public string Components { get; set; } = "{}";
        public DateTimeOffset UpdatedAt { get; set; }
        public PairScoreRow ToRow() => new(PairId, Score, Confidence, Mentions, Components, UpdatedAt);
    }

    private sealed class PairPointData
    {
        public long PairId { get; set; }
        public DateTimeOffset Hour { get; set; }
        public double Score { get; set; }
        public double Confidence { get; set; }
    }

    private sealed class ScorePointData
    {
        public DateTimeOffset Hour { get; set; }
        public double Score { get; set; }
        public double Confidence { get; set; }
    }

    private sealed class DailyData
    {
        public DateTimeOffset Day { get; set; }
        public long Mentions { get; set; }
    }

    private sealed class RollupData
    {
        public long ScopeId { get; set; }
        public DateTimeOffset Hour { get; set; }
        public long Mentions { get; set; }
        public long Negative { get; set; }
        public long Neutral { get; set; }
        public long Positive { get; set; }
        public double PolaritySum { get; set; }
        public double WeightSum { get; set; }
        public double NegVolume { get; set; }
        public RollupRow ToRow() => new(ScopeId, Hour, Mentions, Negative, Neutral, Positive, PolaritySum, WeightSum, NegVolume);
    }

    private sealed class VolumeData
    {
        public string Scope { get; set; } = "";
        public DateTimeOffset Bucket { get; set; }
        public double NegVolume { get; set; }
        public long NegCount { get; set; }
    }
}
