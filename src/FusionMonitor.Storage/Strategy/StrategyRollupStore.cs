using System.Data.Common;
using Dapper;
using FusionMonitor.Core.Strategy;

namespace FusionMonitor.Storage.Strategy;

/// <summary>
/// The strategy reads' rollups (<see cref="StrategyRollups"/>, migration 0030): writers take the caller's transaction
/// and add to what is stored, so batches may arrive in any order; reads sum one brand's (or one author's) rows in a
/// window through the table's key or its author index, never the mentions. A window counts the buckets that start in
/// it: the days (voices) and hours (aspects) whose start lies in [from, to).
/// </summary>
public sealed class StrategyRollupStore(FusionDatabase db)
{
    public static async Task AddAsync(DbConnection conn, DbTransaction tx, DatabaseKind kind, StrategyBatch batch, CancellationToken ct)
    {
        if (batch.Voices.Count > 0)
        {
            var max = kind == DatabaseKind.Postgres ? "greatest" : "max";
            await MultiRow.ExecuteAsync(conn, tx,
                "insert into rollup_brand_voice_daily (brand_id, day, platform, handle, mentions, weight_sum, polarity_sum, evidence_squares, reach)",
                $"""
                on conflict (brand_id, day, platform, handle) do update set mentions = rollup_brand_voice_daily.mentions + excluded.mentions,
                    weight_sum = rollup_brand_voice_daily.weight_sum + excluded.weight_sum, polarity_sum = rollup_brand_voice_daily.polarity_sum + excluded.polarity_sum,
                    evidence_squares = rollup_brand_voice_daily.evidence_squares + excluded.evidence_squares,
                    reach = {max}(rollup_brand_voice_daily.reach, excluded.reach)
                """,
                batch.Voices.Select(v => new object?[] { v.BrandId, v.Day, v.Platform, v.Handle, v.Mentions, v.WeightSum, v.PolaritySum, v.EvidenceSquares, v.Reach }), ct);
        }
        if (batch.Aspects.Count > 0)
            await MultiRow.ExecuteAsync(conn, tx,
                "insert into rollup_brand_aspect_hourly (brand_id, hour, aspect, mentions, x_sum, xx_sum, xy_sum, yy_sum)",
                """
                on conflict (brand_id, hour, aspect) do update set mentions = rollup_brand_aspect_hourly.mentions + excluded.mentions,
                    x_sum = rollup_brand_aspect_hourly.x_sum + excluded.x_sum, xx_sum = rollup_brand_aspect_hourly.xx_sum + excluded.xx_sum,
                    xy_sum = rollup_brand_aspect_hourly.xy_sum + excluded.xy_sum, yy_sum = rollup_brand_aspect_hourly.yy_sum + excluded.yy_sum
                """,
                batch.Aspects.Select(a => new object?[] { a.BrandId, a.Hour, a.Aspect, a.Mentions, a.XSum, a.XxSum, a.XySum, a.YySum }), ct);
    }

    /// <summary>
    /// The <paramref name="limit"/> heaviest authors' sums for one brand over the days starting in [from, to) (the key's
    /// range: the brand's days), ranked in the query as <see cref="Voices.Rank(IEnumerable{VoiceTotals}, int)"/> ranks
    /// them (Σ e², whose root is the weight, then mentions, then platform and handle compared as bytes), so only they leave the database.
    /// </summary>
    public async Task<IReadOnlyList<VoiceTotals>> VoicesAsync(long brandId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct = default)
    {
        var bytes = db.Kind == DatabaseKind.Postgres ? " collate \"C\"" : "";
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<VoiceTotals>(new CommandDefinition(
            $"""
            select platform as Platform, handle as Handle, cast(sum(mentions) as bigint) as Mentions, sum(weight_sum) as WeightSum, sum(polarity_sum) as PolaritySum,
                   sum(evidence_squares) as EvidenceSquares, max(reach) as Reach
            from rollup_brand_voice_daily where brand_id = @brandId and day >= @from and day < @to
            group by platform, handle having sum(mentions) > 0
            order by {(db.Kind == DatabaseKind.Postgres ? "greatest" : "max")}(0, sum(evidence_squares)) desc, sum(mentions) desc, platform{bytes}, handle{bytes} limit @limit
            """, new { brandId, from, to, limit }, cancellationToken: ct))).ToList();
    }

    /// <summary>One author's sums per brand over the days starting in [from, to) (the author index's range).</summary>
    public async Task<IReadOnlyList<(long BrandId, VoiceTotals Totals)>> BrandsOfAuthorAsync(string platform, string handle, DateTimeOffset from, DateTimeOffset to,
        CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<(long BrandId, long Mentions, double WeightSum, double PolaritySum, double EvidenceSquares, long Reach)>(new CommandDefinition(
            """
            select brand_id, cast(sum(mentions) as bigint), sum(weight_sum), sum(polarity_sum), sum(evidence_squares), max(reach)
            from rollup_brand_voice_daily where platform = @platform and handle = @handle and day >= @from and day < @to
            group by brand_id having sum(mentions) > 0
            """, new { platform, handle, from, to }, cancellationToken: ct));
        return rows.Select(r => (r.BrandId, new VoiceTotals(platform, handle, r.Mentions, r.WeightSum, r.PolaritySum, r.EvidenceSquares, r.Reach))).ToList();
    }

    /// <summary>One brand's aspect sums over the hours starting in [from, to), and Σ y² over every analysed mention.</summary>
    public async Task<(IReadOnlyList<AspectSums> Aspects, double SumYy)> AspectsAsync(long brandId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = (await conn.QueryAsync<(string Aspect, long Mentions, double XSum, double XxSum, double XySum, double YySum)>(new CommandDefinition(
            """
            select aspect, cast(sum(mentions) as bigint), sum(x_sum), sum(xx_sum), sum(xy_sum), sum(yy_sum)
            from rollup_brand_aspect_hourly where brand_id = @brandId and hour >= @from and hour < @to
            group by aspect
            """, new { brandId, from, to }, cancellationToken: ct))).ToList();
        return (rows.Where(r => r.Aspect != StrategyRollups.AllAspects).Select(r => new AspectSums(r.Aspect, r.Mentions, r.XSum, r.XxSum, r.XySum)).ToList(),
            rows.Where(r => r.Aspect == StrategyRollups.AllAspects).Sum(r => r.YySum));
    }

    /// <summary>An erasure: every voice row of the author goes (the handle is personal data, not only its sums).</summary>
    public static Task DeleteAuthorAsync(DbConnection conn, DbTransaction tx, string platform, string handle, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("delete from rollup_brand_voice_daily where platform = @platform and handle = @handle",
            new { platform, handle }, tx, cancellationToken: ct));

    /// <summary>A brand's rows (deleting the brand, or rebuilding them from its stored mentions).</summary>
    public static async Task DeleteBrandAsync(DbConnection conn, DbTransaction tx, long brandId, CancellationToken ct)
    {
        foreach (var table in new[] { "rollup_brand_voice_daily", "rollup_brand_aspect_hourly" })
            await conn.ExecuteAsync(new CommandDefinition($"delete from {table} where brand_id = @brandId", new { brandId }, tx, cancellationToken: ct));
    }
}
