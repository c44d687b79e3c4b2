using System.Data.Common;
using Dapper;
using FusionMonitor.Core.Alerts;
using FusionMonitor.Core.Scoring;

namespace FusionMonitor.Storage.Scores;

/// <summary>A pair's highest score within a span, and the start of the newest bucket (or hour) it stood at that height.</summary>
public readonly record struct ScorePeak(double Score, DateTimeOffset At);

/// <summary>
/// Score history: each pair's last score in every five minutes (kept <see cref="RecentRetention"/>, with the highest
/// score seen in each bucket), every hour and every day, written by the follow-up cycle for the pairs it re-read, and
/// the series, baselines and maxima read from them.
/// </summary>
public sealed class HistoryStore(FusionDatabase db, RollupStore rollups)
{
    /// <summary>How long five-minute score points are kept (pruned hourly): the drop rule's day and a day of charts.</summary>
    public static readonly TimeSpan RecentRetention = TimeSpan.FromHours(48);

    /// <summary>
    /// Records each pair's score as the last known in the current hour and day (one row per pair per hour). Written by
    /// the follow-up cycle for the pairs it re-read, never by the ingest transaction. Returns each pair's kept drop peak
    /// as written (<see cref="KeptPeaksAsync"/>).
    /// </summary>
    public static async Task<Dictionary<long, PeakQueue>> AppendAsync(DbConnection conn, DbTransaction tx, IReadOnlyCollection<(long PairId, double Score, double Confidence)> points, DateTimeOffset now, CancellationToken ct)
    {
        await MultiRow.ExecuteAsync(conn, tx,
            "insert into score_history (pair_id, hour, score, confidence)",
            "on conflict (pair_id, hour) do update set score = excluded.score, confidence = excluded.confidence",
            points.Select(p => new object?[] { p.PairId, TimeBuckets.HourOf(now), p.Score, p.Confidence }), ct);
        await MultiRow.ExecuteAsync(conn, tx,
            "insert into score_history_daily (pair_id, day, score, confidence)",
            "on conflict (pair_id, day) do update set score = excluded.score, confidence = excluded.confidence",
            points.Select(p => new object?[] { p.PairId, TimeBuckets.DayOf(now), p.Score, p.Confidence }), ct);
        await MultiRow.ExecuteAsync(conn, tx,
            "insert into score_recent (pair_id, bucket, score, high, confidence)",
            """
            on conflict (pair_id, bucket) do update set score = excluded.score, confidence = excluded.confidence,
                high = case when excluded.high > score_recent.high then excluded.high else score_recent.high end
            """,
            points.Select(p => new object?[] { p.PairId, TimeBuckets.FiveMinutesOf(now), p.Score, p.Score, p.Confidence }), ct);
        // Each pair's kept peak (the drop rule's, PeakQueue) moves on by the point, beside its latest score.
        var kept = await KeptPeaksAsync(conn, tx, points.Select(p => p.PairId).ToList(), now, ct);
        var keepFrom = now - RecentRetention;
        var queues = points.GroupBy(p => p.PairId).ToDictionary(g => g.Key, g => g.Aggregate(kept.GetValueOrDefault(g.Key) ?? PeakQueue.Empty,
            (q, p) => q.Record(now, p.Score, keepFrom)));
        var peaks = queues.ToDictionary(kv => kv.Key, kv => WritePeaks(kv.Value));
        var kind = KindOf(conn);
        var source = kind == DatabaseKind.Postgres
            ? "unnest(@ids::bigint[], @peaks::text[]) as i(id, peaks)"
            : "(select json_extract(value, '$[0]') as id, json_extract(value, '$[1]') as peaks from json_each(@peaks)) as i";
        object ids = kind == DatabaseKind.Postgres ? peaks.Keys.ToArray() : "";
        object peakParam = kind == DatabaseKind.Postgres
            ? peaks.Keys.Select(k => peaks[k]).ToArray()
            : System.Text.Json.JsonSerializer.Serialize(peaks.Select(kv => new object[] { kv.Key, kv.Value }));
        await conn.ExecuteAsync(new CommandDefinition(
            $"""
            insert into score_latest (pair_id, brand_id, hour, score, confidence, peaks)
            select h.pair_id, p.brand_id, h.hour, h.score, h.confidence, i.peaks
            from {source} join score_history h on h.pair_id = i.id and h.hour = @hour join pairs p on p.id = i.id
            where true
            on conflict (pair_id) do update set brand_id = excluded.brand_id, hour = excluded.hour, score = excluded.score, confidence = excluded.confidence,
                peaks = excluded.peaks
            where excluded.hour >= score_latest.hour
            """, new { hour = TimeBuckets.HourOf(now), ids, peaks = peakParam }, tx, cancellationToken: ct));
        return queues;
    }

