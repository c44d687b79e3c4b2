using FusionMonitor.Ingestion.Hosting;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Entities;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FusionMonitor.Ingestion.Pipeline;

/// <summary>
/// Keeps this instance's <see cref="EntityCatalog"/> current without anyone waiting for it: listens for catalogue
/// changes (<see cref="CatalogVersions.WatchAsync"/> — PostgreSQL notifications from every instance, polling on
/// SQLite), rebuilds the catalogue in the background when one arrives, then lets <see cref="CatalogRematch"/> match
/// the recent mentions against it. A lost listening connection is opened again after a pause.
/// </summary>
public sealed class CatalogWatcher(FusionDatabase db, CatalogVersions versions, EntityCatalog catalog, CatalogRematch rematch, AppReadiness readiness,
    ILogger<CatalogWatcher> log) : BackgroundService
{
    private readonly SemaphoreSlim _kick = new(0, 1);

    /// <summary>How often the version is read without a notification (the safety net on PostgreSQL; SQLite's only way).</summary>
    public TimeSpan Poll => db.Kind == DatabaseKind.Postgres ? TimeSpan.FromSeconds(30) : TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!readiness.IsReady) await Task.Delay(200, stoppingToken); // migrations first
        await Task.WhenAll(ListenAsync(stoppingToken), WorkAsync(stoppingToken));
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await versions.WatchAsync(v =>
                {
                    catalog.Advance(v);
                    Kick();
                }, Poll, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Lost the catalogue change notifications; listening again in 5 s (the pipeline still checks the version before matching)");
                await Task.Delay(TimeSpan.FromSeconds(5), ct);
            }
        }
    }

    private async Task WorkAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await _kick.WaitAsync(Poll, ct);
            try
            {
                if (catalog.IsBehind) await catalog.GetAsync(ct);
                await rematch.CatchUpAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Catalogue refresh or re-match failed; trying again on the next change or in {Seconds} s", Poll.TotalSeconds);
            }
        }
    }

    private void Kick()
    {
        if (_kick.CurrentCount > 0) return;
        try { _kick.Release(); } catch (SemaphoreFullException) { } // already kicked
    }
}
