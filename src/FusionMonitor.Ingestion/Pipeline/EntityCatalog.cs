using FusionMonitor.Core.Entities;
using FusionMonitor.Core.Matching;
using FusionMonitor.Storage.Entities;

namespace FusionMonitor.Ingestion.Pipeline;

/// <summary>
/// The brands and influencers with a matcher built over them, cached in memory (pairs are read from the store where
/// needed, bounded by what is asked: there may be millions). Any instance rebuilds it from
/// the store: on a local change (<see cref="Invalidate"/>) at once, and otherwise at most <see cref="MaxAge"/> later,
/// which is how a change made on another instance arrives here.
/// </summary>
public sealed class EntityCatalog(EntityStore store, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(15);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Snapshot? _current;
    private long _generation;

    public sealed record Snapshot(
        IReadOnlyList<Brand> Brands,
        IReadOnlyList<Influencer> Influencers,
        EntityMatcher Matcher,
        DateTimeOffset BuiltAt)
    {
        public IReadOnlyDictionary<long, Brand> BrandsById { get; } = Brands.ToDictionary(b => b.Id);

        public IReadOnlyDictionary<long, Influencer> InfluencersById { get; } = Influencers.ToDictionary(i => i.Id);
    }

    /// <summary>
    /// Drops the cached snapshot. A rebuild already running when this is called may have read the old rows, so it
    /// is not cached (the generation moved on); the next caller rebuilds from the new ones.
    /// </summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        Volatile.Write(ref _current, null);
    }

    public async ValueTask<Snapshot> GetAsync(CancellationToken ct = default)
    {
        var s = Volatile.Read(ref _current);
        if (s is not null && clock.GetUtcNow() - s.BuiltAt < MaxAge) return s;
        await _gate.WaitAsync(ct);
        try
        {
            s = Volatile.Read(ref _current);
            if (s is not null && clock.GetUtcNow() - s.BuiltAt < MaxAge) return s;
            var generation = Volatile.Read(ref _generation);
            var brands = await store.BrandsAsync(ct);
            var influencers = await store.InfluencersAsync(ct);
            s = new Snapshot(brands, influencers, new EntityMatcher(brands, influencers), clock.GetUtcNow());
            if (Volatile.Read(ref _generation) == generation) Volatile.Write(ref _current, s);
            return s;
        }
        finally
        {
            _gate.Release();
        }
    }
}
