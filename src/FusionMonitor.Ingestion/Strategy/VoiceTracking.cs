using FusionMonitor.Core.Entities;
using FusionMonitor.Core.Matching;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Storage.Entities;

namespace FusionMonitor.Ingestion.Strategy;

/// <summary>
/// Tracks a voice of a brand in one action: the influencer holding the author's handle (made when nobody holds it,
/// named after the handle), then the pair with the brand — the same two steps as <c>POST /api/influencers</c> and
/// <c>POST /api/pairs</c>. Idempotent: an existing influencer or pair is reused.
/// </summary>
public sealed class VoiceTracking(EntityStore store, EntityCatalog catalog)
{
    public async Task<Pair> TrackAsync(long brandId, string platform, string handle, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(platform) || string.IsNullOrWhiteSpace(handle)) throw new ArgumentException("A voice needs a platform and a handle.");
        var key = EntityMatcher.HandleKey(platform, handle);
        var holder = (await catalog.GetAsync(ct)).Influencers
            .Where(i => i.Handles.Any(h => EntityMatcher.HandleKey(h.Key, h.Value) == key)).OrderBy(i => i.Id).FirstOrDefault();
        if (holder is null)
        {
            var handles = new Dictionary<string, string> { [platform] = handle };
            try
            {
                holder = await store.AddInfluencerAsync("@" + handle, handles, ct: ct);
            }
            catch (DuplicateNameException)
            {
                holder = await store.AddInfluencerAsync($"@{handle} ({platform})", handles, ct: ct);
            }
            catalog.Invalidate();
        }
        var pair = await store.AddPairAsync(brandId, holder.Id, ct);
        catalog.Invalidate();
        return pair;
    }
}
