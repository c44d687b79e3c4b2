using FusionMonitor.Core.Entities;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Ingestion.Scoring;
using FusionMonitor.Storage.Alerts;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.Web.Auth;

namespace FusionMonitor.Web.Components.Data;

/// <summary>
/// What the dashboard pages read, shaped for them and always filtered by the caller's brand scope: a pair or brand the
/// caller may not see comes back as null, exactly as if it did not exist. Pairs come from the same
/// <see cref="PairReadModel"/> the HTTP API reads. Thread-safe; the stores do the I/O.
/// </summary>
public sealed class DashboardData(EntityCatalog catalog, PairReadModel pairs, MentionStore mentions, AlertStore alerts)
{
    /// <summary>How far back the board's sparkline reaches.</summary>
    public static readonly TimeSpan SparkSpan = TimeSpan.FromDays(7);

    public DateTimeOffset Now => pairs.Now;

    /// <summary>How many of a pair's co-mentions no model read (their language has none).</summary>
    public Task<long> UnscoredAsync(PairView pair, CancellationToken ct = default) => pairs.UnscoredMentionsAsync(pair.Pair, ct);

    /// <summary>How many of a brand's mentions no model read.</summary>
    public Task<long> UnscoredBrandAsync(long brandId, CancellationToken ct = default) => pairs.UnscoredBrandMentionsAsync(brandId, ct);

