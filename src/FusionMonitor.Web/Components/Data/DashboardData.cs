using FusionMonitor.Core.Entities;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Ingestion.Scoring;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.Storage.Scores;
using FusionMonitor.Web.Auth;

namespace FusionMonitor.Web.Components.Data;

/// <summary>
/// What the dashboard pages read, shaped for them and always filtered by the caller's brand scope: a pair or brand the
/// caller may not see comes back as null, exactly as if it did not exist. Thread-safe; the stores do the I/O.
/// </summary>
public sealed class DashboardData(EntityCatalog catalog, ScoreReader reader, ScoreStore scores, MentionStore mentions, TimeProvider clock)
{
    /// <summary>How far back the board's sparkline reaches.</summary>
    public static readonly TimeSpan SparkSpan = TimeSpan.FromDays(7);

    public DateTimeOffset Now => clock.GetUtcNow();

    public async Task<IReadOnlyList<Brand>> BrandsAsync(BrandScope scope, CancellationToken ct = default) =>
        (await catalog.GetAsync(ct)).Brands.Where(b => scope.CanSee(b.Id)).OrderBy(b => b.Name, StringComparer.OrdinalIgnoreCase).ToList();

    public async Task<IReadOnlyDictionary<long, string>> InfluencerNamesAsync(CancellationToken ct = default) =>
        (await catalog.GetAsync(ct)).Influencers.ToDictionary(i => i.Id, i => i.Name);

    /// <summary>Every visible pair with its live score, changes over 1 h / 24 h / 7 d, a 7-day sparkline and a line of evidence.</summary>
    public async Task<IReadOnlyList<BoardRow>> BoardAsync(BrandScope scope, long? brandId = null, CancellationToken ct = default)
    {
        var snapshot = await catalog.GetAsync(ct);
        var pairs = snapshot.Pairs.Where(p => scope.CanSee(p.BrandId) && (brandId is null || p.BrandId == brandId)).ToList();
        return await RowsAsync(snapshot, pairs, ct);
    }

    /// <summary>
    /// Rows for pairs that changed live. Rows already on the page (<paramref name="current"/>) keep their history and
    /// baselines and take only the new score and evidence, so a burst of updates costs one state read, not the history
    /// queries; pairs new to the page are read in full.
    /// </summary>
    public async Task<IReadOnlyList<BoardRow>> RefreshAsync(BrandScope scope, IReadOnlyDictionary<long, BoardRow> current, IReadOnlyCollection<long> pairIds,
        CancellationToken ct = default)
    {
        var snapshot = await catalog.GetAsync(ct);
        var pairs = snapshot.Pairs.Where(p => pairIds.Contains(p.Id) && scope.CanSee(p.BrandId)).ToList();
        var known = pairs.Where(p => current.ContainsKey(p.Id)).ToList();
        var rows = new List<BoardRow>(pairs.Count);
        if (known.Count > 0)
        {
            var now = clock.GetUtcNow();
            var states = await reader.StatesAsync(known, ct);
            foreach (var p in known)
            {
                var explained = ScoreExplainer.Explain(PairState.Empty, now, states[p.Id], now, reader.Options, maxDrivers: 3);
                rows.Add(current[p.Id].WithLiveScore(explained.After, Evidence(explained)));
            }
        }
        rows.AddRange(await RowsAsync(snapshot, pairs.Where(p => !current.ContainsKey(p.Id)).ToList(), ct));
        return rows;
    }

    private async Task<IReadOnlyList<BoardRow>> RowsAsync(EntityCatalog.Snapshot snapshot, IReadOnlyList<Pair> pairs, CancellationToken ct)
    {
        if (pairs.Count == 0) return [];
        var now = clock.GetUtcNow();
        var states = await reader.StatesAsync(pairs, ct);
        var hourAgo = await scores.ScoresAtAsync(now.AddHours(-1), ct);
        var dayAgo = await scores.ScoresAtAsync(now.AddHours(-24), ct);
        var weekAgo = await scores.ScoresAtAsync(now.AddDays(-7), ct);
        var histories = await scores.HistoriesAsync(pairs.Select(p => p.Id).ToList(), now - SparkSpan, now, ct);
        var rows = new List<BoardRow>(pairs.Count);
        foreach (var p in pairs)
        {
            var explained = ScoreExplainer.Explain(PairState.Empty, now, states[p.Id], now, reader.Options, maxDrivers: 3);
            var s = explained.After;
            // The line starts from the score a week ago (neutral 50 before any evidence), so even a pair with no
            // hourly snapshot yet shows where it came from.
            IReadOnlyList<double> spark = [weekAgo.GetValueOrDefault(p.Id, 50), .. histories[p.Id].Select(h => h.Score), s.Score];
            rows.Add(new BoardRow(p.Id, p.BrandId, snapshot.BrandsById.GetValueOrDefault(p.BrandId)?.Name ?? $"brand {p.BrandId}",
                p.InfluencerId, snapshot.InfluencersById.GetValueOrDefault(p.InfluencerId)?.Name ?? $"influencer {p.InfluencerId}",
                s.Score, s.Score - hourAgo.GetValueOrDefault(p.Id, 50), s.Score - dayAgo.GetValueOrDefault(p.Id, 50), s.Score - weekAgo.GetValueOrDefault(p.Id, 50),
                spark, s.CoMentions, s.Confidence, Evidence(explained)));
        }
        return rows;
    }