    /// <summary>
    /// Whether a drop window of <paramref name="window"/> lies within the five-minute points (the hourly history is not
    /// needed), so the kept peak (<see cref="KeptPeaksAsync"/>) answers exactly what <see cref="HighestSinceAsync"/> would.
    /// </summary>
    public static bool PeakKeptFor(TimeSpan window, DateTimeOffset now) => TimeBuckets.HourOf(now - window) >= now - RecentRetention + TimeSpan.FromHours(1);

    /// <summary>
    /// The drop rule's kept peaks of <paramref name="pairIds"/> (<see cref="PeakQueue"/>, on <c>score_latest</c>: one row a
    /// pair); a pair whose row has none yet (written before the queue was kept, or rewritten by a rebuild) has it seeded
    /// from its five-minute highs, so the queue always equals what those hold. Pairs never recorded are absent.
    /// </summary>
    public static async Task<Dictionary<long, PeakQueue>> KeptPeaksAsync(DbConnection conn, DbTransaction? tx, IReadOnlyCollection<long> pairIds, DateTimeOffset now,
        CancellationToken ct)
    {
        var result = new Dictionary<long, PeakQueue>();
        if (pairIds.Count == 0) return result;
        var kind = KindOf(conn);
        var rows = await conn.QueryAsync<(long PairId, string? Peaks)>(new CommandDefinition(
            $"select l.pair_id, l.peaks from {IdTable.Sql(kind, "i")} join score_latest l on l.pair_id = i.id",
            new { ids = IdTable.Param(kind, pairIds) }, tx, cancellationToken: ct));
        var seed = new List<long>();
        foreach (var (id, peaks) in rows)
            if (peaks is null) seed.Add(id);
            else result[id] = ReadPeaks(peaks);
        if (seed.Count == 0) return result;
        var from = now - RecentRetention;
        var highs = await conn.QueryAsync<HighRow>(new CommandDefinition(
            $"select r.pair_id as PairId, r.bucket as Bucket, r.high as High from {IdTable.Sql(kind, "i")} join score_recent r on r.pair_id = i.id where r.bucket >= @from order by r.pair_id, r.bucket",
            new { ids = IdTable.Param(kind, seed), from = TimeBuckets.FiveMinutesOf(from) }, tx, cancellationToken: ct));
        foreach (var id in seed) result[id] = PeakQueue.Empty;
        foreach (var h in highs) result[h.PairId] = result[h.PairId].Record(h.Bucket, h.High, from);
        return result;
    }

    // [[bucket as Unix seconds, high], …]: whole seconds are exact in a double.
    private static string WritePeaks(PeakQueue q) =>
        System.Text.Json.JsonSerializer.Serialize(q.Entries.Select(e => new[] { (double)e.Bucket.ToUnixTimeSeconds(), e.High }));

    private static PeakQueue ReadPeaks(string json) =>
        new(System.Text.Json.JsonSerializer.Deserialize<double[][]>(json)!.Select(e => new PeakEntry(DateTimeOffset.FromUnixTimeSeconds((long)e[0]), e[1])).ToList());

