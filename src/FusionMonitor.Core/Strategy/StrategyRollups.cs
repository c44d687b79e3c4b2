using FusionMonitor.Core.Matching;
using FusionMonitor.Core.Scoring;

namespace FusionMonitor.Core.Strategy;

/// <summary>
/// One stored mention as the strategy rollups take it: who said it, how loud, the whole text's reading in force, the
/// reading toward each brand it names, and the polarity toward each aspect it names.
/// </summary>
/// <param name="Source">The mention's source; its platform is the part before ':' (<see cref="EntityMatcher.PlatformOf"/>).</param>
/// <param name="Polarity">The whole text's polarity in force (an analyst's correction where there is one), before stars.</param>
/// <param name="Brands">Each brand it counts for, with the polarity toward it (before stars).</param>
/// <param name="Aspects">The polarity toward each aspect it names (<see cref="AspectLexicon"/>); null when it is not analysed
/// (no model read it, or a language the lexicon does not speak), empty when it names none.</param>
/// <param name="AspectsByBrand">Where the text names several brands, the aspects about each (<see cref="AspectAttribution"/>), which
/// that brand's rows count instead of <paramref name="Aspects"/>.</param>
/// <param name="Following">How many accounts the author follows, as stored with the mention (null: the platform did not say).</param>
/// <param name="Posts">How many posts the author's account had made, as stored with the mention.</param>
/// <param name="AuthorSince">When the author's account was created, as stored with the mention. With <paramref name="Followers"/> and the
/// mention's time these give its authenticity weight (<see cref="Authenticity"/>), which its voice evidence carries as its score does.</param>
public sealed record StrategyMention(DateTimeOffset CreatedAt, string Source, string AuthorHandle, long? Followers, long Engagement, double Polarity,
    int? Rating, bool Scored, IReadOnlyList<(long BrandId, double Toward)> Brands, IReadOnlyDictionary<string, double>? Aspects,
    long? Following = null, long? Posts = null, DateTimeOffset? AuthorSince = null,
    IReadOnlyDictionary<long, IReadOnlyDictionary<string, double>>? AspectsByBrand = null)
{
    /// <summary>The polarity toward each aspect the mention names about <paramref name="brandId"/> (<see cref="AspectAttribution"/>):
    /// its own entry in <see cref="AspectsByBrand"/>, else <see cref="Aspects"/>; null when the mention is not analysed.</summary>
    public IReadOnlyDictionary<string, double>? AspectsOf(long brandId) => new AspectReading(Aspects, AspectsByBrand).For(brandId);
}

/// <summary>
/// A text's aspects as the rollups take them: <see cref="Aspects"/> the polarity toward each aspect it names (null: not
/// analysed; empty: it names none), and, where the brands it names do not all get them all, <see cref="ByBrand"/> the
/// aspects about each of those brands (<see cref="AspectAttribution"/>).
/// </summary>
public readonly record struct AspectReading(IReadOnlyDictionary<string, double>? Aspects, IReadOnlyDictionary<long, IReadOnlyDictionary<string, double>>? ByBrand)
{
    /// <summary>The aspects about <paramref name="brandId"/>: its own where the text gives it some apart, else the text's.</summary>
    public IReadOnlyDictionary<string, double>? For(long brandId) =>
        Aspects is null ? null : ByBrand is { } b && b.TryGetValue(brandId, out var own) ? own : Aspects;
}

/// <summary>
/// One author's evidence for one brand on one UTC day, in sums (see <see cref="Voices"/>): added and taken out, never
/// recomputed from the mentions on a read.
/// </summary>
/// <param name="WeightSum">Σ w (w the mention's reach weight times its author's authenticity weight, <see cref="StrategyRollups.VoiceWeight"/>).</param>
/// <param name="PolaritySum">Σ w·p (p the polarity toward the brand, stars blended in).</param>
/// <param name="EvidenceSquares">Σ (w·|p|)².</param>
/// <param name="Reach">The most followers the author showed that day (a maximum: taking a mention out leaves it).</param>
public sealed record VoiceDay(long BrandId, DateTimeOffset Day, string Platform, string Handle, long Mentions, double WeightSum, double PolaritySum,
    double EvidenceSquares, long Reach);

/// <summary>
/// One aspect's sums for one brand in one hour (see <see cref="ImportancePerformance"/>); the row of aspect
/// <see cref="StrategyRollups.AllAspects"/> holds every analysed mention of the hour (its count and Σ y²).
/// x is the polarity toward the aspect, y the mention's whole-text polarity with stars.
/// </summary>
public sealed record AspectHour(long BrandId, DateTimeOffset Hour, string Aspect, long Mentions, double XSum, double XxSum, double XySum, double YySum);

/// <summary>What one batch of mentions adds to the strategy rollups.</summary>
public sealed record StrategyBatch(IReadOnlyList<VoiceDay> Voices, IReadOnlyList<AspectHour> Aspects)
{
    public static readonly StrategyBatch Empty = new([], []);

