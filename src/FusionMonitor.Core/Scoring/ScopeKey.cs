namespace FusionMonitor.Core.Scoring;

public enum ScopeKind { Pair = 0, Influencer = 1, Brand = 2 }

/// <summary>
/// Names one accumulator. A brand scope has <see cref="InfluencerId"/> 0, an influencer scope <see cref="BrandId"/> 0.
/// <see cref="ToString"/> ("pair:3:7", "influencer:7", "brand:3") is a stable storage key.
/// </summary>
public readonly record struct ScopeKey(ScopeKind Kind, long BrandId, long InfluencerId)
{
    public static ScopeKey ForPair(long brandId, long influencerId) => new(ScopeKind.Pair, brandId, influencerId);
    public static ScopeKey ForInfluencer(long influencerId) => new(ScopeKind.Influencer, 0, influencerId);
    public static ScopeKey ForBrand(long brandId) => new(ScopeKind.Brand, brandId, 0);

    // Hand-written for the hot path: the generated ones go through EqualityComparer<T>.Default per field.
    public bool Equals(ScopeKey other) => Kind == other.Kind && BrandId == other.BrandId && InfluencerId == other.InfluencerId;

    public override int GetHashCode() => HashCode.Combine((int)Kind, BrandId, InfluencerId);

    public override string ToString() => Kind switch
    {
        ScopeKind.Pair => $"pair:{BrandId}:{InfluencerId}",
        ScopeKind.Influencer => $"influencer:{InfluencerId}",
        _ => $"brand:{BrandId}",
    };
}
