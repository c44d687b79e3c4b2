using FusionMonitor.Ingestion.Alerts;
using FusionMonitor.Ingestion.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FusionMonitor.Ingestion.Strategy;

/// <summary>
/// Runs the goal check (<see cref="GoalWatch.CheckAllAsync"/>) every <see cref="StrategyOptions.GoalCheckEvery"/> and
/// the aspect check (<see cref="AspectWatch.CheckAllAsync"/>) every <see cref="StrategyOptions.AspectCheckEvery"/>
/// once the app is ready, and announces their alerts through the same channels as the alert cycle
/// (<see cref="AlertAnnouncer"/>). A failed check is logged and retried at the next one; what it would have written
/// is still as it was.
/// </summary>
public sealed class GoalWatchService(GoalWatch goals, AspectWatch aspects, AlertAnnouncer announcer, AppReadiness readiness, IOptionsMonitor<StrategyOptions> options,
    TimeProvider clock, ILogger<GoalWatchService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first of each waits one interval after start-up.
        var lastGoals = clock.GetUtcNow();
        var lastAspects = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            var o = options.CurrentValue;
            await Task.Delay(o.GoalCheckEvery < o.AspectCheckEvery ? o.GoalCheckEvery : o.AspectCheckEvery, stoppingToken);
            if (!readiness.IsReady) continue;
            if (clock.GetUtcNow() - lastGoals >= options.CurrentValue.GoalCheckEvery - TimeSpan.FromMilliseconds(50))
            {
                lastGoals = clock.GetUtcNow();
                try
                {
                    await announcer.AnnounceAsync(await goals.CheckAllAsync(stoppingToken), stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogError(ex, "Goal check failed");
                }
            }
            if (clock.GetUtcNow() - lastAspects < options.CurrentValue.AspectCheckEvery - TimeSpan.FromMilliseconds(50)) continue;
            lastAspects = clock.GetUtcNow();
            try
            {
                await announcer.AnnounceAsync(await aspects.CheckAllAsync(stoppingToken), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Aspect check failed");
            }
        }
    }
}
