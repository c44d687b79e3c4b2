namespace FusionMonitor.Core.Scoring;

/// <summary>
/// Where a score comes from, in points: <c>Score − 50 = CoMention + Influencer + Brand + Lift</c>, exactly.
/// </summary>
public sealed record ScoreComponents(double CoMention, double Influencer, double Brand, double Lift)
{
    public static readonly ScoreComponents Zero = new(0, 0, 0, 0);
}

/// <summary>
/// A pair's Fusion Score at one moment: 0–100, 50 = neutral or unknown.
/// <see cref="Confidence"/> = evidence / (evidence + prior) in [0, 1): 0.5 means the evidence weighs as much as the
/// neutral prior; <see cref="EvidenceWeight"/> is that decayed, component-weighted evidence.
/// </summary>
public sealed record FusionScore(
    double Score,
    ScoreComponents Components,
    double Confidence,
    double EvidenceWeight,
    long CoMentions,
    long InfluencerMentions,
    long BrandMentions,
    DateTimeOffset At)
{
    /// <summary>The score of a pair with no evidence, and where every score decays back to.</summary>
    public const double NeutralScore = 50;

    public static FusionScore Neutral(DateTimeOffset at) => new(NeutralScore, ScoreComponents.Zero, 0, 0, 0, 0, 0, at);
}

/// <summary>
/// The three accumulators a pair's score is read from. Any may be null (no evidence yet).
/// The influencer and brand accumulators are shared by every pair of that influencer or brand: that is how the
/// influencer's conduct spills onto all their brands without touching each pair.
/// </summary>
public sealed record PairState(ScopeAccumulator? Pair, ScopeAccumulator? Influencer, ScopeAccumulator? Brand)
{
    public static readonly PairState Empty = new(null, null, null);

    /// <summary>A deep copy to keep as the "before" of an explanation.</summary>
    public PairState Snapshot() => new(Pair?.Clone(), Influencer?.Clone(), Brand?.Clone());
}
