using System.Globalization;
using FusionMonitor.Core.Sentiment;

namespace FusionMonitor.Core.Scoring;

public enum VolumeScopeKind { Brand = 0, Pair = 1 }

/// <summary>
/// Whose negative volume a five-minute bucket counts: a brand's or a tracked pair's (the two kinds of spike alert).
/// <see cref="ToString"/> ("b:3", "p:12") is the stored key; <see cref="Parse"/> reads it back.
/// </summary>
public readonly record struct VolumeScope(VolumeScopeKind Kind, long Id)
{
    public static VolumeScope ForBrand(long brandId) => new(VolumeScopeKind.Brand, brandId);

    public static VolumeScope ForPair(long pairId) => new(VolumeScopeKind.Pair, pairId);

    public override string ToString() => (Kind == VolumeScopeKind.Brand ? "b:" : "p:") + Id.ToString(CultureInfo.InvariantCulture);

    public static VolumeScope Parse(string key) =>
        key.Length > 2 && key[1] == ':' && key[0] is 'b' or 'p' && long.TryParse(key.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? new(key[0] == 'b' ? VolumeScopeKind.Brand : VolumeScopeKind.Pair, id)
            : throw new FormatException($"'{key}' is not a volume scope (b:<brand id> or p:<pair id>)");
}

/// <summary>Mention counts and sentiment sums of one pair or brand (<see cref="ScopeId"/>) in one hour of creation time.</summary>
public sealed record RollupRow(long ScopeId, DateTimeOffset Hour, long Mentions, long Negative, long Neutral, long Positive,
    double PolaritySum, double WeightSum, double NegVolume, double PosVolume = 0);

/// <summary>Negative and positive volume of one spike scope in one five-minute bucket.</summary>
public sealed record VolumeRow(VolumeScope Scope, DateTimeOffset Bucket, double NegVolume, long NegCount, double PosVolume = 0, long PosCount = 0);

/// <summary>Co-mentions of one pair in one day of creation time (the daily history's mention column).</summary>
public sealed record DailyMentions(long PairId, DateTimeOffset Day, long Mentions);

/// <summary>What one batch adds to the rollup tables, each row already summed per key.</summary>
public sealed record BatchRollups(
    IReadOnlyCollection<RollupRow> Pairs,
    IReadOnlyCollection<RollupRow> Brands,
    IReadOnlyCollection<DailyMentions> PairDays,
    IReadOnlyCollection<VolumeRow> Volumes);

/// <summary>
/// Folds a batch of stored mentions into rollup rows: per brand and per tracked pair by creation hour (counts by
/// label, weight-weighted polarity, reach-weighted negative and positive volume), per pair by day, and the negative and
/// positive mentions' volume per brand and pair by five minutes. Pure; additive, so rows of several batches sum to the rows of one.
/// </summary>
public static class Rollups
{
    /// <param name="mentions">Each mention's score evidence and its sentiment label.</param>
    /// <param name="pairIdOf">The tracked pair of a (brand, influencer), or null when that pair is not tracked.</param>
    public static BatchRollups Fold(IEnumerable<(ScoreEvidence Evidence, SentimentLabel Label)> mentions, Func<long, long, long?> pairIdOf, ScoreOptions options)
    {
        var pairs = new Dictionary<(long, DateTimeOffset), RollupRow>();
        var brands = new Dictionary<(long, DateTimeOffset), RollupRow>();
        var volumes = new Dictionary<(VolumeScope, DateTimeOffset), VolumeRow>();
        foreach (var (e, label) in mentions)
        {
            if (!e.Moves) continue;
            var weight = MentionWeight.Of(e, options);
            var hour = TimeBuckets.HourOf(e.CreatedAt);
            var bucket = TimeBuckets.FiveMinutesOf(e.CreatedAt);
            // Each row reads its own party, as its score scope does (brands and pairs read stars alike).
            foreach (var b in e.BrandIds.Distinct())
            {
                var brand = ScopeKey.ForBrand(b);
                var polarity = MentionWeight.PolarityFor(e, brand, options);
                var (negVolume, posVolume) = (weight * Math.Max(0, -polarity), weight * Math.Max(0, polarity));
                var brandLabel = MentionWeight.LabelFor(e, brand, label);
                Add(brands, b, hour, brandLabel, polarity, weight, negVolume, posVolume);
                AddVolume(volumes, VolumeScope.ForBrand(b), bucket, brandLabel, negVolume, posVolume);
                foreach (var inf in e.InfluencerIds.Distinct())
                {
                    if (pairIdOf(b, inf) is not { } pair) continue;
                    var key = ScopeKey.ForPair(b, inf);
                    var pp = MentionWeight.PolarityFor(e, key, options);
                    var pairLabel = MentionWeight.LabelFor(e, key, label);
                    var (pairNeg, pairPos) = (weight * Math.Max(0, -pp), weight * Math.Max(0, pp));
                    Add(pairs, pair, hour, pairLabel, pp, weight, pairNeg, pairPos);
                    AddVolume(volumes, VolumeScope.ForPair(pair), bucket, pairLabel, pairNeg, pairPos);
                }
            }
        }
        var days = pairs.Values.GroupBy(r => (r.ScopeId, TimeBuckets.DayOf(r.Hour)))
            .Select(g => new DailyMentions(g.Key.ScopeId, g.Key.Item2, g.Sum(r => r.Mentions))).ToList();
        return new BatchRollups(pairs.Values, brands.Values, days, volumes.Values);
    }

    /// <summary>
    /// What mentions stored earlier add to the rollups now that they name more brands or influencers: for each, the
    /// rows of its new state (<c>After</c>) whose keys its old state (<c>Before</c>) did not have — a brand it newly
    /// names, a tracked pair it newly feeds. Rows the old state already had are unchanged (a row depends only on its
    /// own mention), so nothing is counted twice.
    /// </summary>
    public static BatchRollups Added(IEnumerable<(ScoreEvidence Before, ScoreEvidence After, SentimentLabel Label)> mentions, Func<long, long, long?> pairIdOf, ScoreOptions options)
    {
        var pairs = new List<RollupRow>();
        var brands = new List<RollupRow>();
        var days = new List<DailyMentions>();
        var volumes = new List<VolumeRow>();
        foreach (var (before, after, label) in mentions)
        {
            var had = Fold([(before, label)], pairIdOf, options);
            var has = Fold([(after, label)], pairIdOf, options);
            pairs.AddRange(has.Pairs.Where(r => !had.Pairs.Any(o => o.ScopeId == r.ScopeId && o.Hour == r.Hour)));
            brands.AddRange(has.Brands.Where(r => !had.Brands.Any(o => o.ScopeId == r.ScopeId && o.Hour == r.Hour)));
            days.AddRange(has.PairDays.Where(r => !had.PairDays.Any(o => o.PairId == r.PairId && o.Day == r.Day)));
            volumes.AddRange(has.Volumes.Where(r => !had.Volumes.Any(o => o.Scope == r.Scope && o.Bucket == r.Bucket)));
        }
        return new BatchRollups(Sum(pairs), Sum(brands), days.GroupBy(d => (d.PairId, d.Day)).Select(g => new DailyMentions(g.Key.PairId, g.Key.Day, g.Sum(d => d.Mentions))).ToList(),
            volumes.GroupBy(v => (v.Scope, v.Bucket)).Select(g => new VolumeRow(g.Key.Scope, g.Key.Bucket, g.Sum(v => v.NegVolume), g.Sum(v => v.NegCount), g.Sum(v => v.PosVolume), g.Sum(v => v.PosCount))).ToList());
    }

    private static List<RollupRow> Sum(IEnumerable<RollupRow> rows) => rows.GroupBy(r => (r.ScopeId, r.Hour))
        .Select(g => new RollupRow(g.Key.ScopeId, g.Key.Hour, g.Sum(r => r.Mentions), g.Sum(r => r.Negative), g.Sum(r => r.Neutral), g.Sum(r => r.Positive),
            g.Sum(r => r.PolaritySum), g.Sum(r => r.WeightSum), g.Sum(r => r.NegVolume), g.Sum(r => r.PosVolume)))
        .ToList();

    /// <summary>
    /// The rows that take <paramref name="batch"/> back out (every count and sum negated): a mention whose reading
    /// changes (an analyst's correction) leaves the rollups as <c>Fold(after) + Negate(Fold(before))</c>, which is
    /// exactly what folding the new reading in the first place would have left, since rollups only add.
    /// </summary>
    public static BatchRollups Negate(BatchRollups batch) => new(
        batch.Pairs.Select(Negate).ToList(),
        batch.Brands.Select(Negate).ToList(),
        batch.PairDays.Select(d => d with { Mentions = -d.Mentions }).ToList(),
        batch.Volumes.Select(v => v with { NegVolume = -v.NegVolume, NegCount = -v.NegCount }).ToList());

    private static RollupRow Negate(RollupRow r) => r with
    {
        Mentions = -r.Mentions, Negative = -r.Negative, Neutral = -r.Neutral, Positive = -r.Positive,
        PolaritySum = -r.PolaritySum, WeightSum = -r.WeightSum, NegVolume = -r.NegVolume,
    };

    private static void Add(Dictionary<(long, DateTimeOffset), RollupRow> rows, long id, DateTimeOffset hour,
        SentimentLabel label, double polarity, double weight, double negVolume, double posVolume)
    {
        var r = rows.GetValueOrDefault((id, hour)) ?? new RollupRow(id, hour, 0, 0, 0, 0, 0, 0, 0);
        rows[(id, hour)] = r with
        {
            Mentions = r.Mentions + 1,
            Negative = r.Negative + (label == SentimentLabel.Negative ? 1 : 0),
            Neutral = r.Neutral + (label == SentimentLabel.Neutral ? 1 : 0),
            Positive = r.Positive + (label == SentimentLabel.Positive ? 1 : 0),
            PolaritySum = r.PolaritySum + polarity * weight,
            WeightSum = r.WeightSum + weight,
            NegVolume = r.NegVolume + (label == SentimentLabel.Negative ? negVolume : 0),
            PosVolume = r.PosVolume + (label == SentimentLabel.Positive ? posVolume : 0),
        };
    }

    /// <summary>A negative mention adds to the bucket's negative volume, a positive one to its positive volume; a neutral one to neither.</summary>
    private static void AddVolume(Dictionary<(VolumeScope, DateTimeOffset), VolumeRow> rows, VolumeScope scope, DateTimeOffset bucket, SentimentLabel label,
        double negVolume, double posVolume)
    {
        if (label == SentimentLabel.Neutral) return;
        var r = rows.GetValueOrDefault((scope, bucket)) ?? new VolumeRow(scope, bucket, 0, 0);
        rows[(scope, bucket)] = label == SentimentLabel.Negative
            ? r with { NegVolume = r.NegVolume + negVolume, NegCount = r.NegCount + 1 }
            : r with { PosVolume = r.PosVolume + posVolume, PosCount = r.PosCount + 1 };
    }
}
