using FusionMonitor.Core.Entities;

namespace FusionMonitor.Core.Matching;

/// <summary>
/// Scope applies to writes: a caller limited to some brands may add mentions only about them. Its mention links only
/// to the matched brands it may see, and to a matched influencer only when every pair of that influencer is with such
/// a brand — an influencer's reputation is read by all her pairs (docs/fusion-score.md), so linking her would move
/// brands the caller may not touch. A mention left linking nothing is refused (<see cref="Refusal"/>), never stored
/// unlinked: it would be invisible to its writer and could be linked to another brand later. Pure.
/// </summary>
public static class WriteScope
{
    public const string Refusal = "names no brand this key may write for (its brand scope)";

    /// <summary>The match cut to what a caller limited to <paramref name="writable"/> may move; null when nothing is left.</summary>
    public static MatchResult? Restrict(MatchResult match, IReadOnlySet<long> writable, ILookup<long, Pair> pairsByInfluencer)
    {
        var brands = match.BrandIds.Where(writable.Contains).ToList();
        var influencers = match.InfluencerIds.Where(i => pairsByInfluencer[i].All(p => writable.Contains(p.BrandId))).ToList();
        if (brands.Count == 0 && influencers.Count == 0) return null;
        var author = match.AuthorInfluencerId is { } a && influencers.Contains(a) ? a : (long?)null;
        return match with { BrandIds = brands, InfluencerIds = influencers, AuthorInfluencerId = author };
    }
}
