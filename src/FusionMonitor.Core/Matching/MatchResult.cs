namespace FusionMonitor.Core.Matching;

/// <summary>
/// The brands and influencers a mention refers to, each id once, in ascending order.
/// <see cref="Reasons"/> says why each matched ("brand 3: alias 'nova wear'") and is filled only on request
/// (<see cref="EntityMatcher.Match(Mentions.IncomingMention, bool)"/>), to keep the hot path allocation-light.
/// <see cref="AuthorInfluencerId"/> is the own-post rule's verdict: the influencer whose handle on the mention's
/// platform wrote it (their own post, which carries the follower counts of mutual lift), decided here once and stored.
/// </summary>
public sealed record MatchResult(IReadOnlyList<long> BrandIds, IReadOnlyList<long> InfluencerIds, IReadOnlyList<string> Reasons, long? AuthorInfluencerId = null)
{
    public static readonly MatchResult None = new([], [], []);

    /// <summary>True when the mention refers to nothing we watch: the pipeline keeps it, flagged as unmatched.</summary>
    public bool IsEmpty => BrandIds.Count == 0 && InfluencerIds.Count == 0;
}
