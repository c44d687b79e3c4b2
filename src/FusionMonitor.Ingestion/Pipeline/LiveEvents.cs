using FusionMonitor.Core.Alerts;

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

/// <summary>
/// <c>alertRaised</c>: an alert opened or reopened. <see cref="Card"/> is the alert in words, as every channel shows it
/// (<see cref="AlertCards.Build"/>); <see cref="Severity"/> its severity's name.
/// </summary>
public sealed record AlertRaised(long Id, string Kind, long? BrandId, long? PairId, string Summary, DateTimeOffset OpenedAt,
    string? Severity = null, AlertCard? Card = null) : LiveEvent
{
    public override IReadOnlyList<long> AboutBrands() => BrandId is { } b ? [b] : [];
}

/// <summary>
/// <c>alertUpdated</c>: an alert's status or timeline changed (acknowledged, assigned, noted, resolved — by a person or
/// by itself), so counts and inboxes re-read it.
/// </summary>
public sealed record AlertChanged(long Id, long? BrandId, long? PairId, string Status, string Change) : LiveEvent
{
    public override IReadOnlyList<long> AboutBrands() => BrandId is { } b ? [b] : [];
}
