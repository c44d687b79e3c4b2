using FusionMonitor.Core.Entities;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.Storage.Scores;

namespace FusionMonitor.Ingestion.Scoring;

/// <summary>
/// A pair as every reader shows it (the HTTP API and the dashboard): its live score read from the accumulators as of
/// now (a score decays toward neutral as its evidence ages), explained from nothing, with its names.
/// </summary>
/// <param name="Paused">The pair, its brand or its influencer is disabled: new mentions move none of it (shown as "paused").</param>
public sealed record PairView(Pair Pair, string Brand, string Influencer, FusionScore Score, IReadOnlyList<Driver> Drivers, string Summary, bool Paused = false)
{
    /// <summary>One line of why the score is where it is, or "no evidence yet".</summary>
    public string Evidence => Score.CoMentions == 0 && Drivers.Count == 0 ? "no evidence yet" : Summary;
}

/// <summary>Some pairs' last recorded score at some moment; a pair with none then was neutral.</summary>
public sealed class ScoreBaseline(IReadOnlyDictionary<long, double> scores)
{
    public double Of(long pairId) => scores.TryGetValue(pairId, out var s) ? s : FusionScore.NeutralScore;
}

/// <summary>
/// The one read model of pairs: live views (<see cref="PairView"/>), past scores to measure change against, and the
/// history and rollups behind the charts. Callers pass what the reader may see as a brand filter, so a pair of another
/// brand is absent, exactly as if it did not exist. Every read is bounded by the pairs asked about: one brand's pairs,
/// a page of all pairs, one pair — never by how many pairs or how much history exist. Thread-safe; the stores do the I/O.
/// </summary>
public sealed class PairReadModel(ScopeStore scopes, HistoryStore history, RollupStore rollups, EntityStore entities, EntityCatalog catalog,
    ScoreOptions options, TimeProvider clock, UnscoredCountStore unscored, MentionStore mentions)
{
    /// <summary>How many of the pair's co-mentions no model read (a language without one): stored and listed, moving
    /// nothing, shown so a user sees what is not being read.</summary>
    public Task<long> UnscoredMentionsAsync(Pair pair, CancellationToken ct = default) =>
        unscored.CountAsync(ScopeKey.ForPair(pair.BrandId, pair.InfluencerId), ct);

    /// <summary>How many of the brand's mentions no model read.</summary>
    public Task<long> UnscoredBrandMentionsAsync(long brandId, CancellationToken ct = default) =>
        unscored.CountAsync(ScopeKey.ForBrand(brandId), ct);

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>
    /// The visible pairs of one brand (of every brand when null), ascending by id; <paramref name="allowedBrands"/> is
    /// the reader's brand scope (null: every brand).
    /// </summary>
    public async Task<IReadOnlyList<Pair>> PairsAsync(IReadOnlyList<long>? allowedBrands, long? brandId = null, CancellationToken ct = default)
    {
        if (brandId is { } b) return allowedBrands is null || allowedBrands.Contains(b) ? await entities.PairsOfBrandAsync(b, ct) : [];
        var all = new List<Pair>();
        for (long after = 0; ;)
        {
            var page = await PageAsync(allowedBrands, null, after, 5_000, ct: ct);
            all.AddRange(page);
            if (page.Count < 5_000) return all;
            after = page[^1].Id;
        }
    }

    /// <summary>
    /// Up to <paramref name="limit"/> visible pairs after pair <paramref name="afterId"/>, ascending by id (or newest
    /// first), of one brand when given. Keyset-paged: a deep page costs what the first does.
    /// </summary>
    public async Task<IReadOnlyList<Pair>> PageAsync(IReadOnlyList<long>? allowedBrands, long? brandId, long afterId, int limit, bool newestFirst = false,
        CancellationToken ct = default)
    {
        IReadOnlyList<long>? brands = brandId is { } b ? (allowedBrands is null || allowedBrands.Contains(b) ? [b] : []) : allowedBrands;
        return brands is { Count: 0 } ? [] : await entities.PairsPageAsync(afterId, limit, brands, newestFirst, ct);
    }

    /// <summary>A brand of at most this many pairs has them ranked by their live scores; a bigger one by their last recorded scores.</summary>
    public const int LiveRankUpTo = 1_000;

    /// <summary>
    /// One page of a visible brand's pairs, lowest score first (ties by id), from <paramref name="offset"/>, and how many
    /// pairs the brand has. Up to <see cref="LiveRankUpTo"/> pairs they are ranked by their live scores (every pair of the
    /// brand scored); beyond, by each pair's last recorded score (one index range; a pair never recorded counts as
    /// neutral), which lags the live score by less than <see cref="ScoreOptions.SpillOverPoints"/> plus its decay since
    /// (docs/fusion-score.md, "Cost at scale"), so the cost follows the page, not the brand's size.
    /// </summary>
    public async Task<(IReadOnlyList<Pair> Page, int Total)> RankedAsync(IReadOnlyList<long>? allowedBrands, long brandId, int offset, int limit,
        CancellationToken ct = default)
    {
        if (allowedBrands is not null && !allowedBrands.Contains(brandId)) return ([], 0);
        var total = await entities.CountOfBrandAsync(brandId, ct);
        if (total <= LiveRankUpTo)
        {
            var of = await entities.PairsOfBrandAsync(brandId, ct);
            var ranked = (await ViewsAsync(of, maxDrivers: 0, ct)).OrderBy(v => v.Score.Score).ThenBy(v => v.Pair.Id).Select(v => v.Pair);
            return (ranked.Skip(offset).Take(limit).ToList(), of.Count);
        }
        var ids = await history.RankedOfBrandAsync(brandId, offset, limit, ct);
        var byId = (await entities.PairsByIdsAsync(ids, ct)).ToDictionary(p => p.Id);
        return (ids.Where(byId.ContainsKey).Select(id => byId[id]).ToList(), total);
    }

    /// <summary>One visible pair's live view, or null when it does not exist or is not visible.</summary>
    public async Task<PairView?> FindAsync(long pairId, Func<long, bool> canSeeBrand, int maxDrivers = 5, CancellationToken ct = default)
    {
        var pair = await FindPairAsync(pairId, canSeeBrand, ct);
        return pair is null ? null : (await ViewsAsync([pair], maxDrivers, ct))[0];
    }

    /// <summary>The visible pairs among <paramref name="ids"/>, by id.</summary>
    public async Task<IReadOnlyList<Pair>> PairsByIdsAsync(IReadOnlyCollection<long> ids, Func<long, bool> canSeeBrand, CancellationToken ct = default) =>
        (await entities.PairsByIdsAsync(ids, ct)).Where(p => canSeeBrand(p.BrandId)).ToList();

    /// <summary>One visible pair, or null when it does not exist or is not visible.</summary>
    public async Task<Pair?> FindPairAsync(long pairId, Func<long, bool> canSeeBrand, CancellationToken ct = default) =>
        await entities.PairAsync(pairId, ct) is { } pair && canSeeBrand(pair.BrandId) ? pair : null;

    /// <summary>Live views of <paramref name="pairs"/>, in their order: one read of every scope they need. With
    /// <paramref name="maxDrivers"/> 0, scores only (no drivers, no explanation, no top lists read).</summary>
    public async Task<IReadOnlyList<PairView>> ViewsAsync(IReadOnlyList<Pair> pairs, int maxDrivers = 3, CancellationToken ct = default)
    {
        if (pairs.Count == 0) return [];
        var snapshot = await catalog.GetAsync(ct);
        var states = await StatesAsync(pairs, withTop: maxDrivers > 0, ct);
        var now = clock.GetUtcNow();
        var views = pairs.Select(p =>
        {
            var b = snapshot.BrandsById.GetValueOrDefault(p.BrandId);
            var i = snapshot.InfluencersById.GetValueOrDefault(p.InfluencerId);
            var brand = b?.Name ?? $"brand {p.BrandId}";
            var influencer = i?.Name ?? $"influencer {p.InfluencerId}";
            var paused = !p.Enabled || b is { Enabled: false } || i is { Enabled: false };
            // A list without explanations needs only the score.
            if (maxDrivers == 0) return new PairView(p, brand, influencer, FusionScoreCalculator.Score(states[p.Id], now, options), [], "", paused);
            var explained = ScoreExplainer.Explain(PairState.Empty, now, states[p.Id], now, options, maxDrivers);
            return new PairView(p, brand, influencer, explained.After, explained.Drivers, explained.Summary, paused);
        }).ToList();
        if (maxDrivers == 0) return views;
        // Each driver with its text: one read for all of them.
        var cards = await mentions.CardsAsync(views.SelectMany(v => v.Drivers.Select(d => d.MentionId)).ToHashSet(), ct);
        return views.Select(v => v with { Drivers = v.Drivers.Select(d => cards.TryGetValue(d.MentionId, out var card) ? d with { Text = card.Text } : d).ToList() }).ToList();
    }

    /// <summary>The given pairs' scores <paramref name="ago"/> before now, from their history (one index probe each).</summary>
    public async Task<ScoreBaseline> BaselineAsync(IReadOnlyCollection<long> pairIds, TimeSpan ago, CancellationToken ct = default) =>
        new(await history.ScoresKnownAtAsync(pairIds, clock.GetUtcNow() - ago, ct));

    /// <summary>Hourly history of several pairs over the last <paramref name="span"/>, oldest first.</summary>
    public Task<IReadOnlyDictionary<long, IReadOnlyList<ScorePoint>>> RecentHistoryAsync(IReadOnlyCollection<long> pairIds, TimeSpan span, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        return history.HourlyAsync(pairIds, now - span, now, ct);
    }

    /// <summary>A pair's score series between two times, one point per bucket (see <see cref="ScoreSeries.Bucket"/>).</summary>
    public Task<IReadOnlyList<SeriesPoint>> SeriesAsync(long pairId, DateTimeOffset from, DateTimeOffset to, string bucket, CancellationToken ct = default) =>
        history.SeriesAsync(pairId, from, to, bucket, ct);

    /// <summary>
    /// A pair's score over the last <paramref name="span"/>, starting from its score at the range's start (neutral before
    /// any), so a chart's line spans the whole range. In hour buckets the hours of the last
    /// <see cref="HistoryStore.RecentRetention"/> are drawn from their five-minute points where they have them
    /// (<see cref="ScoreSeries.Refine"/>), so the 24 h view shows the shape of a fast move.
    /// </summary>
    public async Task<IReadOnlyList<SeriesPoint>> ChartAsync(long pairId, TimeSpan span, string bucket, CancellationToken ct = default)
    {
        var to = clock.GetUtcNow();
        var from = to - span;
        var points = await history.HourlyAsync(pairId, from, to, ct);
        var mentions = await rollups.HourlyAsync(brand: false, pairId, from, to, ct);
        var start = new ScoreBaseline(await history.ScoresKnownAtAsync([pairId], from, ct)).Of(pairId);
        var series = ScoreSeries.Bucket(points, mentions, bucket);
        if (bucket == TimeBuckets.Hour)
        {
            var fineFrom = from > to - HistoryStore.RecentRetention ? from : to - HistoryStore.RecentRetention;
            series = ScoreSeries.Refine(series, await history.RecentAsync(pairId, fineFrom, to, ct));
        }
        return [new SeriesPoint(from, Math.Round(start, 2), 0), .. series.Where(p => p.At > from)];
    }

    /// <summary>A brand's mention volume and sentiment mix between two times, one point per bucket.</summary>
    public async Task<IReadOnlyList<VolumePoint>> BrandVolumeAsync(long brandId, DateTimeOffset from, DateTimeOffset to, string bucket, CancellationToken ct = default) =>
        ScoreSeries.Volume(await rollups.HourlyAsync(brand: true, brandId, from, to, ct), bucket);

    private async Task<Dictionary<long, PairState>> StatesAsync(IReadOnlyList<Pair> pairs, bool withTop, CancellationToken ct)
    {
        var keys = pairs.SelectMany(p => new[] { ScopeKey.ForPair(p.BrandId, p.InfluencerId), ScopeKey.ForInfluencer(p.InfluencerId), ScopeKey.ForBrand(p.BrandId) }).ToHashSet();
        var loaded = await scopes.LoadAsync(keys, withTop, ct);
        return pairs.DistinctBy(p => p.Id).ToDictionary(p => p.Id, p => new PairState(
            loaded.GetValueOrDefault(ScopeKey.ForPair(p.BrandId, p.InfluencerId)),
            loaded.GetValueOrDefault(ScopeKey.ForInfluencer(p.InfluencerId)),
            loaded.GetValueOrDefault(ScopeKey.ForBrand(p.BrandId))));
    }
}
