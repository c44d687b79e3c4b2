using FusionMonitor.Core.Sentiment;
using FusionMonitor.Ingestion.Hosting;
using FusionMonitor.Storage;
using FusionMonitor.Web.Auth;

namespace FusionMonitor.Web.Hosting;

/// <summary>
/// Brings the app to ready: applies migrations, loads the sentiment model, makes sure an admin exists, seeds the demo
/// catalogue on a first start. Retries while the database is unreachable, so the app can start before its database;
/// <c>/healthz</c> answers 503 with the reason until then.
/// </summary>
public sealed class StartupTasks(
    FusionDatabase db,
    MigrationRunner migrations,
    AppReadiness readiness,
    IServiceProvider services,
    AdminBootstrap bootstrap,
    ILogger<StartupTasks> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var attempt = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                readiness.Report("applying migrations");
                var applied = await migrations.MigrateAsync(stoppingToken);
                log.LogInformation("Store {Store}: {Count} migration(s) applied", db.Describe(), applied.Count);
                foreach (var duplicate in migrations.Duplicates)
                    log.LogWarning("Names are unique ignoring case and accents now: {Duplicate}; delete or rename one of them", duplicate);

                readiness.Report("loading sentiment model");
                var scorer = services.GetRequiredService<ISentimentScorer>();
                log.LogInformation("Sentiment model {Version} loaded", scorer.ModelVersion);

                readiness.Report("bootstrapping access");
                await bootstrap.EnsureAdminAsync(stoppingToken);

                foreach (var step in services.GetServices<IStartupStep>())
                {
                    readiness.Report(step.Description);
                    await step.RunAsync(stoppingToken);
                }

                readiness.MarkReady();
                log.LogInformation("FusionMonitor is ready");
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException && IsTransient(e))
            {
                attempt++;
                readiness.Report($"waiting for the database: {e.Message}");
                log.LogWarning("Start-up step failed (attempt {Attempt}), retrying in 5 s: {Message}", attempt, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }
        }
    }

    private static bool IsTransient(Exception e) => e is System.Data.Common.DbException or System.Net.Sockets.SocketException or TimeoutException
        || e.InnerException is { } inner && IsTransient(inner);
}
