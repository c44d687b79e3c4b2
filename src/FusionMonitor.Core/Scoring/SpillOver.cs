namespace FusionMonitor.Core.Scoring;

/// <summary>Where a shared scope stood when its pairs were last re-read: its opinionated mass P + N, referenced to its anchor.</summary>
public readonly record struct SpillOverMark(long AnchorTicks, double Mass)
{
    public static SpillOverMark Of(ScopeAccumulator a) => new(a.AnchorTicks, a.Positive + a.Negative);
}

/// <summary>
/// How far the change of a shared scope can have moved the pairs that read it, without reading them. A pair's score is
/// 50 + 50·Net/D with D ≥ W₀ + α·M (M the scope's decayed opinionated mass now); evidence of mass m added to the scope
/// moves Net/D by at most 2·α·m/D, so every pair of that scope moved by at most
/// <code>100 · α·m / (W₀ + α·M)</code>
/// points, whatever its own evidence (a property test checks it). A busy brand has a large M, so one more mention
/// barely moves its pairs; a quiet one has few mentions to move them. Pure.
/// </summary>
public static class SpillOver
{
    /// <summary>
    /// The most any pair reading <paramref name="scope"/> (an influencer or brand scope, kind <paramref name="kind"/>)
    /// moved, at <paramref name="now"/>, since the scope stood at <paramref name="mark"/> (null: since it was empty) —
    /// by the evidence added since; decay moves every score toward 50 on its own, and is not counted. Infinite when
    /// the bound cannot say: a pair scope (its own lift moves too), or mass that went away (a rebuild or an erasure).
    /// </summary>
    public static double Bound(ScopeKind kind, ScopeAccumulator scope, SpillOverMark? mark, DateTimeOffset now, ScoreOptions options)
    {
        var alpha = kind switch
        {
            ScopeKind.Influencer => options.InfluencerWeight,
            ScopeKind.Brand => options.BrandWeight,
            _ => double.NaN,
        };
        if (double.IsNaN(alpha)) return double.PositiveInfinity;
        if (scope.Count == 0 || alpha == 0) return mark is { Mass: > 0 } ? double.PositiveInfinity : 0;

        var mass = scope.Positive + scope.Negative;
        var before = 0.0;
        if (mark is { Mass: > 0 } m)
        {
            // The anchor only moves forward, by whole half-lives: an older mark is rescaled onto the current anchor.
            if (m.AnchorTicks > scope.AnchorTicks) return double.PositiveInfinity;
            before = m.Mass * Math.Pow(2, (m.AnchorTicks - scope.AnchorTicks) / (double)scope.HalfLifeTicks);
        }
        var added = mass - before;
        if (added < -1e-9 * Math.Max(mass, before)) return double.PositiveInfinity;

        var decay = scope.DecayTo(now);
        var moved = alpha * Math.Max(0, added) * decay;
        return 100 * moved / (options.PriorWeight + alpha * mass * decay);
    }

    /// <summary>True when the pairs of the scope are due to be re-read (the bound reached <see cref="ScoreOptions.SpillOverPoints"/>).</summary>
    public static bool Reached(ScopeKind kind, ScopeAccumulator scope, SpillOverMark? mark, DateTimeOffset now, ScoreOptions options)
    {
        var bound = Bound(kind, scope, mark, now, options);
        return bound > 0 && bound >= options.SpillOverPoints;
    }
}
