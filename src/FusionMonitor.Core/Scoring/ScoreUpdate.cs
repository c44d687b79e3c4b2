namespace FusionMonitor.Core.Scoring;

/// <summary>
/// The write side of the engine, for a caller that keeps accumulators in its own store: which scopes a mention
/// touches, and how it changes each. One call per (mention, scope), O(1) each.
/// </summary>
public static class ScoreUpdate
{
    /// <summary>
    /// Every scope the mention feeds: each matched (brand, influencer) pair — third parties talking about both count
    /// (passive influence) — each matched influencer, each matched brand. Duplicated ids count once. None for a
    /// mention that does not move scores (<see cref="ScoreEvidence.Moves"/>); <see cref="CountedScopes"/> names its
    /// scopes all the same.
    /// </summary>
    public static IReadOnlyList<ScopeKey> AffectedScopes(ScoreEvidence e) => e.Moves ? CountedScopes(e) : [];

    /// <summary>The scopes a mention belongs to, whether or not it moves them (where unscored mentions are counted).</summary>
    public static IReadOnlyList<ScopeKey> CountedScopes(ScoreEvidence e)
    {
        var brands = Distinct(e.BrandIds);
        var influencers = Distinct(e.InfluencerIds);
        var keys = new List<ScopeKey>(brands.Count * influencers.Count + brands.Count + influencers.Count);
        foreach (var b in brands)
        {
            foreach (var i in influencers) keys.Add(ScopeKey.ForPair(b, i));
        }
        foreach (var i in influencers) keys.Add(ScopeKey.ForInfluencer(i));
        foreach (var b in brands) keys.Add(ScopeKey.ForBrand(b));
        return keys;
    }

    private static IReadOnlyList<long> Distinct(IReadOnlyList<long> ids) => ids.Count <= 1 ? ids : ids.Distinct().ToArray();

    /// <summary>Adds the mention to the accumulator of <paramref name="scope"/> (one of its affected scopes).</summary>
    public static void Apply(ScoreEvidence e, ScopeKey scope, ScopeAccumulator accumulator, ScoreOptions options) =>
        accumulator.Add(e, MentionWeight.Of(e, options), IsOwnPost(e, scope), options, scope);

    /// <summary>Own posts of the scope's influencer carry the follower counts that measure mutual lift.</summary>
    internal static bool IsOwnPost(ScoreEvidence e, ScopeKey scope) =>
        scope.Kind != ScopeKind.Brand && e.AuthorInfluencerId is { } a && a == scope.InfluencerId;
}