    public async Task<IReadOnlyList<Brand>> BrandsAsync(BrandScope scope, CancellationToken ct = default) =>
        (await catalog.GetAsync(ct)).Brands.Where(b => scope.CanSee(b.Id)).OrderBy(b => b.Name, StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>How many rows a board page shows.</summary>
    public const int BoardPage = 100;

    /// <summary>
    /// A page of the board: visible pairs with their live score, changes over 1 h / 24 h / 7 d, a 7-day sparkline and a
    /// line of evidence. Of one brand: every pair of it scored (scores only), lowest first, and the page's rows read in
    /// full from <paramref name="offset"/> (a brand of more than <see cref="PairReadModel.LiveRankUpTo"/> pairs ranked by
    /// their last recorded scores, <see cref="PairReadModel.RankedAsync"/>). Of every brand: the next <see cref="BoardPage"/> pairs, newest first, after
    /// pair <paramref name="afterId"/> (0: the newest). Either way the cost follows what is shown, not how many pairs exist.
    /// </summary>
    public async Task<BoardPage> BoardAsync(BrandScope scope, long? brandId = null, long afterId = 0, int offset = 0, CancellationToken ct = default)
    {
        if (brandId is { } b)
        {
            var (shown, total) = await pairs.RankedAsync(scope.AsList, b, offset, BoardPage, ct);
            return new BoardPage(await RowsAsync(shown, ct), total, offset + shown.Count < total ? offset + shown.Count : null, null);
        }
        var page = await pairs.PageAsync(scope.AsList, null, afterId, BoardPage + 1, newestFirst: true, ct);
        var rows = await RowsAsync(page.Take(BoardPage).ToList(), ct);
        return new BoardPage(rows, null, null, page.Count > BoardPage ? page[BoardPage - 1].Id : null);
    }

    /// <summary>
    /// Rows for pairs that changed live. Rows already on the page (<paramref name="current"/>) keep their history and
    /// baselines and take only the new score and evidence, so a burst of updates costs one state read, not the history
    /// queries; pairs new to the page are read in full.
    /// </summary>
    public async Task<IReadOnlyList<BoardRow>> RefreshAsync(BrandScope scope, IReadOnlyDictionary<long, BoardRow> current, IReadOnlyCollection<long> pairIds,
        CancellationToken ct = default)
    {
        var changed = await pairs.PairsByIdsAsync(pairIds, scope.CanSee, ct);
        var known = changed.Where(p => current.ContainsKey(p.Id)).ToList();
        var rows = (await pairs.ViewsAsync(known, maxDrivers: 3, ct)).Select(v => current[v.Pair.Id].WithLiveScore(v.Score, v.Evidence)).ToList();
        rows.AddRange(await RowsAsync(changed.Where(p => !current.ContainsKey(p.Id)).ToList(), ct));
        return rows;
    }

    private async Task<IReadOnlyList<BoardRow>> RowsAsync(IReadOnlyList<Pair> visible, CancellationToken ct)
    {
        if (visible.Count == 0) return [];
        var ids = visible.Select(p => p.Id).ToList();
        var views = await pairs.ViewsAsync(visible, maxDrivers: 3, ct);
        var hourAgo = await pairs.BaselineAsync(ids, TimeSpan.FromHours(1), ct);
        var dayAgo = await pairs.BaselineAsync(ids, TimeSpan.FromHours(24), ct);
        var weekAgo = await pairs.BaselineAsync(ids, TimeSpan.FromDays(7), ct);
        var histories = await pairs.RecentHistoryAsync(ids, SparkSpan, ct);
        return views.Select(v =>
        {
            var (p, s) = (v.Pair, v.Score);
            // The line starts from the score a week ago (neutral before any evidence), so even a pair with no hourly
            // snapshot yet shows where it came from.
            IReadOnlyList<double> spark = [weekAgo.Of(p.Id), .. histories[p.Id].Select(h => h.Score), s.Score];
            return new BoardRow(p.Id, p.BrandId, v.Brand, p.InfluencerId, v.Influencer, s.Score,
                s.Score - hourAgo.Of(p.Id), s.Score - dayAgo.Of(p.Id), s.Score - weekAgo.Of(p.Id), spark, s.CoMentions, s.Confidence, v.Evidence, v.Paused);
        }).ToList();
    }

    /// <summary>The pair page's header: live score, components, top drivers and the one-line explanation.</summary>
    public Task<PairView?> PairAsync(long id, BrandScope scope, CancellationToken ct = default) => pairs.FindAsync(id, scope.CanSee, maxDrivers: 5, ct);

    /// <summary>A pair's score over a range, one point per bucket (hours up to a week, days beyond), from the score at its start.</summary>
    public Task<IReadOnlyList<SeriesPoint>> PairHistoryAsync(long pairId, ChartRange range, CancellationToken ct = default) =>
        pairs.ChartAsync(pairId, range.Span, range.Bucket, ct);

    /// <summary>The alerts that opened over a range about a pair or its brand as a whole, as chart markers with a sentence each.</summary>
    public async Task<IReadOnlyList<ChartMarker>> PairAlertMarkersAsync(Pair pair, ChartRange range, CancellationToken ct = default) =>
        (await alerts.OpenedForPairAsync(pair.Id, pair.BrandId, pairs.Now - range.Span, ct: ct))
            .Select(a => new ChartMarker(a.OpenedAt, a.Kind, $"{a.OpenedAt.ToString("MMM d HH:mm", System.Globalization.CultureInfo.InvariantCulture)} UTC: {a.Summary}"))
            .ToList();

    /// <summary>A brand's hourly or daily mention volume and sentiment mix over a range.</summary>
    public Task<IReadOnlyList<VolumePoint>> BrandVolumeAsync(long brandId, ChartRange range, CancellationToken ct = default) =>
        pairs.BrandVolumeAsync(brandId, pairs.Now - range.Span, pairs.Now, range.Bucket, ct);

    /// <summary>Newest mentions first, within the caller's scope.</summary>
    public async Task<IReadOnlyList<MentionView>> MentionsAsync(BrandScope scope, MentionQuery query, CancellationToken ct = default)
    {
        if (query.BrandId is { } b && !scope.CanSee(b)) return [];
        return (await mentions.QueryAsync(query with { AllowedBrandIds = scope.AsList }, ct)).Items;
    }
}

/// <summary>
/// One page of the board: its rows; for one brand, how many pairs it has and the offset of the next page; for every
/// brand, the pair id the next page starts after. Null when there is no next page.
/// </summary>
public sealed record BoardPage(IReadOnlyList<BoardRow> Rows, int? Total, int? NextOffset, long? NextAfterId);

/// <summary>One row of the board. <see cref="Spark"/> ends with the live score.</summary>
public sealed record BoardRow(
    long PairId, long BrandId, string Brand, long InfluencerId, string Influencer, double Score,
    double Delta1h, double Delta24h, double Delta7d, IReadOnlyList<double> Spark, long Mentions, double Confidence, string Evidence, bool Paused = false)
{
    /// <summary>The same row at a new live score: changes move by the score's move (their baselines stay), the sparkline's last point follows.</summary>
    public BoardRow WithLiveScore(FusionScore live, string evidence)
    {
        var moved = live.Score - Score;
        return this with
        {
            Score = live.Score,
            Delta1h = Delta1h + moved,
            Delta24h = Delta24h + moved,
            Delta7d = Delta7d + moved,
            Spark = [.. Spark.Take(Math.Max(0, Spark.Count - 1)), live.Score],
            Mentions = live.CoMentions,
            Confidence = live.Confidence,
            Evidence = evidence,
        };
    }
}

/// <summary>The range picker's choices: how far back, and the bucket that keeps the chart readable.</summary>
public sealed record ChartRange(string Key, string Label, TimeSpan Span, string Bucket)
{
    public static readonly IReadOnlyList<ChartRange> All =
    [
        new("24h", "24 h", TimeSpan.FromHours(24), TimeBuckets.Hour),
        new("7d", "7 d", TimeSpan.FromDays(7), TimeBuckets.Hour),
        new("30d", "30 d", TimeSpan.FromDays(30), TimeBuckets.Day),
        new("1y", "1 y", TimeSpan.FromDays(365), TimeBuckets.Week),
    ];

    /// <summary>How long one bucket is (a week bucket starts on Monday).</summary>
    public TimeSpan BucketLength => Bucket switch { TimeBuckets.Hour => TimeSpan.FromHours(1), TimeBuckets.Week => TimeSpan.FromDays(7), _ => TimeSpan.FromDays(1) };

    public static ChartRange Parse(string? key) => All.FirstOrDefault(r => r.Key == key) ?? All[1];
}
