namespace FusionMonitor.Ingestion.Pipeline;

/// <summary>Something that changed and is pushed live (hub, dashboard). Names and shapes follow the contract's hub events.</summary>
public abstract record LiveEvent
{
    /// <summary>The brands this event is about: a caller limited to other brands never receives it.</summary>
    public abstract IReadOnlyList<long> AboutBrands();
}

/// <summary><c>mentionScored</c>.</summary>
public sealed record MentionScored(long Id, IReadOnlyList<long> BrandIds, IReadOnlyList<long> InfluencerIds, string Label, float Polarity) : LiveEvent
{
    public override IReadOnlyList<long> AboutBrands() => BrandIds;
}

/// <summary><c>scoreUpdated</c>.</summary>
public sealed record ScoreUpdated(long PairId, long BrandId, long InfluencerId, double Score, double Delta, DateTimeOffset At) : LiveEvent
{
    public override IReadOnlyList<long> AboutBrands() => [BrandId];
}

/// <summary><c>alertRaised</c>.</summary>
public sealed record AlertRaised(long Id, string Kind, long? BrandId, long? PairId, string Summary, DateTimeOffset OpenedAt) : LiveEvent
{
    public override IReadOnlyList<long> AboutBrands() => BrandId is { } b ? [b] : [];
}
