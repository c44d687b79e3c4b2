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
            await AddTotalsAsync(conn, tx, batch.Voices.Select(v => (v.BrandId, v.Platform, v.Handle, v.Mentions, v.WeightSum, v.PolaritySum, v.EvidenceSquares)), ct);
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

    /// <summary>Adds day rows' sums to their authors' running totals (<c>rollup_brand_voice_totals</c>, migration 0046), one
    /// row per brand and author, in key order (two batches lock shared rows in the same order).</summary>
    private static async Task AddTotalsAsync(DbConnection conn, DbTransaction tx,
        IEnumerable<(long BrandId, string Platform, string Handle, long Mentions, double WeightSum, double PolaritySum, double EvidenceSquares)> days, CancellationToken ct)
    {
        var rows = days.GroupBy(d => (d.BrandId, d.Platform, d.Handle))
            .Select(g => new object?[] { g.Key.BrandId, g.Key.Platform, g.Key.Handle, g.Sum(d => d.Mentions), g.Sum(d => d.WeightSum), g.Sum(d => d.PolaritySum), g.Sum(d => d.EvidenceSquares) })
            .OrderBy(r => (long)r[0]!).ThenBy(r => (string)r[1]!, StringComparer.Ordinal).ThenBy(r => (string)r[2]!, StringComparer.Ordinal).ToList();
        if (rows.Count == 0) return;
        await MultiRow.ExecuteAsync(conn, tx,
            "insert into rollup_brand_voice_totals (brand_id, platform, handle, mentions, weight_sum, polarity_sum, evidence_squares)",
            """
            on conflict (brand_id, platform, handle) do update set mentions = rollup_brand_voice_totals.mentions + excluded.mentions,
                weight_sum = rollup_brand_voice_totals.weight_sum + excluded.weight_sum, polarity_sum = rollup_brand_voice_totals.polarity_sum + excluded.polarity_sum,
                evidence_squares = rollup_brand_voice_totals.evidence_squares + excluded.evidence_squares
            """, rows, ct);
    }

    /// <summary>How <see cref="VoicesAsync"/> reads: <see cref="VoicesRead.Auto"/> picks; the others are for the test that holds them equal, and the bench.</summary>
    public enum VoicesRead { Auto, Days, Totals }

    /// <summary>Relative slack of a total less the days outside a window against the window's own sum (doubles added and
    /// taken out in another order round apart): every author within it of the last one kept is read again exactly.</summary>
    public const double TotalsSlack = 1e-9;

    // Settable properties, not a constructor: SQLite reports a column's type per value (text times, null as blob).
    private sealed class DaySpan
    {
        public DateTimeOffset? First { get; init; }
        public DateTimeOffset? Last { get; init; }
    }

    /// <summary>
    /// The heaviest authors' sums for one brand over the days starting in [from, to): at least the <paramref name="limit"/>
    /// that <see cref="Voices.Rank(IEnumerable{VoiceTotals}, int)"/> keeps, each exactly as the day rows sum it. A
    /// window covering most of the brand's kept days (the days outside it at most half those inside) reads the authors'
    /// running totals less the days outside it — one row per author plus the outside days' author-days — then the day
    /// rows in the window of the authors it keeps (their exact sums and reach, through the author index); a narrower one
    /// sums the day rows. Both answer the same: the totals' ranking keeps every author within <see cref="TotalsSlack"/>
    /// of the last one, and their exact sums rank.
    /// </summary>
    public async Task<IReadOnlyList<VoiceTotals>> VoicesAsync(long brandId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct = default,
        VoicesRead read = VoicesRead.Auto)
    {
        if (read == VoicesRead.Days) return await VoicesFromDaysAsync(brandId, from, to, limit, ct);
        await using var conn = await db.OpenAsync(ct);
        if (read == VoicesRead.Auto)
        {
            // A brand without a voice yet has no days: both are null (read as a row's members, so a null is no error).
            var span = await conn.QuerySingleAsync<DaySpan>(new CommandDefinition(
                "select min(day) as First, max(day) as Last from rollup_brand_voice_daily where brand_id = @brandId", new { brandId }, cancellationToken: ct));
            if (span.First is not { } f || span.Last is not { } l) return [];
            var end = l.AddDays(1);
            var days = (end - f).TotalDays;
            var inside = ((to < end ? to : end) - (from > f ? from : f)).TotalDays;
            if (inside <= 0) return [];
            if ((days - inside) * 2 > inside) return await VoicesFromDaysAsync(brandId, from, to, limit, ct);
        }
        var pg = db.Kind == DatabaseKind.Postgres;
        var bytes = pg ? " collate \"C\"" : "";
        var greatest = pg ? "greatest" : "max";
        var kept = (await conn.QueryAsync<(string Platform, string Handle)>(new CommandDefinition(
            $"""
            with outside as (
                select platform, handle, sum(mentions) as mentions, sum(evidence_squares) as evidence_squares, sum(abs(evidence_squares)) as magnitude
                from (select platform, handle, mentions, evidence_squares from rollup_brand_voice_daily where brand_id = @brandId and day < @from
                      union all
                      select platform, handle, mentions, evidence_squares from rollup_brand_voice_daily where brand_id = @brandId and day >= @to) as days_outside
                group by platform, handle),
            windowed as (
                select t.platform, t.handle, t.mentions - coalesce(o.mentions, 0) as mentions, t.evidence_squares - coalesce(o.evidence_squares, 0) as evidence_squares,
                       @slack * (abs(t.evidence_squares) + coalesce(o.magnitude, 0) + 1) as slack
                from rollup_brand_voice_totals t left join outside o on o.platform = t.platform and o.handle = t.handle
                where t.brand_id = @brandId),
            ranked as (
                select platform, handle, {greatest}(0, evidence_squares) as evidence, slack,
                       row_number() over (order by {greatest}(0, evidence_squares) desc, mentions desc, platform{bytes}, handle{bytes}) as r
                from windowed where mentions > 0)
            select platform, handle from ranked
            where r <= @limit or evidence + slack >= (select evidence - slack from ranked where r = @limit)
            order by r
            """, new { brandId, from, to, limit, slack = TotalsSlack }, cancellationToken: ct))).ToList();
        // The authors kept, read again from their day rows in the window: their exact sums, and their reach (a maximum, never taken out).
        var exact = new List<VoiceTotals>(kept.Count);
        foreach (var chunk in kept.Chunk(100))
        {
            var args = new DynamicParameters(new { brandId, from, to });
            var any = new List<string>(chunk.Length);
            for (var i = 0; i < chunk.Length; i++)
            {
                args.Add($"p{i}", chunk[i].Platform);
                args.Add($"h{i}", chunk[i].Handle);
                any.Add($"(platform = @p{i} and handle = @h{i})");
            }
            exact.AddRange(await conn.QueryAsync<VoiceTotals>(new CommandDefinition(
                $"""
                select platform as Platform, handle as Handle, cast(sum(mentions) as bigint) as Mentions, sum(weight_sum) as WeightSum, sum(polarity_sum) as PolaritySum,
                       sum(evidence_squares) as EvidenceSquares, max(reach) as Reach
                from rollup_brand_voice_daily where ({string.Join(" or ", any)}) and brand_id = @brandId and day >= @from and day < @to
                group by platform, handle having sum(mentions) > 0
                """, args, cancellationToken: ct)));
        }
        return exact;
    }

    /// <summary>
    /// The <paramref name="limit"/> heaviest authors' sums for one brand over the days starting in [from, to) (the key's
    /// range: the brand's days), ranked in the query as <see cref="Voices.Rank(IEnumerable{VoiceTotals}, int)"/> ranks
    /// them (Σ e², whose root is the weight, then mentions, then platform and handle compared as bytes), so only they leave the database.
    /// </summary>
    private async Task<IReadOnlyList<VoiceTotals>> VoicesFromDaysAsync(long brandId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct)
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
    public static async Task DeleteAuthorAsync(DbConnection conn, DbTransaction tx, string platform, string handle, CancellationToken ct)
    {
        foreach (var table in new[] { "rollup_brand_voice_daily", "rollup_brand_voice_totals" })
            await conn.ExecuteAsync(new CommandDefinition($"delete from {table} where platform = @platform and handle = @handle",
                new { platform, handle }, tx, cancellationToken: ct));
    }

    /// <summary>
    /// Retention of the day rows: deletes up to <paramref name="batch"/> days older than <paramref name="cutoff"/> and
    /// takes what they held out of their authors' running totals in the same transaction (the rows as they were when
    /// deleted), dropping an author's totals once no day of theirs is left. Returns how many day rows went.
    /// </summary>
    public static async Task<int> PruneDaysAsync(DbConnection conn, DbTransaction tx, DatabaseKind kind, DateTimeOffset cutoff, int batch, CancellationToken ct)
    {
        var row = kind == DatabaseKind.Postgres ? "ctid" : "rowid";
        var gone = (await conn.QueryAsync<(long BrandId, string Platform, string Handle, long Mentions, double WeightSum, double PolaritySum, double EvidenceSquares)>(new CommandDefinition(
            $"""
            delete from rollup_brand_voice_daily where {row} in (select {row} from rollup_brand_voice_daily where day < @cutoff limit @batch)
            returning brand_id, platform, handle, mentions, weight_sum, polarity_sum, evidence_squares
            """, new { cutoff, batch }, tx, cancellationToken: ct))).ToList();
        if (gone.Count == 0) return 0;
        await AddTotalsAsync(conn, tx, gone.Select(g => (g.BrandId, g.Platform, g.Handle, -g.Mentions, -g.WeightSum, -g.PolaritySum, -g.EvidenceSquares)), ct);
        foreach (var (brandId, platform, handle) in gone.Select(g => (g.BrandId, g.Platform, g.Handle)).Distinct())
            await conn.ExecuteAsync(new CommandDefinition(
                """
                delete from rollup_brand_voice_totals where brand_id = @brandId and platform = @platform and handle = @handle
                    and not exists (select 1 from rollup_brand_voice_daily d where d.platform = @platform and d.handle = @handle and d.brand_id = @brandId)
                """, new { brandId, platform, handle }, tx, cancellationToken: ct));
        return gone.Count;
    }

    /// <summary>A brand's rows (deleting the brand, or rebuilding them from its stored mentions).</summary>
    public static async Task DeleteBrandAsync(DbConnection conn, DbTransaction tx, long brandId, CancellationToken ct)
    {
        foreach (var table in new[] { "rollup_brand_voice_daily", "rollup_brand_voice_totals", "rollup_brand_aspect_hourly" })
            await conn.ExecuteAsync(new CommandDefinition($"delete from {table} where brand_id = @brandId", new { brandId }, tx, cancellationToken: ct));
    }
}