    public bool IsEmpty => Voices.Count == 0 && Aspects.Count == 0;
}

/// <summary>
/// The strategy reads' rollups (issue 21): per brand, UTC day and author the voices' evidence sums, and per brand,
/// hour and aspect the importance–performance sums, each a sum of what single mentions bring, so a batch adds its
/// own and a correction or an erasure takes one out, in any order. Pure.
/// </summary>
public static class StrategyRollups
{
    /// <summary>The aspect name of the row that counts every analysed mention of an hour.</summary>
    public const string AllAspects = "";

    /// <summary>How long the rows are kept: the reads span at most 366 days back from now, with a margin.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(400);

    public static StrategyBatch Fold(IEnumerable<StrategyMention> mentions, ScoreOptions options)
    {
        var voices = new Dictionary<(long, DateTimeOffset, string, string), VoiceDay>();
        var aspects = new Dictionary<(long, DateTimeOffset, string), AspectHour>();
        foreach (var m in mentions)
        {
            if (!m.Scored || m.Brands.Count == 0) continue;
            var platform = EntityMatcher.PlatformOf(m.Source);
            var handle = EntityMatcher.NormalizeHandle(m.AuthorHandle);
            var day = TimeBuckets.DayOf(m.CreatedAt);
            var hour = TimeBuckets.HourOf(m.CreatedAt);
            var w = VoiceWeight(m, options);
            var y = Stars(m.Polarity, m.Rating, options); // the whole text: the verdict an aspect is weighed against
            foreach (var (brandId, toward) in m.Brands)
            {
                var p = Stars(toward, m.Rating, options);
                var e = w * Math.Abs(p);
                var key = (brandId, day, platform, handle);
                var add = new VoiceDay(brandId, day, platform, handle, 1, w, w * p, e * e, Math.Max(0, m.Followers ?? 0));
                voices[key] = voices.TryGetValue(key, out var v) ? Sum(v, add) : add;
                if (m.AspectsOf(brandId) is not { } named) continue;
                AddAspect(aspects, new AspectHour(brandId, hour, AllAspects, 1, 0, 0, 0, y * y));
                foreach (var (aspect, x) in named) AddAspect(aspects, new AspectHour(brandId, hour, aspect, 1, x, x * x, x * y, 0));
            }
        }
        return new StrategyBatch(voices.Values.ToList(), aspects.Values.ToList());
    }

    /// <summary>
    /// What one mention weighs in its author's voice: its reach and engagement weight (<see cref="MentionWeight.Of(long?, long, ScoreOptions)"/>)
    /// times its author's authenticity weight (<see cref="Authenticity"/>), the product a score counts it with, so an
    /// author the score doubts weighs as little among the brand's voices. A function of the mention alone: adding and
    /// taking out agree in any order.
    /// </summary>
    public static double VoiceWeight(StrategyMention m, ScoreOptions options) =>
        MentionWeight.Of(m.Followers, m.Engagement, options)
        * Authenticity.Of(m.Followers, m.Following, m.Posts, m.AuthorSince, m.CreatedAt, options).Weight;

    /// <summary>The batch taken out: every sum negated (the day's reach stays, a maximum).</summary>
    public static StrategyBatch Negate(StrategyBatch b) => new(
        b.Voices.Select(v => v with { Mentions = -v.Mentions, WeightSum = -v.WeightSum, PolaritySum = -v.PolaritySum, EvidenceSquares = -v.EvidenceSquares, Reach = 0 }).ToList(),
        b.Aspects.Select(a => a with { Mentions = -a.Mentions, XSum = -a.XSum, XxSum = -a.XxSum, XySum = -a.XySum, YySum = -a.YySum }).ToList());

    /// <summary>A text polarity as a brand scope reads it with the review's stars (<see cref="MentionWeight.PolarityFor"/>).</summary>
    public static double Stars(double polarity, int? rating, ScoreOptions options) =>
        MentionWeight.PolarityFor(new ScoreEvidence(0, default, polarity, null, 0, [], [], Rating: rating), ScopeKey.ForBrand(0), options);

    private static VoiceDay Sum(VoiceDay a, VoiceDay b) => a with
    {
        Mentions = a.Mentions + b.Mentions, WeightSum = a.WeightSum + b.WeightSum, PolaritySum = a.PolaritySum + b.PolaritySum,
        EvidenceSquares = a.EvidenceSquares + b.EvidenceSquares, Reach = Math.Max(a.Reach, b.Reach),
    };

    private static void AddAspect(Dictionary<(long, DateTimeOffset, string), AspectHour> rows, AspectHour add)
    {
        var key = (add.BrandId, add.Hour, add.Aspect);
        rows[key] = rows.TryGetValue(key, out var a)
            ? a with { Mentions = a.Mentions + add.Mentions, XSum = a.XSum + add.XSum, XxSum = a.XxSum + add.XxSum, XySum = a.XySum + add.XySum, YySum = a.YySum + add.YySum }
            : add;
    }
}
