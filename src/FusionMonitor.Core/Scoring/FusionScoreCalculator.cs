namespace FusionMonitor.Core.Scoring;

/// <summary>
/// Reads a pair's Fusion Score from its accumulators at a given time. Pure and cheap (no allocation beyond the
/// result): call it at read time, for every pair of an influencer or brand a mention touched.
/// <code>
/// N = Σₖ αₖ (Pₖ − Nₖ) + L        (k = pair, influencer, brand; P/N decayed positive/negative mass)
/// D = W₀ + Σₖ αₖ (Pₖ + Nₖ) + |L|  (W₀ = prior weight: the neutral prior)
/// score = 50 + 50 · N / D
/// </code>
/// See docs/fusion-score.md.
/// </summary>
public static class FusionScoreCalculator
{
    public static FusionScore Score(PairState state, DateTimeOffset now, ScoreOptions options) =>
        Score(state.Pair, state.Influencer, state.Brand, now, options);

    public static FusionScore Score(
        ScopeAccumulator? pair, ScopeAccumulator? influencer, ScopeAccumulator? brand, DateTimeOffset now, ScoreOptions options)
    {
        var (pNet, pMass) = Masses(pair, now, options.PairWeight);
        var (iNet, iMass) = Masses(influencer, now, options.InfluencerWeight);
        var (bNet, bMass) = Masses(brand, now, options.BrandWeight);
        var lift = LiftMass(pair, now, options);

        var d = options.PriorWeight + pMass + iMass + bMass + Math.Abs(lift);
        var k = 50.0 / d;
        var components = new ScoreComponents(k * pNet, k * iNet, k * bNet, k * lift);
        var score = Math.Clamp(50 + components.CoMention + components.Influencer + components.Brand + components.Lift, 0, 100);
        var evidence = d - options.PriorWeight;
        return new FusionScore(
            score, components, evidence / d, evidence,
            pair?.Count ?? 0, influencer?.Count ?? 0, brand?.Count ?? 0, now);
    }

    /// <summary>
    /// Mutual lift as evidence: the growth rate of the influencer's audience across their own joint posts with the
    /// brand, scaled to [−1, 1] (full at <see cref="ScoreOptions.LiftFullGrowthPerWeek"/>), times the decayed weight
    /// of those posts and <see cref="ScoreOptions.LiftWeight"/>.
    /// </summary>
    public static double LiftMass(ScopeAccumulator? pair, DateTimeOffset now, ScoreOptions options)
    {
        if (pair is null || pair.LiftW <= 0 || options.LiftWeight == 0) return 0;
        var growth = Math.Clamp(pair.LiftGrowthPerDay() * 7 / options.LiftFullGrowthPerWeek, -1, 1);
        return options.LiftWeight * growth * pair.LiftW * pair.DecayTo(now);
    }

    private static (double Net, double Mass) Masses(ScopeAccumulator? a, DateTimeOffset now, double alpha)
    {
        if (a is null || a.Count == 0 || alpha == 0) return (0, 0);
        var f = alpha * a.DecayTo(now);
        return (f * (a.Positive - a.Negative), f * (a.Positive + a.Negative));
    }
}
