namespace FusionMonitor.Core.Entities;

/// <summary>A brand to watch. Aliases and keywords match on word boundaries; an exclusion vetoes a match ("apple pie").</summary>
public sealed record Brand(long Id, string Name, IReadOnlyList<string> Aliases, IReadOnlyList<string> Keywords, IReadOnlyList<string> Excludes);

/// <summary>A person whose conduct moves brands: a celebrity or an ordinary consumer. Handles are per platform.</summary>
public sealed record Influencer(long Id, string Name, IReadOnlyList<string> Aliases, IReadOnlyDictionary<string, string> Handles);

/// <summary>A brand–influencer relationship whose Fusion Score is tracked.</summary>
public sealed record Pair(long Id, long BrandId, long InfluencerId);
