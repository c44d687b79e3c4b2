using FusionMonitor.Core.Entities;
using FusionMonitor.Ingestion.Pipeline;

namespace FusionMonitor.Ingestion.Alerts;

/// <summary>What an alert is about, in words: the brand's name, or "influencer × brand" for a pair.</summary>
internal static class AlertSubjects
{
    public static string Brand(EntityCatalog.Snapshot snapshot, long brandId) =>
        snapshot.BrandsById.GetValueOrDefault(brandId)?.Name ?? $"brand {brandId}";

    public static string Pair(EntityCatalog.Snapshot snapshot, Pair pair) =>
        $"{snapshot.InfluencersById.GetValueOrDefault(pair.InfluencerId)?.Name ?? $"influencer {pair.InfluencerId}"} × {Brand(snapshot, pair.BrandId)}";
}
