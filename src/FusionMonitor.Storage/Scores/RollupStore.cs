using System.Data.Common;
using System.Text.Json;
using Dapper;
using FusionMonitor.Core.Scoring;

namespace FusionMonitor.Storage.Scores;

/// <summary>
/// Mention volume by creation time: hourly rollups per pair and per brand, daily co-mentions per pair, and the
/// five-minute negative volume of each spike scope (kept <see cref="VolumeRetention"/>). Writers take the caller's
/// transaction and add to what is stored, so batches may arrive in any order.
/// </summary>
public sealed class RollupStore(FusionDatabase db)
{
    /// <summary>How long five-minute volumes are kept: the spike rule looks back a week and a spike window.</summary>
    public static readonly TimeSpan VolumeRetention = TimeSpan.FromDays(8) + TimeSpan.FromHours(2);

    /// <summary>Adds one batch's rollups (<see cref="Rollups.Fold"/>).</summary>
    public static async Task AddAsync(DbConnection conn, DbTransaction tx, BatchRollups batch, CancellationToken ct)
    {
        if (batch.Pairs.Count > 0) await AddHourlyAsync(conn, tx, brand: false, batch.Pairs, ct);
        if (batch.PairDays.Count > 0) await AddDailyMentionsAsync(conn, tx, batch.PairDays, ct);
        if (batch.Brands.Count > 0) await AddHourlyAsync(conn, tx, brand: true, batch.Brands, ct);
        if (batch.Volumes.Count > 0) await AddVolumesAsync(conn, tx, batch.Volumes, ct);
    }

    public static Task AddHourlyAsync(DbConnection conn, DbTransaction tx, bool brand, IEnumerable<RollupRow> rows, CancellationToken ct)
    {
        var (table, id) = Hourly(brand);
        return MultiRow.ExecuteAsync(conn, tx,
            $"insert into {table} ({id}, hour, mentions, negative, neutral, positive, polarity_sum, weight_sum, neg_volume, pos_volume)",
            $"""
            on conflict ({id}, hour) do update set mentions = {table}.mentions + excluded.mentions,
                negative = {table}.negative + excluded.negative, neutral = {table}.neutral + excluded.neutral,
                positive = {table}.positive + excluded.positive, polarity_sum = {table}.polarity_sum + excluded.polarity_sum,
                weight_sum = {table}.weight_sum + excluded.weight_sum, neg_volume = {table}.neg_volume + excluded.neg_volume,
                pos_volume = {table}.pos_volume + excluded.pos_volume
            """,
            rows.Select(r => new object?[] { r.ScopeId, r.Hour, r.Mentions, r.Negative, r.Neutral, r.Positive, r.PolaritySum, r.WeightSum, r.NegVolume, r.PosVolume }), ct);
    }

    /// <summary>Adds co-mention counts to the daily rollup of each pair (the daily history's mention column).</summary>
    public static Task AddDailyMentionsAsync(DbConnection conn, DbTransaction tx, IEnumerable<DailyMentions> rows, CancellationToken ct) =>
        MultiRow.ExecuteAsync(conn, tx,
            "insert into rollup_pair_daily (pair_id, day, mentions)",
            "on conflict (pair_id, day) do update set mentions = rollup_pair_daily.mentions + excluded.mentions",
            rows.Select(r => new object?[] { r.PairId, r.Day, r.Mentions }), ct);

    public static Task AddVolumesAsync(DbConnection conn, DbTransaction tx, IEnumerable<VolumeRow> rows, CancellationToken ct) =>
        MultiRow.ExecuteAsync(conn, tx,
            "insert into rollup_volume_5m (scope, bucket, neg_volume, neg_count, pos_volume, pos_count)",
            """
            on conflict (scope, bucket) do update set neg_volume = rollup_volume_5m.neg_volume + excluded.neg_volume,
                neg_count = rollup_volume_5m.neg_count + excluded.neg_count, pos_volume = rollup_volume_5m.pos_volume + excluded.pos_volume,
                pos_count = rollup_volume_5m.pos_count + excluded.pos_count
            """,
            rows.Select(r => new object?[] { r.Scope.ToString(), r.Bucket, r.NegVolume, r.NegCount, r.PosVolume, r.PosCount }), ct);