    // Settable properties: SQLite reports a column's type per value (text times).
    private sealed class HighRow
    {
        public long PairId { get; init; }
        public DateTimeOffset Bucket { get; init; }
        public double High { get; init; }
    }

    /// <summary>
    /// Each pair's last recorded score (<c>score_latest</c>) read again from its hourly history, after a rebuild replaced
    /// that history. Pairs without history keep no row.
    /// </summary>
    public static async Task RefreshLatestAsync(DbConnection conn, DbTransaction tx, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition("delete from score_latest", transaction: tx, cancellationToken: ct));
        // A follow-up cycle may record a pair between the delete and the insert (it does not wait for the rebuild):
        // the newer row wins, as in every other write of the table, instead of a duplicate-key failure of the rebuild.
        // A row the rebuild writes has no kept peak (seeded again from the five-minute points when next read).
        await conn.ExecuteAsync(new CommandDefinition(
            $"""
            {LatestInsert}
            where h.hour = (select max(h2.hour) from score_history h2 where h2.pair_id = h.pair_id)
            on conflict (pair_id) do update set brand_id = excluded.brand_id, hour = excluded.hour, score = excluded.score, confidence = excluded.confidence,
                peaks = null
            where excluded.hour >= score_latest.hour
            """, transaction: tx, commandTimeout: 3_600, cancellationToken: ct));
    }

    private const string LatestInsert = """
        insert into score_latest (pair_id, brand_id, hour, score, confidence)
        select h.pair_id, p.brand_id, h.hour, h.score, h.confidence from score_history h join pairs p on p.id = h.pair_id
        """;

    private const string LatestUpsert = """
        on conflict (pair_id) do update set brand_id = excluded.brand_id, hour = excluded.hour, score = excluded.score, confidence = excluded.confidence
        where excluded.hour >= score_latest.hour
        """;

    private static DatabaseKind KindOf(DbConnection conn) => conn is Npgsql.NpgsqlConnection ? DatabaseKind.Postgres : DatabaseKind.Sqlite;

    /// <summary>
    /// The last recorded score of every pair of a brand that has one, lowest first (<c>score_latest</c>: one index range,
    /// whatever the history holds).
    /// </summary>
    public async Task<IReadOnlyList<(long PairId, double Score)>> LatestOfBrandAsync(long brandId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<(long, double)>(new CommandDefinition(
            "select pair_id, score from score_latest where brand_id = @brandId order by score, pair_id", new { brandId }, cancellationToken: ct))).ToList();
    }

    /// <summary>
    /// One page of a brand's pairs ranked by their last recorded score, lowest first, a pair with none counted neutral
    /// (<see cref="FusionScore.NeutralScore"/>), ties by id: the pairs' ids from <paramref name="offset"/>. Two index
    /// ranges of the brand hashed together (its pair ids, <c>pairs_brand_id</c>, and its latest scores,
    /// <c>score_latest_brand</c>), never a probe per pair: at 10,000 pairs a brand the probes took three times as long.
    /// </summary>
    public async Task<IReadOnlyList<long>> RankedOfBrandAsync(long brandId, int offset, int limit, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<long>(new CommandDefinition(
            """
            select p.id from pairs p left join (select pair_id, score from score_latest where brand_id = @brandId) l on l.pair_id = p.id
            where p.brand_id = @brandId
            order by coalesce(l.score, @neutral), p.id
            limit @limit offset @offset
            """, new { brandId, neutral = FusionScore.NeutralScore, limit, offset }, cancellationToken: ct))).ToList();
    }

    /// <summary>
    /// Deletes the hourly and daily history before <paramref name="before"/>'s hour and day, in the caller's
    /// transaction, for a rebuild to write it anew (<see cref="InsertPastAsync"/>). The hour and day under way are
    /// left to the follow-up cycle, which keeps writing them; the five-minute points are left alone (they are the live
    /// drop rule's, and a replayed past must not raise drop alerts).
    /// </summary>
    public static async Task DeletePastAsync(DbConnection conn, DbTransaction tx, DateTimeOffset before, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition("delete from score_history where hour < @hour", new { hour = TimeBuckets.HourOf(before) }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition("delete from score_history_daily where day < @day", new { day = TimeBuckets.DayOf(before) }, tx, cancellationToken: ct));
    }

    /// <summary>Writes rebuilt hourly points, and daily ones (each the last hour of that day the pair was reached in), in the caller's transaction.</summary>
    public static async Task InsertPastAsync(DbConnection conn, DbTransaction tx, IReadOnlyCollection<HistoryPoint> hourly, IReadOnlyCollection<HistoryPoint> daily, CancellationToken ct)
    {
        await MultiRow.ExecuteAsync(conn, tx, "insert into score_history (pair_id, hour, score, confidence)", "",
            hourly.Select(p => new object?[] { p.PairId, p.Hour, p.Score, p.Confidence }), ct);
        await MultiRow.ExecuteAsync(conn, tx, "insert into score_history_daily (pair_id, day, score, confidence)", "",
            daily.Select(p => new object?[] { p.PairId, TimeBuckets.DayOf(p.Hour), p.Score, p.Confidence }), ct);
    }

    /// <summary>One pair's five-minute points between two times (within the last <see cref="RecentRetention"/>), oldest first.</summary>
    public async Task<IReadOnlyList<ScorePoint>> RecentAsync(long pairId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<ScorePoint>(new CommandDefinition(
            "select bucket as Hour, score as Score, confidence as Confidence from score_recent where pair_id = @pairId and bucket >= @from and bucket < @to order by bucket",
            new { pairId, from, to }, cancellationToken: ct))).ToList();
    }

    /// <summary>Drops five-minute points older than <paramref name="before"/> (retention: <see cref="RecentRetention"/>).</summary>
    public async Task<int> PruneRecentAsync(DateTimeOffset before, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("delete from score_recent where bucket < @before", new { before }, cancellationToken: ct));
    }

    /// <summary>
    /// One pair's series between two times: from the daily tables for day and week buckets (365 rows a year), from
    /// the hourly ones for hour buckets.
    /// </summary>
    public async Task<IReadOnlyList<SeriesPoint>> SeriesAsync(long pairId, DateTimeOffset from, DateTimeOffset to, string bucket, CancellationToken ct = default)
    {
        if (bucket == TimeBuckets.Hour) return ScoreSeries.Bucket(await HourlyAsync(pairId, from, to, ct), await rollups.HourlyAsync(brand: false, pairId, from, to, ct), bucket);
        var day = TimeBuckets.DayOf(from);
        await using var conn = await db.OpenAsync(ct);
        var history = (await conn.QueryAsync<ScorePoint>(new CommandDefinition(
            "select day as Hour, score as Score, confidence as Confidence from score_history_daily where pair_id = @pairId and day >= @day and day < @to order by day",
            new { pairId, day, to }, cancellationToken: ct))).ToList();
        var mentions = (await rollups.DailyMentionsAsync(pairId, day, to, ct)).Select(d => new RollupRow(pairId, d.Day, d.Mentions, 0, 0, 0, 0, 0, 0)).ToList();
        return ScoreSeries.Bucket(history, mentions, bucket);
    }

    /// <summary>Hourly history of one pair between two times, oldest first.</summary>
    public async Task<IReadOnlyList<ScorePoint>> HourlyAsync(long pairId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        (await HourlyAsync([pairId], from, to, ct))[pairId];

    /// <summary>Hourly history of several pairs between two times, oldest first for each pair: one query for a whole
    /// board of sparklines instead of one per pair. Every asked pair is in the result (empty when it has no history).</summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<ScorePoint>>> HourlyAsync(IReadOnlyCollection<long> pairIds, DateTimeOffset from, DateTimeOffset to,
        CancellationToken ct = default)
    {
        var result = new Dictionary<long, IReadOnlyList<ScorePoint>>(pairIds.Count);
        foreach (var id in pairIds) result[id] = [];
        if (result.Count == 0) return result;
        var ids = result.Keys.ToArray();
        var match = db.Kind == DatabaseKind.Postgres ? "= any(@ids)" : "in @ids";
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<PairPoint>(new CommandDefinition(
            $"select pair_id as PairId, hour as Hour, score as Score, confidence as Confidence from score_history where pair_id {match} and hour >= @from and hour < @to order by pair_id, hour",
            new { ids, from, to }, cancellationToken: ct));
        foreach (var pair in rows.GroupBy(r => r.PairId))
            result[pair.Key] = pair.Select(p => new ScorePoint(p.Hour, p.Score, p.Confidence)).ToList();
        return result;
    }

    /// <summary>
    /// Each pair's score as it was known at <paramref name="at"/> (a baseline: "change over 1 h / 24 h / 7 d", a chart's
    /// first point, a digest's "before"): the last five-minute point whose bucket had closed by then, else the last hourly
    /// point whose hour had. A point holds the last score of its bucket, so the bucket or hour <paramref name="at"/> falls
    /// in may hold a score from after it: the board's "1 h" read that way, a minute past the hour, compared the live
    /// score with one from a minute ago (a 2-point fall since the alert opened four minutes before showed as −0.1).
    /// Absent without any. Two index probes per pair, whatever the history holds.
    /// </summary>
    public async Task<Dictionary<long, double>> ScoresKnownAtAsync(IReadOnlyCollection<long> pairIds, DateTimeOffset at, CancellationToken ct = default)
    {
        if (pairIds.Count == 0) return [];
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<(long PairId, double? Score)>(new CommandDefinition(
            $"""
            select p.id as PairId, coalesce(
                (select r.score from score_recent r where r.pair_id = p.id and r.bucket < @bucket order by r.bucket desc limit 1),
                (select h.score from score_history h where h.pair_id = p.id and h.hour < @hour order by h.hour desc limit 1)) as Score
            from {IdTable.Sql(db.Kind)}
            """, new { ids = IdTable.Param(db.Kind, pairIds), bucket = TimeBuckets.FiveMinutesOf(at), hour = TimeBuckets.HourOf(at) }, cancellationToken: ct));
        return rows.Where(r => r.Score is not null).ToDictionary(r => r.PairId, r => r.Score!.Value);
    }

    /// <summary>
    /// The last score recorded at or before <paramref name="at"/> for each of <paramref name="pairIds"/> (for "change over
    /// 24 h"); a pair with none then is absent. One index probe per pair, whatever the history holds.
    /// </summary>
    public async Task<Dictionary<long, double>> ScoresAtAsync(IReadOnlyCollection<long> pairIds, DateTimeOffset at, CancellationToken ct = default)
    {
        if (pairIds.Count == 0) return [];
        await using var conn = await db.OpenAsync(ct);
        return await ScoresAtAsync(conn, null, pairIds, at, ct);
    }

    /// <inheritdoc cref="ScoresAtAsync(IReadOnlyCollection{long}, DateTimeOffset, CancellationToken)"/>
    public async Task<Dictionary<long, double>> ScoresAtAsync(DbConnection conn, DbTransaction? tx, IReadOnlyCollection<long> pairIds, DateTimeOffset at, CancellationToken ct)
    {
        if (pairIds.Count == 0) return [];
        var rows = await conn.QueryAsync<(long PairId, double? Score)>(new CommandDefinition(
            $"""
            select p.id as PairId, (select h.score from score_history h where h.pair_id = p.id and h.hour <= @at order by h.hour desc limit 1) as Score
            from {IdTable.Sql(db.Kind)}
            """, new { ids = IdTable.Param(db.Kind, pairIds), at = TimeBuckets.HourOf(at) }, tx, cancellationToken: ct));
        return rows.Where(r => r.Score is not null).ToDictionary(r => r.PairId, r => r.Score!.Value);
    }

    /// <summary>
    /// The highest score since <paramref name="since"/> of each of <paramref name="pairIds"/> (the score-drop rule's
    /// input) and when it stood there (the newest bucket or hour at that height: how fast the drop came), on the true
    /// score path: the highest seen in any five-minute bucket (each keeps its peak, so a fall inside one bucket or one
    /// clock hour still has a peak to fall from), and for the part of the span older than the five-minute points, the
    /// hourly history. Absent without any. Index range scans per pair.
    /// </summary>
    public async Task<Dictionary<long, ScorePeak>> HighestSinceAsync(DbConnection conn, DbTransaction? tx, IReadOnlyCollection<long> pairIds, DateTimeOffset since,
        DateTimeOffset now, CancellationToken ct)
    {
        if (pairIds.Count == 0) return [];
        var recentFrom = now - RecentRetention + TimeSpan.FromHours(1);
        var rows = await conn.QueryAsync<PeakRow>(new CommandDefinition(
            $"""
            select p.id as PairId,
                   (select max(r.high) from score_recent r where r.pair_id = p.id and r.bucket >= @since) as Recent,
                   (select r.bucket from score_recent r where r.pair_id = p.id and r.bucket >= @since order by r.high desc, r.bucket desc limit 1) as RecentAt,
                   (select max(h.score) from score_history h where h.pair_id = p.id and h.hour >= @sinceHour and h.hour < @recentFrom) as Hourly,
                   (select h.hour from score_history h where h.pair_id = p.id and h.hour >= @sinceHour and h.hour < @recentFrom order by h.score desc, h.hour desc limit 1) as HourlyAt
            from {IdTable.Sql(db.Kind)}
            """, new { ids = IdTable.Param(db.Kind, pairIds), since = TimeBuckets.FiveMinutesOf(since), sinceHour = TimeBuckets.HourOf(since), recentFrom },
            tx, cancellationToken: ct));
        return rows.Where(r => r.Recent is not null || r.Hourly is not null).ToDictionary(r => r.PairId,
            r => r.Recent is { } recent && (r.Hourly is not { } h || recent >= h) ? new ScorePeak(recent, r.RecentAt!.Value) : new ScorePeak(r.Hourly!.Value, r.HourlyAt!.Value));
    }

    // Settable properties, not a constructor: SQLite reports a column's type per value (text times, null as blob).
    private sealed class PeakRow
    {
        public long PairId { get; init; }
        public double? Recent { get; init; }
        public DateTimeOffset? RecentAt { get; init; }
        public double? Hourly { get; init; }
        public DateTimeOffset? HourlyAt { get; init; }
    }

    /// <summary>The last five-minute score at or before <paramref name="at"/> of each pair (a pair alert's "score before"); absent without one.</summary>
    public async Task<Dictionary<long, double>> RecentScoresAtAsync(DbConnection conn, DbTransaction? tx, IReadOnlyCollection<long> pairIds, DateTimeOffset at, CancellationToken ct)
    {
        if (pairIds.Count == 0) return [];
        var rows = await conn.QueryAsync<(long PairId, double? Score)>(new CommandDefinition(
            $"""
            select p.id as PairId, (select r.score from score_recent r where r.pair_id = p.id and r.bucket <= @at order by r.bucket desc limit 1) as Score
            from {IdTable.Sql(db.Kind)}
            """, new { ids = IdTable.Param(db.Kind, pairIds), at = TimeBuckets.FiveMinutesOf(at) }, tx, cancellationToken: ct));
        return rows.Where(r => r.Score is not null).ToDictionary(r => r.PairId, r => r.Score!.Value);
    }

    private sealed record PairPoint(long PairId, DateTimeOffset Hour, double Score, double Confidence);
}
