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
/// The strategy layer's reads (issue 21): goals judged against the score and its trend, the voices that move a brand,
/// and its importance–performance grid by aspect. The maths is in Core (<see cref="GoalProjection"/>,
/// <see cref="BrandScore"/>, <see cref="Voices"/>, <see cref="ImportancePerformance"/>); this class reads what they need,
/// each read bounded by one pair's or one brand's rows in a window.
/// </summary>
public sealed class StrategyReadModel(PairReadModel pairs, ScopeStore scopes, HistoryStore history, RollupStore rollups, BrandMentionReads mentions,
    EntityCatalog catalog, EntityStore entities, LinearSentimentScorer fast, ScoreOptions options, IOptions<StrategyOptions> strategyOptions, TimeProvider clock)
{
    /// <summary>The most mentions a voices read takes (the newest of the window).</summary>
    public const int VoiceMentions = 20_000;

    /// <summary>The most mentions an aspects read analyses (the newest of the window).</summary>
    public const int AspectMentions = 2_000;

    private readonly ClauseTargetScorer _clauses = new(fast);

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

    /// <summary>The brand's voices in [from, to), heaviest first (see <see cref="Voices"/>), each with the tracked influencer holding the handle.</summary>
    public async Task<IReadOnlyList<VoiceView>> VoicesAsync(long brandId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct = default)
    {
        var rows = await mentions.InWindowAsync(brandId, from, to, VoiceMentions, withText: false, ct);
        var ranked = Voices.Rank(rows.Select(r => new VoiceMention(EntityMatcher.PlatformOf(r.Source), EntityMatcher.NormalizeHandle(r.AuthorHandle),
            r.Followers, r.Engagement, r.TowardBrand, r.Rating, r.Scored)), options, limit);
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
    /// The brand's importance–performance grid over [from, to): the newest <see cref="AspectMentions"/> scored mentions
    /// in English (or of no telling language) are read; the aspects each names (<see cref="AspectLexicon.Default"/>)
    /// get the polarity of the clause around their terms from the fast model (<see cref="ClauseTargetScorer"/>), the
    /// mention its whole-text reading (stars blended in), the verdict the aspects are weighed against.
    /// </summary>
    public async Task<IReadOnlyList<AspectStanding>> AspectsAsync(long brandId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var lexicon = AspectLexicon.Default;
        var rows = (await mentions.InWindowAsync(brandId, from, to, AspectMentions, withText: true, ct))
            .Where(r => r.Scored && r.Lang is null or "en" or "und" && !string.IsNullOrEmpty(r.Text)).ToList();
        var hits = rows.Select(r => lexicon.Detect(r.Text!)).ToList();
        var targeted = new List<TargetedText>();
        for (var i = 0; i < rows.Count; i++)
            if (hits[i].Count > 0) targeted.Add(new TargetedText(rows[i].Text!, hits[i].Select(h => new SentimentTarget(h.Spans)).ToList()));
        var scores = targeted.Count == 0 ? [] : _clauses.ScoreTargets(targeted);
        var analysed = new List<AspectMention>(rows.Count);
        for (int i = 0, t = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var overall = MentionWeight.PolarityFor(new ScoreEvidence(r.Id, default, r.Polarity, r.Followers, r.Engagement, [], [], Rating: r.Rating),
                ScopeKey.ForBrand(0), options); // the whole text: the verdict an aspect is weighed against
            var aspects = new Dictionary<string, double>(StringComparer.Ordinal);
            if (hits[i].Count > 0)
            {
                var s = scores[t++];
                for (var k = 0; k < hits[i].Count; k++) aspects[hits[i][k].Aspect] = s[k].Polarity;
            }
            analysed.Add(new AspectMention(overall, aspects));
        }
        return ImportancePerformance.Analyse(analysed, lexicon.Aspects.Select(a => a.Name).ToList());
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
