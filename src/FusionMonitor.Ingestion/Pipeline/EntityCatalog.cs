using FusionMonitor.Core.Entities;
using FusionMonitor.Core.Matching;
using FusionMonitor.Storage.Entities;

namespace FusionMonitor.Ingestion.Pipeline;

/// <summary>
/// The brands and influencers with a matcher built over them, cached in memory (pairs are read from the store where
/// needed, bounded by what is asked: there may be millions) and rebuilt only when they change (no periodic full
/// rebuild). Every change moves the store's catalogue version
/// (<see cref="CatalogVersions"/>); an instance hears of a move from the <see cref="CatalogWatcher"/> (a PostgreSQL
/// notification from any instance, or a poll) and rebuilds in the background, off the request path. The pipeline
/// also checks the version in its ingest transaction before it commits, so a brand created on one instance matches on
/// another at once, even before the notification arrives. Thread-safe; one rebuild at a time, shared by everyone
/// waiting for it.
/// </summary>
public sealed class EntityCatalog(EntityStore store, CatalogVersions versions, TimeProvider clock)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Snapshot? _current;
    private long _known; // the newest version known to exist
    private int _checkNext; // a local change was made: read the version before serving the next snapshot

    /// <param name="Version">The catalogue version the rows were read at (or after: the rows are never older).</param>
    public sealed record Snapshot(
        IReadOnlyList<Brand> Brands,
        IReadOnlyList<Influencer> Influencers,
        EntityMatcher Matcher,
        DateTimeOffset BuiltAt,
        long Version = 0)
    {
        public IReadOnlyDictionary<long, Brand> BrandsById { get; } = Brands.ToDictionary(b => b.Id);

        public IReadOnlyDictionary<long, Influencer> InfluencersById { get; } = Influencers.ToDictionary(i => i.Id);

    }

    /// <summary>The version of the snapshot being served (0 before the first build).</summary>
    public long Version => Volatile.Read(ref _current)?.Version ?? 0;

    /// <summary>
    /// Says that this instance just changed entities: the next caller reads the store's version (one small query)
    /// instead of waiting for the notification.
    /// </summary>
    public void Invalidate() => Volatile.Write(ref _checkNext, 1);

    /// <summary>Says that <paramref name="version"/> exists (a notification or a check); a later read rebuilds if it is newer.</summary>
    public void Advance(long version)
    {
        var known = Volatile.Read(ref _known);
        while (version > known)
        {
            var seen = Interlocked.CompareExchange(ref _known, version, known);
            if (seen == known) return;
            known = seen;
        }
    }

    /// <summary>True when a newer version than the served one is known to exist.</summary>
    public bool IsBehind => Volatile.Read(ref _current) is not { } s || s.Version < Volatile.Read(ref _known) || Volatile.Read(ref _checkNext) == 1;

    /// <summary>The snapshot of the newest version this instance knows of (rebuilt first if it is behind).</summary>
    public async ValueTask<Snapshot> GetAsync(CancellationToken ct = default)
    {
        if (Interlocked.Exchange(ref _checkNext, 0) == 1) Advance(await versions.CurrentAsync(ct));
        var s = Volatile.Read(ref _current);
        if (s is not null && s.Version >= Volatile.Read(ref _known)) return s;
        return await RebuildAsync(ct);
    }

    /// <summary>
    /// The snapshot of the store's current version: reads the version first (one small query), so what a caller
    /// matches with is never older than what had committed when it asked. The pipeline calls this before matching.
    /// </summary>
    public async ValueTask<Snapshot> CurrentAsync(CancellationToken ct = default)
    {
        Advance(await versions.CurrentAsync(ct));
        return await GetAsync(ct);
    }

    private async Task<Snapshot> RebuildAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var s = Volatile.Read(ref _current);
            if (s is not null && s.Version >= Volatile.Read(ref _known)) return s; // built while this caller waited
            // The version first, then the rows: the rows are at least as new as the version they are labelled with.
            var version = await versions.CurrentAsync(ct);
            Advance(version);
            var brands = await store.BrandsAsync(ct);
            var influencers = await store.InfluencersAsync(ct);
            // A disabled brand or influencer keeps its name for every read but matches nothing (it is paused); enabling
            // or disabling one moves the version like any other update, so every instance rebuilds.
            s = new Snapshot(brands, influencers, new EntityMatcher(brands.Where(b => b.Enabled).ToList(), influencers.Where(i => i.Enabled).ToList()),
                clock.GetUtcNow(), version);
            Volatile.Write(ref _current, s);
            return s;
        }
        finally
        {
            _gate.Release();
        }
    }
}