    /// <summary>The pair page's header: live score, components, top drivers and the one-line explanation.</summary>
    public async Task<PairView?> PairAsync(long id, BrandScope scope, CancellationToken ct = default)
    {
        var snapshot = await catalog.GetAsync(ct);
        var pair = snapshot.Pairs.FirstOrDefault(p => p.Id == id);
        if (pair is null || !scope.CanSee(pair.BrandId)) return null;
        var now = clock.GetUtcNow();
        var state = (await reader.StatesAsync([pair], ct))[pair.Id];
        var explained = ScoreExplainer.Explain(PairState.Empty, now, state, now, reader.Options, maxDrivers: 5);
        return new PairView(pair, snapshot.BrandsById.GetValueOrDefault(pair.BrandId)?.Name ?? "", snapshot.InfluencersById.GetValueOrDefault(pair.InfluencerId)?.Name ?? "",
            explained.After, explained.Drivers, explained.Summary);
    }

    /// <summary>A pair's score over a range, one point per bucket (hours up to a week, days beyond).</summary>
    /// <remarks>The first point is the score at the range's start (the last snapshot before it, or neutral 50), so the line spans the whole range.</remarks>
    public async Task<IReadOnlyList<SeriesPoint>> PairHistoryAsync(long pairId, ChartRange range, CancellationToken ct = default)
    {
        var to = clock.GetUtcNow();
        var from = to - range.Span;
        var history = await scores.HistoryAsync(pairId, from, to, ct);
        var rollups = await scores.RollupsAsync(brand: false, pairId, from, to, ct);
        var start = (await scores.ScoresAtAsync(from, ct)).GetValueOrDefault(pairId, 50);
        return [new SeriesPoint(from, Math.Round(start, 2), 0), .. ScoreSeries.Bucket(history, rollups, range.Bucket).Where(p => p.At > from)];
    }

    /// <summary>A brand's hourly or daily mention volume and sentiment mix over a range.</summary>
    public async Task<IReadOnlyList<VolumePoint>> BrandVolumeAsync(long brandId, ChartRange range, CancellationToken ct = default)
    {
        var to = clock.GetUtcNow();
        var rollups = await scores.RollupsAsync(brand: true, brandId, to - range.Span, to, ct);
        return VolumePoint.Bucket(rollups, range.Bucket);
    }

    /// <summary>Newest mentions first, within the caller's scope.</summary>
    public async Task<IReadOnlyList<MentionView>> MentionsAsync(BrandScope scope, MentionQuery query, CancellationToken ct = default)
    {
        if (query.BrandId is { } b && !scope.CanSee(b)) return [];
        return (await mentions.QueryAsync(query with { AllowedBrandIds = scope.AsList }, ct)).Items;
    }

    private static string Evidence(ScoreChange c) =>
        c.After.CoMentions == 0 && c.Drivers.Count == 0 ? "no evidence yet" : c.Summary;
}

/// <summary>One row of the board. <see cref="Spark"/> ends with the live score.</summary>
public sealed record BoardRow(
    long PairId, long BrandId, string Brand, long InfluencerId, string Influencer, double Score,
    double Delta1h, double Delta24h, double Delta7d, IReadOnlyList<double> Spark, long Mentions, double Confidence, string Evidence)
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

/// <summary>The pair page's live state.</summary>
public sealed record PairView(Pair Pair, string Brand, string Influencer, FusionScore Score, IReadOnlyList<Driver> Drivers, string Summary);

/// <summary>The range picker's choices: how far back, and the bucket that keeps the chart readable.</summary>
public sealed record ChartRange(string Key, string Label, TimeSpan Span, string Bucket)
{
    public static readonly IReadOnlyList<ChartRange> All =
    [
        new("24h", "24 h", TimeSpan.FromHours(24), "hour"),
        new("7d", "7 d", TimeSpan.FromDays(7), "hour"),
        new("30d", "30 d", TimeSpan.FromDays(30), "day"),
        new("1y", "1 y", TimeSpan.FromDays(365), "week"),
    ];

    /// <summary>How long one bucket is (a week bucket starts on Monday).</summary>
    public TimeSpan BucketLength => Bucket switch { "hour" => TimeSpan.FromHours(1), "week" => TimeSpan.FromDays(7), _ => TimeSpan.FromDays(1) };

    public static ChartRange Parse(string? key) => All.FirstOrDefault(r => r.Key == key) ?? All[1];
}

/// <summary>Mentions in one bucket and how they split by sentiment.</summary>
public sealed record VolumePoint(DateTimeOffset At, long Mentions, long Negative, long Neutral, long Positive, double MeanPolarity)
{
    public static IReadOnlyList<VolumePoint> Bucket(IReadOnlyList<RollupRow> rollups, string bucket) =>
        rollups.GroupBy(r => ScoreSeries.Start(r.Hour, bucket))
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var w = g.Sum(r => r.WeightSum);
                return new VolumePoint(g.Key, g.Sum(r => r.Mentions), g.Sum(r => r.Negative), g.Sum(r => r.Neutral), g.Sum(r => r.Positive),
                    w > 0 ? g.Sum(r => r.PolaritySum) / w : 0);
            })
            .ToList();
}
