using System.Data.Common;
using Dapper;
using FusionMonitor.Core.Alerts;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Storage.Scores;

namespace FusionMonitor.Storage.Alerts;

/// <summary>
/// What changed since an alert opened, read from stored data when the alert is shown (<see cref="AlertChangeFacts"/>,
/// worded by <see cref="AlertChanges.Of"/>): the pair's score at opening, last recorded (the live score replaces it in
/// <c>AlertChangeReader</c>) and a quarter hour ago, and the mentions
/// in the alert's direction since it opened and in the last two quarter hours. At most two short index reads per alert
/// (the scope's five-minute volumes or, past their retention, its hourly rollups; the pair's score points), whatever
/// the tables hold.
/// </summary>
public sealed class AlertChangeStore(FusionDatabase db)
{
    /// <summary>The changes of <paramref name="alerts"/> (by alert id), on one connection.</summary>
    public async Task<Dictionary<long, AlertChangeFacts>> ReadAsync(IReadOnlyCollection<AlertRow> alerts, DateTimeOffset now, CancellationToken ct = default)
    {
        var result = new Dictionary<long, AlertChangeFacts>();
        if (alerts.Count == 0) return result;
        await using var conn = await db.OpenAsync(ct);
        foreach (var a in alerts)
        {
            if (a.BrandId is not { } brandId) continue;
            result[a.Id] = await ReadAsync(conn, a, brandId, now, ct);
        }
        return result;
    }

    public async Task<AlertChangeFacts?> ReadAsync(AlertRow alert, DateTimeOffset now, CancellationToken ct = default) =>
        (await ReadAsync([alert], now, ct)).GetValueOrDefault(alert.Id);

    private async Task<AlertChangeFacts> ReadAsync(DbConnection conn, AlertRow a, long brandId, DateTimeOffset now, CancellationToken ct)
    {
        var positive = AlertStore.KindOf(a.Kind) == AlertKind.PositiveSpike;
        var latest = TimeBuckets.FiveMinutesOf(now - AlertChanges.TrendSpan);
        var before = latest - AlertChanges.TrendSpan;
        var opened = TimeBuckets.FiveMinutesOf(a.OpenedAt);
        long since, inLatest, inBefore;
        var countedFrom = opened;
        if (a.OpenedAt >= now - RollupStore.VolumeRetention)
        {
            // Five-minute buckets (scope 'b:3' / 'p:12'): one range read from the earlier of the opening and the trend.
            var scope = (a.PairId is { } p ? VolumeScope.ForPair(p) : VolumeScope.ForBrand(brandId)).ToString();
            var count = positive ? "pos_count" : "neg_count";
            var row = await conn.QuerySingleAsync<(long Since, long Latest, long Before)>(new CommandDefinition(
                $"""
                select cast(coalesce(sum(case when bucket >= @opened then {count} else 0 end), 0) as bigint) as Since,
                       cast(coalesce(sum(case when bucket >= @latest then {count} else 0 end), 0) as bigint) as Latest,
                       cast(coalesce(sum(case when bucket >= @before and bucket < @latest then {count} else 0 end), 0) as bigint) as Before
                from rollup_volume_5m where scope = @scope and bucket >= @from
                """, new { scope, opened, latest, before, from = opened < before ? opened : before }, cancellationToken: ct));
            (since, inLatest, inBefore) = row;
        }
        else
        {
            // Past the five-minute retention (an old alert): whole hours from the hour it opened in; no recent trend to read.
            var (table, column) = a.PairId is not null ? ("rollup_pair_hourly", "pair_id") : ("rollup_brand_hourly", "brand_id");
            countedFrom = TimeBuckets.HourOf(a.OpenedAt);
            since = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
                $"select cast(coalesce(sum({(positive ? "positive" : "negative")}), 0) as bigint) from {table} where {column} = @id and hour >= @from",
                new { id = a.PairId ?? brandId, from = countedFrom }, cancellationToken: ct));
            (inLatest, inBefore) = (0, 0);
        }

        double? then = null, current = null, ago = null;
        if (a.PairId is { } pairId)
        {
            var scores = await conn.QuerySingleAsync<ScoreRow>(new CommandDefinition(
                """
                select (select r.score from score_recent r where r.pair_id = @pairId and r.bucket < @opened order by r.bucket desc limit 1) as RecentThen,
                       (select h.score from score_history h where h.pair_id = @pairId and h.hour < @openedHour order by h.hour desc limit 1) as HourlyThen,
                       (select r.score from score_recent r where r.pair_id = @pairId and r.bucket = @opened) as OpeningBucket,
                       (select r.score from score_recent r where r.pair_id = @pairId order by r.bucket desc limit 1) as Now,
                       (select r.score from score_recent r where r.pair_id = @pairId and r.bucket <= @latest order by r.bucket desc limit 1) as Ago
                """, new { pairId, opened, openedHour = TimeBuckets.HourOf(a.OpenedAt), latest }, cancellationToken: ct));
            // The last point recorded before the five minutes it opened in (a point of that bucket is its last score,
            // written after the alert opened); the hour's point when the five-minute path does not reach back; for a
            // pair younger than its alert's bucket, that bucket's point (the nearest there is).
            then = scores.RecentThen ?? scores.HourlyThen ?? scores.OpeningBucket;
            current = scores.Now;
            ago = scores.Ago;
        }
        return new AlertChangeFacts(then, current, ago, countedFrom, since, inLatest, inBefore);
    }

    // Settable properties: SQLite reports a null scalar's type as blob, which a constructor match refuses.
    private sealed class ScoreRow
    {
        public double? RecentThen { get; init; }
        public double? HourlyThen { get; init; }
        public double? OpeningBucket { get; init; }
        public double? Now { get; init; }
        public double? Ago { get; init; }
    }
}
