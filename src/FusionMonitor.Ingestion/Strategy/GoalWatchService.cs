using FusionMonitor.Ingestion.Alerts;
using FusionMonitor.Ingestion.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FusionMonitor.Ingestion.Strategy;

/// <summary>
/// Runs the goal check (<see cref="GoalWatch.CheckAllAsync"/>) every <see cref="StrategyOptions.GoalCheckEvery"/> once
/// the app is ready, and announces its alerts through the same channels as the alert cycle (<see cref="AlertAnnouncer"/>).
/// A failed check is logged and retried at the next one; what it would have written is still as it was.
/// </summary>
public sealed class GoalWatchService(GoalWatch watch, AlertAnnouncer announcer, AppReadiness readiness, IOptionsMonitor<StrategyOptions> options,
    ILogger<GoalWatchService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(options.CurrentValue.GoalCheckEvery, stoppingToken);
            if (!readiness.IsReady) continue;
            try
            {
                await announcer.AnnounceAsync(await watch.CheckAllAsync(stoppingToken), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Goal check failed");
            }
        }
    }
}
