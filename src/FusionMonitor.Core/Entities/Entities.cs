namespace FusionMonitor.Core.Entities;

/// <summary>A brand to watch. Aliases and keywords match on word boundaries; an exclusion vetoes a match ("apple pie").
/// A disabled brand is paused: left out of matching, so it gathers no new mentions and raises no alerts.</summary>
public sealed record Brand(long Id, string Name, IReadOnlyList<string> Aliases, IReadOnlyList<string> Keywords, IReadOnlyList<string> Excludes,
    bool Enabled = true);

/// <summary>A person whose conduct moves brands: a celebrity or an ordinary consumer. Handles are per platform.
/// A disabled influencer is paused: left out of matching.</summary>
public sealed record Influencer(long Id, string Name, IReadOnlyList<string> Aliases, IReadOnlyDictionary<string, string> Handles,
    bool Enabled = true);

/// <summary>A brand–influencer relationship whose Fusion Score is tracked. A disabled pair is paused: its own scope
/// counts no new co-mentions and it is not followed (no score history, alerts or live pushes).</summary>
public sealed record Pair(long Id, long BrandId, long InfluencerId, bool Enabled = true);
