using FusionMonitor.Ingestion.Demo;
using FusionMonitor.Ingestion.Hosting;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Ingestion.Scoring;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Storage.Mentions;
using Microsoft.Extensions.Options;

namespace FusionMonitor.Web.Hosting;

/// <summary>
/// The demo source: feeds the scripted <see cref="DemoStream"/> through the real pipeline, a second's worth at a
/// time, so the embedded default shows live change with no internet. On by default on the embedded store, off on
/// PostgreSQL unless <c>Demo:Enabled</c> is true; <c>Demo:Enabled=false</c> turns it off anywhere.
/// </summary>
public sealed class DemoService(MentionPipeline pipeline, MentionStore mentions, ScoreHistoryRebuild history, AppReadiness readiness, IOptions<DemoOptions> demo, IOptions<DemoStreamOptions> streamOptions,
    IOptions<StorageOptions> storage, TimeProvider clock, ILogger<DemoService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!demo.Value.IsOn(storage.Value.UsesPostgres)) return;
        var options = streamOptions.Value;
        while (!readiness.IsReady) await Task.Delay(250, stoppingToken);
        // The past ends where the backfill began; the live story (its incident IncidentAfter in) starts once it is in.
        if (options.HistoryDays > 0 && await mentions.CountAsync(stoppingToken) == 0)
            await BackfillAsync(new DemoStream(options, clock.GetUtcNow()), options, stoppingToken);
        var started = clock.GetUtcNow();
        var stream = new DemoStream(options, started);
        var done = TimeSpan.Zero;
        log.LogInformation("Demo source on: {Rate}/s, incident after {After}", options.MentionsPerSecond, options.IncidentAfter);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = clock.GetUtcNow() - started;
            try
            {
                var batch = stream.Between(done, now);
                if (batch.Count > 0) await pipeline.IngestAsync(batch, ct: stoppingToken);
                done = now;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The same window is asked for again next tick; its ids make the retry harmless.
                log.LogWarning("Demo batch failed, retrying: {Message}", e.Message);
            }
        }
    }

    /// <summary>
    /// A first start (no mentions yet) gets the demo's past first — a month of chatter and the concert a week ago —
    /// oldest first, through the same pipeline, so the board opens with real sparklines and the alert baselines know
    /// what normal is before the live incident.
    /// </summary>
    private async Task BackfillAsync(DemoStream stream, DemoStreamOptions options, CancellationToken ct)
    {
        log.LogInformation("Demo: backfilling {Days} days of history", options.HistoryDays);
        var total = 0;
        foreach (var batch in stream.History().Chunk(1_000))
        {
            await pipeline.IngestAsync(batch, ct: ct);
            total += batch.Length;
            if (total % 10_000 < 1_000) log.LogInformation("Demo: {Count} mentions of history so far (up to {At:yyyy-MM-dd})", total, batch[^1].CreatedAt);
        }
        // Ingested in a minute or two, the month would otherwise be history of this hour only: charts, sparklines and
        // the 1 h / 24 h / 7 d changes would show one step from neutral to today.
        var (_, points) = await history.RunAsync(ct: ct);
        log.LogInformation("Demo: history done, {Count} mentions, {Points} hourly score points; streaming live", total, points);
    }

    /// <summary>On a first start (no brands yet) adds the demo brands, influencers and pairs.</summary>
    public sealed class SeedStep(EntityStore entities, EntityCatalog catalog, IOptions<DemoOptions> demo, IOptions<StorageOptions> storage, ILogger<SeedStep> log) : IStartupStep
    {
        public string Description => "seeding the demo catalogue";

        public async Task RunAsync(CancellationToken ct)
        {
            if (!demo.Value.IsOn(storage.Value.UsesPostgres) || (await entities.BrandsAsync(ct)).Count > 0) return;
            var brandIds = new Dictionary<long, long>();
            var influencerIds = new Dictionary<long, long>();
            foreach (var b in DemoCatalog.Brands)
                brandIds[b.Id] = (await entities.AddBrandAsync(b.Name, b.Aliases, b.Keywords, b.Excludes, ct)).Id;
            foreach (var i in DemoCatalog.Influencers)
                influencerIds[i.Id] = (await entities.AddInfluencerAsync(i.Name, i.Handles, i.Aliases, ct)).Id;
            foreach (var p in DemoCatalog.Pairs)
                await entities.AddPairAsync(brandIds[p.BrandId], influencerIds[p.InfluencerId], ct);
            catalog.Invalidate();
            log.LogInformation("Seeded the demo catalogue: {Brands} brands, {Influencers} influencers, {Pairs} pairs",
                DemoCatalog.Brands.Count, DemoCatalog.Influencers.Count, DemoCatalog.Pairs.Count);
        }
    }
}
