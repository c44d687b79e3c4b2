using FusionMonitor.Core.Matching;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Core.Strategy;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Ingestion.Scoring;
using FusionMonitor.Sentiment.Scoring;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Storage.Scores;
using FusionMonitor.Storage.Strategy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FusionMonitor.Ingestion.Strategy;

/// <summary>
/// A voice as the API shows it: the author, whether a tracked influencer holds the handle and is paired with the brand,
/// and the weights. <paramref name="Suggested"/>: not paired with the brand yet, and the evidence reaches
/// <see cref="StrategyOptions.SuggestWeight"/>.
/// </summary>
public sealed record VoiceView(string Handle, string Platform, long? InfluencerId, long? PairId, long Mentions, double Weight, double Polarity, long Reach,
    bool Suggested);

/// <summary>
/// A brand an influencer moves, as the API shows it: her evidence for it (summed over her handles), her polarity toward
/// it, her reach, and her pair with it when one is tracked.
/// </summary>
public sealed record MovedBrandView(long BrandId, string BrandName, long? PairId, long Mentions, double Weight, double Polarity, long Reach);

/// <summary>
/// The strategy layer's reads (issue 21): goals judged against the score and its trend, the voices that move a brand,
/// and its importance–performance grid by aspect. The maths is in Core (<see cref="GoalProjection"/>,
/// <see cref="BrandScore"/>, <see cref="Voices"/>, <see cref="ImportancePerformance"/>); this class reads what they need,
/// each read bounded by one pair's or one brand's rows in a window.
/// </summary>
public sealed class StrategyReadModel(PairReadModel pairs, ScopeStore scopes, HistoryStore history, RollupStore rollups, BrandMentionReads mentions,
    StrategyRollupStore strategyRollups, StrategyRollupEffects aspectReader, EntityCatalog catalog, EntityStore entities, ScoreOptions options,
    IOptions<StrategyOptions> strategyOptions, TimeProvider clock)
{
    /// <summary>The most mentions a scan of the mentions takes (<see cref="VoicesFromMentionsAsync"/>, <see cref="AspectsFromMentionsAsync"/>: the newest of the window).</summary>
    public const int ScanMentions = 20_000;

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>A goal judged now: the pair's live Fusion Score (or the brand's own score) and its history since the trend window or the goal's first milestone.</summary>
    public async Task<GoalAssessment> AssessAsync(GoalRecord goal, CancellationToken ct = default) => (await TrajectoryAsync(goal, ct)).Assessment;

    /// <summary>A goal judged now, with the score history it was judged from (the goal page's chart).</summary>
    public async Task<(GoalAssessment Assessment, IReadOnlyList<ScoreSample> History)> TrajectoryAsync(GoalRecord goal, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var from = now - GoalProjection.TrendWindow;
        // A past milestone is judged by the last score recorded by its time: read from a little before the earliest.
        foreach (var m in goal.Milestones) if (m.At - TimeSpan.FromDays(2) < from) from = m.At - TimeSpan.FromDays(2);
        double score;
        IReadOnlyList<ScoreSample> samples;
        if (goal.PairId is { } pairId)
        {
            var view = await pairs.FindAsync(pairId, _ => true, maxDrivers: 0, ct);
            score = view?.Score.Score ?? FusionScore.NeutralScore;
            samples = (await history.HourlyAsync(pairId, from, now, ct)).Select(p => new ScoreSample(p.Hour, p.Score)).ToList();
        }
        else
        {
            var key = ScopeKey.ForBrand(goal.BrandId);
            var brand = (await scopes.LoadAsync([key], withTop: false, ct)).GetValueOrDefault(key);
            score = BrandScore.Now(brand, now, options);
            samples = BrandScore.History(brand, await rollups.HourlyAsync(brand: true, goal.BrandId, from, now, ct), from, now, options);
        }
        return (GoalProjection.Assess(score, now, goal.Target, goal.By, goal.Milestones, samples), samples);
    }

    /// <summary>One brand's part of a share-of-voice read: its totals over the window and its buckets.</summary>
    public sealed record BrandShare(long BrandId, long Mentions, double Share, double Polarity, double Score, IReadOnlyList<VoiceShare> Series);

    /// <summary>
    /// Share of voice over [from, to) by bucket for the given brands (the brand first, then its competitors), from the
    /// brands' hourly rollups (volume, polarity) and their accumulators read back to each day boundary
    /// (<see cref="BrandScore.History"/>, the score each bucket ended at; hourly buckets take their day's). One rollup
    /// read and one scope row per brand.
    /// </summary>
    public async Task<IReadOnlyList<BrandShare>> ShareOfVoiceAsync(IReadOnlyList<long> brandIds, DateTimeOffset from, DateTimeOffset to, string bucket,
        CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var keys = brandIds.Select(ScopeKey.ForBrand).ToList();
        var accumulators = await scopes.LoadAsync(keys, withTop: false, ct);
        var buckets = new List<BrandBucket>();
        var scoresNow = new Dictionary<long, double>();
        foreach (var id in brandIds)
        {
            var brand = accumulators.GetValueOrDefault(ScopeKey.ForBrand(id));
            var hours = await rollups.HourlyAsync(brand: true, id, from, now > to ? now : to, ct);
            var history = BrandScore.History(brand, hours, TimeBuckets.DayOf(from), now, options);
            scoresNow[id] = BrandScore.Now(brand, now, options);
            foreach (var p in ScoreSeries.Volume(hours.Where(h => h.Hour < to).ToList(), bucket))
            {
                var end = p.At + TimeBuckets.LengthOf(bucket);
                buckets.Add(new BrandBucket(id, p.At, p.Mentions, p.MeanPolarity, end >= now ? scoresNow[id] : ShareOfVoice.ScoreAt(history, end)));
            }
        }
        var shares = ShareOfVoice.Shares(buckets);
        var total = buckets.Sum(b => b.Mentions);
        return brandIds.Select(id =>
        {
            var mine = buckets.Where(b => b.BrandId == id).ToList();
            var n = mine.Sum(b => b.Mentions);
            return new BrandShare(id, n, total == 0 ? 0 : n / (double)total, n == 0 ? 0 : mine.Sum(b => b.Polarity * b.Mentions) / n, scoresNow[id],
                shares.Where(x => x.BrandId == id).ToList());
        }).ToList();
    }

    /// <summary>
    /// The brand's voices over the days starting in [from, to), heaviest first (see <see cref="Voices"/>), each with the
    /// tracked influencer holding the handle: the daily voices rollup summed per author (<see cref="StrategyRollupStore.VoicesAsync"/>),
    /// so the cost is the brand's author-days in the window, never its mentions; a window covering most of the kept days
    /// reads the authors' running totals less the days outside it instead (one row per author).
    /// </summary>
    /// <param name="read">How the rollup is read (<see cref="StrategyRollupStore.VoicesRead"/>; both answer the same): the default picks.</param>
    public async Task<IReadOnlyList<VoiceView>> VoicesAsync(long brandId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct = default,
        StrategyRollupStore.VoicesRead read = StrategyRollupStore.VoicesRead.Auto) =>
        await ViewsAsync(brandId, Voices.Rank(await strategyRollups.VoicesAsync(brandId, from, to, limit, ct, read), limit), ct);

    /// <summary>
    /// The same ranking from the brand's stored mentions created in [from, to) (the newest <see cref="ScanMentions"/>):
    /// what <see cref="VoicesAsync"/> replaced, kept as the reference its rollup must equal (a test and the bench read both).
    /// </summary>
    public async Task<IReadOnlyList<VoiceView>> VoicesFromMentionsAsync(long brandId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct = default)
    {
        var rows = await mentions.InWindowAsync(brandId, from, to, ScanMentions, withText: false, ct);
        return await ViewsAsync(brandId, Voices.Rank(rows.Select(r => new VoiceMention(EntityMatcher.PlatformOf(r.Source), EntityMatcher.NormalizeHandle(r.AuthorHandle),
            r.Followers, r.Engagement, r.TowardBrand, r.Rating, r.Scored, r.CreatedAt, r.Following, r.Posts, r.AuthorSince)), options, limit), ct);
    }

    /// <summary>
    /// "Which brands does she move?": the brands the influencer's handles wrote about over the days starting in
    /// [from, to), heaviest first, by the voices' rule (<see cref="Voices"/>; a brand's sums over all her handles), each
    /// with her pair with it. Only brands <paramref name="visible"/> keeps. Cost: the author index's range for each
    /// handle (her author-days in the window), never the brands' mentions.
    /// </summary>
    public async Task<IReadOnlyList<MovedBrandView>> BrandsMovedByAsync(long influencerId, DateTimeOffset from, DateTimeOffset to, int limit, Func<long, bool> visible,
        CancellationToken ct = default)
    {
        var snapshot = await catalog.GetAsync(ct);
        if (!snapshot.InfluencersById.TryGetValue(influencerId, out var influencer)) return [];
        var byBrand = new Dictionary<long, VoiceTotals>();
        foreach (var (platform, handle) in influencer.Handles.Select(h => EntityMatcher.HandleKey(h.Key, h.Value)).Distinct())
        foreach (var (brandId, t) in await strategyRollups.BrandsOfAuthorAsync(platform, handle, from, to, ct))
        {
            if (!visible(brandId) || !snapshot.BrandsById.ContainsKey(brandId)) continue;
            byBrand[brandId] = byBrand.TryGetValue(brandId, out var a)
                ? a with { Mentions = a.Mentions + t.Mentions, WeightSum = a.WeightSum + t.WeightSum, PolaritySum = a.PolaritySum + t.PolaritySum,
                    EvidenceSquares = a.EvidenceSquares + t.EvidenceSquares, Reach = Math.Max(a.Reach, t.Reach) }
                : t;
        }
        // Ranked as voices are; the brand id stands in the handle's place so ties break by it.
        var ranked = Voices.Rank(byBrand.Select(kv => kv.Value with { Platform = "", Handle = kv.Key.ToString("D20", System.Globalization.CultureInfo.InvariantCulture) }), limit);
        var pairsOf = (await entities.PairsOfKeysAsync(ranked.Select(v => (long.Parse(v.Handle, System.Globalization.CultureInfo.InvariantCulture), influencerId)).ToList(), ct))
            .ToDictionary(p => p.BrandId, p => p.Id);
        return ranked.Select(v =>
        {
            var brandId = long.Parse(v.Handle, System.Globalization.CultureInfo.InvariantCulture);
            return new MovedBrandView(brandId, snapshot.BrandsById[brandId].Name, pairsOf.TryGetValue(brandId, out var p) ? p : null, v.Mentions, v.Weight, v.Polarity, v.Reach);
        }).ToList();
    }

    private async Task<IReadOnlyList<VoiceView>> ViewsAsync(long brandId, IReadOnlyList<Core.Strategy.Voice> ranked, CancellationToken ct)
    {
        var snapshot = await catalog.GetAsync(ct);
        var tracked = new Dictionary<(string, string), long>();
        foreach (var inf in snapshot.Influencers)
        foreach (var (platform, handle) in inf.Handles)
        {
            var k = EntityMatcher.HandleKey(platform, handle);
            if (!tracked.TryGetValue(k, out var id) || inf.Id < id) tracked[k] = inf.Id;
        }
        var holders = ranked.Select(v => tracked.TryGetValue((v.Platform, v.Handle), out var id) ? id : (long?)null).ToList();
        var pairsOf = (await entities.PairsOfKeysAsync(holders.OfType<long>().Distinct().Select(i => (brandId, i)).ToList(), ct))
            .ToDictionary(p => p.InfluencerId, p => p.Id);
        var level = strategyOptions.Value.SuggestWeight;
        return ranked.Select((v, i) =>
        {
            long? pairId = holders[i] is { } inf && pairsOf.TryGetValue(inf, out var p) ? p : null;
            return new VoiceView(v.Handle, v.Platform, holders[i], pairId, v.Mentions, v.Weight, v.Polarity, v.Reach, pairId is null && v.Weight >= level);
        }).ToList();
    }

    /// <summary>
    /// The brand's importance–performance grid over the hours starting in [from, to), from the hourly aspect rollup
    /// (<see cref="StrategyRollupStore.AspectsAsync"/>): each mention's aspects were read once, when it was stored, by
    /// the lexicon (<see cref="AspectLexicon.Default"/>) and the fast model's reading of the clause around their terms,
    /// weighed against its whole-text reading (stars blended in); mentions in English or of no telling language. Cost:
    /// the brand's aspect-hours in the window (at most seven an hour).
    /// </summary>
    public async Task<IReadOnlyList<AspectStanding>> AspectsAsync(long brandId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var (aspects, sumYy) = await strategyRollups.AspectsAsync(brandId, from, to, ct);
        return ImportancePerformance.Analyse(aspects, sumYy, AspectLexicon.Default.Aspects.Select(a => a.Name).ToList());
    }

    /// <summary>
    /// The same grid from the brand's stored mentions created in [from, to) (the newest <see cref="ScanMentions"/>), their
    /// aspects read now: what <see cref="AspectsAsync"/> replaced, kept as the reference its rollup must equal.
    /// </summary>
    public async Task<IReadOnlyList<AspectStanding>> AspectsFromMentionsAsync(long brandId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default,
        int max = ScanMentions)
    {
        var rows = await mentions.InWindowAsync(brandId, from, to, max, withText: true, ct);
        var named = aspectReader.Read(rows.Select(r => (r.Scored, r.Text, r.Lang)).ToList(), (await catalog.GetAsync(ct)).Matcher);
        var analysed = rows.Select((r, i) => (r, i)).Where(x => named[x.i].For(brandId) is not null)
            .Select(x => new AspectMention(StrategyRollups.Stars(x.r.Polarity, x.r.Rating, options), named[x.i].For(brandId)!)).ToList();
        return ImportancePerformance.Analyse(analysed, AspectLexicon.Default.Aspects.Select(a => a.Name).ToList());
    }
}

public static class StrategyServiceCollectionExtensions
{
    /// <summary>
    /// The strategy layer's reads (goals, voices, aspects), voice tracking, and the goal check that runs in the
    /// background (<see cref="GoalWatchService"/>); needs the storage, sentiment, pipeline and alert registrations.
    /// </summary>
    public static IServiceCollection AddFusionStrategy(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<StrategyOptions>().Bind(config.GetSection(StrategyOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StrategyOptions>, StrategyOptionsValidator>());
        services.TryAddSingleton<StrategyReadModel>();
        services.TryAddSingleton<VoiceTracking>();
        services.TryAddSingleton<GoalWatch>();
        services.TryAddSingleton<AspectWatch>();
        services.AddHostedService<GoalWatchService>();
        return services;
    }

    private sealed class StrategyOptionsValidator : IValidateOptions<StrategyOptions>
    {
        public ValidateOptionsResult Validate(string? name, StrategyOptions options) =>
            options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
