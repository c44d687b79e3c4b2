using FusionMonitor.Core.Scoring;

namespace FusionMonitor.Core.Strategy;

/// <summary>
/// A brand's own score, for a brand's goals: the Fusion Score formula over the brand's scope alone,
/// <c>50 + 50·(P − N)/(W₀ + P + N)</c> with P, N the brand's decayed positive and negative mass (every mention of the
/// brand, the stars of a review blended in as for the pair). Its past values are read back from the hourly rollups,
/// which hold the same masses per creation hour: the mass created since a moment, decayed to now, is taken out of
/// the accumulator and the rest decayed back to that moment. Pure.
/// </summary>
public static class BrandScore
{
    public static double Of(double positive, double negative, ScoreOptions options) =>
        Math.Clamp(50 + 50 * (positive - negative) / (options.PriorWeight + positive + negative), 0, 100);

    /// <summary>The brand's score now, from its accumulator (null: no mention yet, 50).</summary>
    public static double Now(ScopeAccumulator? brand, DateTimeOffset now, ScoreOptions options)
    {
        if (brand is null || brand.Count == 0) return FusionScore.NeutralScore;
        var f = brand.DecayTo(now);
        return Of(brand.Positive * f, brand.Negative * f, options);
    }

    /// <summary>
    /// The brand's score at each day boundary from <paramref name="from"/> to now, oldest first, read back from the
    /// accumulator and the hourly rollups created since <paramref name="from"/> (<paramref name="hours"/>; each hour's
    /// mass is taken as created at its middle, an error of at most half an hour's decay, 0.1 % with a 14-day half-life).
    /// An hour's positive and negative mass come from its rollup (<see cref="HourMasses"/>): exact when every mention's
    /// label has its polarity's sign, otherwise a neutral-labelled mention's small mass is missed.
    /// </summary>
    public static IReadOnlyList<ScoreSample> History(ScopeAccumulator? brand, IReadOnlyList<RollupRow> hours, DateTimeOffset from, DateTimeOffset now,
        ScoreOptions options)
    {
        if (brand is null || brand.Count == 0) return [];
        var h = options.HalfLife.TotalDays;
        var f = brand.DecayTo(now);
        double pNow = brand.Positive * f, nNow = brand.Negative * f;
        var ordered = hours.Where(r => r.Hour < now).OrderByDescending(r => r.Hour).ToList();
        var samples = new List<ScoreSample>();
        double pLater = 0, nLater = 0; // mass created at or after the sample time, decayed to now
        var i = 0;
        for (var t = TimeBuckets.DayOf(now); t >= from; t = t.AddDays(-1))
        {
            for (; i < ordered.Count && ordered[i].Hour >= t; i++)
            {
                var decay = Math.Pow(2, -(now - ordered[i].Hour - TimeSpan.FromMinutes(30)).TotalDays / h);
                var (pos, neg) = HourMasses(ordered[i]);
                pLater += pos * decay;
                nLater += neg * decay;
            }
            var back = Math.Pow(2, (now - t).TotalDays / h);
            var p = Math.Max(0, pNow - pLater) * back;
            var n = Math.Max(0, nNow - nLater) * back;
            samples.Add(new ScoreSample(t, Of(p, n, options)));
        }
        samples.Reverse();
        return samples;
    }

    /// <summary>
    /// An hour's positive and negative opinionated mass (Σ w·max(0, ±p)) from its rollup: the net is exact (the
    /// weighted polarity sum); the total is the labelled volumes (positive mentions' and negative mentions' Σ w·|p|),
    /// at least the net's size.
    /// </summary>
    public static (double Positive, double Negative) HourMasses(RollupRow r)
    {
        var net = r.PolaritySum;
        var mass = Math.Max(Math.Abs(net), r.PosVolume + r.NegVolume);
        return ((mass + net) / 2, (mass - net) / 2);
    }
}