    /// <summary>Hourly rollups of one pair or brand between two creation times, oldest first.</summary>
    public async Task<IReadOnlyList<RollupRow>> HourlyAsync(bool brand, long id, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var (table, column) = Hourly(brand);
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<RollupRow>(new CommandDefinition(
            $"""
            select {column} as ScopeId, hour as Hour, mentions as Mentions, negative as Negative, neutral as Neutral, positive as Positive,
                   polarity_sum as PolaritySum, weight_sum as WeightSum, neg_volume as NegVolume, pos_volume as PosVolume
            from {table} where {column} = @id and hour >= @from and hour < @to order by hour
            """, new { id, from, to }, cancellationToken: ct))).ToList();
    }

    /// <summary>Co-mentions of one pair per day between two days, oldest first.</summary>
    public async Task<IReadOnlyList<DailyMentions>> DailyMentionsAsync(long pairId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<DailyMentions>(new CommandDefinition(
            "select pair_id as PairId, day as Day, mentions as Mentions from rollup_pair_daily where pair_id = @pairId and day >= @from and day < @to order by day",
            new { pairId, from, to }, cancellationToken: ct))).ToList();
    }

    /// <summary>Five-minute volume buckets of <paramref name="scopes"/> since <paramref name="since"/>, grouped by scope.</summary>
    public async Task<ILookup<VolumeScope, VolumeRow>> VolumesSinceAsync(IReadOnlyCollection<VolumeScope> scopes, DateTimeOffset since, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var (rows, _) = await VolumesAsync(conn, null, scopes, [(since, DateTimeOffset.MaxValue)], ct);
        return rows;
    }

    /// <summary>
    /// What the spike rule reads for <paramref name="scopes"/>: their five-minute buckets within each of
    /// <paramref name="ranges"/> (the recent window with its baseline, the same window a day and a week before), and
    /// the first bucket each scope has (its history begins there). Index range scans per scope and range, so the cost
    /// follows the scopes asked about, not the table.
    /// </summary>
    public async Task<(ILookup<VolumeScope, VolumeRow> Buckets, Dictionary<VolumeScope, DateTimeOffset> FirstBucket)> VolumesAsync(DbConnection conn, DbTransaction? tx,
        IReadOnlyCollection<VolumeScope> scopes, IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> ranges, CancellationToken ct)
    {
        if (scopes.Count == 0) return (Array.Empty<VolumeRow>().ToLookup(r => r.Scope), []);
        var keys = scopes.Select(s => s.ToString()).Distinct().ToArray();
        var pg = db.Kind == DatabaseKind.Postgres;
        var p = new DynamicParameters();
        p.Add("scopes", pg ? keys : JsonSerializer.Serialize(keys));
        var scopeMatch = pg ? "scope = any(@scopes)" : "scope in (select value from json_each(@scopes))";
        var parts = ranges.Select((r, i) =>
        {
            p.Add($"f{i}", r.From);
            p.Add($"t{i}", r.To == DateTimeOffset.MaxValue ? new DateTimeOffset(9999, 1, 1, 0, 0, 0, TimeSpan.Zero) : r.To);
            return $"select scope as Scope, bucket as Bucket, neg_volume as NegVolume, neg_count as NegCount, pos_volume as PosVolume, pos_count as PosCount from rollup_volume_5m where {scopeMatch} and bucket >= @f{i} and bucket < @t{i}";
        });
        var rows = (await conn.QueryAsync<(string Scope, DateTimeOffset Bucket, double NegVolume, long NegCount, double PosVolume, long PosCount)>(new CommandDefinition(
            string.Join(" union ", parts), p, tx, cancellationToken: ct))).ToList();
        var first = await conn.QueryAsync<(string Scope, DateTimeOffset? First)>(new CommandDefinition(
            $"""
            select s.scope as Scope, (select min(v.bucket) from rollup_volume_5m v where v.scope = s.scope) as First
            from {(pg ? "unnest(@scopes) as s(scope)" : "(select value as scope from json_each(@scopes)) as s")}
            """, new { scopes = pg ? (object)keys : JsonSerializer.Serialize(keys) }, tx, cancellationToken: ct));
        return (rows.Select(r => new VolumeRow(VolumeScope.Parse(r.Scope), r.Bucket, r.NegVolume, r.NegCount, r.PosVolume, r.PosCount)).ToLookup(r => r.Scope),
            first.Where(f => f.First is not null).ToDictionary(f => VolumeScope.Parse(f.Scope), f => f.First!.Value));
    }

    /// <summary>
    /// The spike baseline of <paramref name="scopes"/>: their hourly rollup rows since <paramref name="since"/> (a week:
    /// 168 rows a scope, an index range scan each) and the first hour each scope has rows for (its history begins
    /// there; an index probe).
    /// </summary>
    public async Task<(ILookup<VolumeScope, RollupRow> Hours, Dictionary<VolumeScope, DateTimeOffset> FirstHour)> BaselineAsync(DbConnection conn, DbTransaction? tx,
        IReadOnlyCollection<VolumeScope> scopes, DateTimeOffset since, CancellationToken ct)
    {
        var rows = new List<(VolumeScope, RollupRow)>();
        var first = new Dictionary<VolumeScope, DateTimeOffset>();
        foreach (var brand in new[] { true, false })
        {
            var ids = scopes.Where(s => (s.Kind == VolumeScopeKind.Brand) == brand).Select(s => s.Id).Distinct().ToArray();
            if (ids.Length == 0) continue;
            var (table, column) = Hourly(brand);
            var match = db.Kind == DatabaseKind.Postgres ? "= any(@ids)" : "in @ids";
            var hours = await conn.QueryAsync<RollupRow>(new CommandDefinition(
                $"""
                select {column} as ScopeId, hour as Hour, mentions as Mentions, negative as Negative, neutral as Neutral, positive as Positive,
                       polarity_sum as PolaritySum, weight_sum as WeightSum, neg_volume as NegVolume, pos_volume as PosVolume
                from {table} where {column} {match} and hour >= @since
                """, new { ids, since }, tx, cancellationToken: ct));
            rows.AddRange(hours.Select(h => (brand ? VolumeScope.ForBrand(h.ScopeId) : VolumeScope.ForPair(h.ScopeId), h)));
            var firsts = await conn.QueryAsync<(long Id, DateTimeOffset? First)>(new CommandDefinition(
                $"select s.id as Id, (select min(r.hour) from {table} r where r.{column} = s.id) as First from {IdTable.Sql(db.Kind, "s")}",
                new { ids = IdTable.Param(db.Kind, ids) }, tx, cancellationToken: ct));
            foreach (var f in firsts.Where(f => f.First is not null)) first[brand ? VolumeScope.ForBrand(f.Id) : VolumeScope.ForPair(f.Id)] = f.First!.Value;
        }
        return (rows.ToLookup(r => r.Item1, r => r.Item2), first);
    }

    /// <summary>Drops five-minute buckets older than <paramref name="before"/> (retention: <see cref="VolumeRetention"/>).</summary>
    public async Task<int> PruneVolumesAsync(DateTimeOffset before, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("delete from rollup_volume_5m where bucket < @before", new { before }, cancellationToken: ct));
    }

    private static (string Table, string IdColumn) Hourly(bool brand) => brand ? ("rollup_brand_hourly", "brand_id") : ("rollup_pair_hourly", "pair_id");
}
