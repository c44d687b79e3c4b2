using FusionMonitor.Core.Alerts;
using FusionMonitor.Ingestion.Hosting;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Storage.Alerts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FusionMonitor.Ingestion.Alerts;

/// <summary>
/// Runs the follow-up cycle (<see cref="AlertMonitor.EvaluateAsync"/>: score history, spill-over pushes, alert
/// evaluation) every few seconds, and at once after each committed batch (so an alert fires within one cycle of its
/// data), then publishes the cycle's score pushes and new alerts live and pages the channels; a cycle that left work
/// (a backlog of changes) is followed by another at once. It hears about committed batches as every other subscriber
/// does, from the <see cref="LiveNotifier"/>.
/// </summary>
public sealed class AlertService(AlertMonitor monitor, LiveNotifier notifier, AlertAnnouncer announcer, AlertStore store, AppReadiness readiness,
    IOptionsMonitor<AlertSettings> options, TimeProvider clock, ILogger<AlertService> log) : BackgroundService
{
    private readonly SemaphoreSlim _kick = new(0, 1);

    /// <summary>Kicks closer together than this coalesce into one evaluation, so a steady stream of batches cannot
    /// keep the evaluator (and its write transaction) running back to back.</summary>
    public static readonly TimeSpan MinSpacing = TimeSpan.FromSeconds(1);

    /// <summary>How often the five-minute volumes past their retention are deleted.</summary>
    public static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // New evidence (not our own alerts or pushes) asks for a cycle now; many kicks before it runs make one.
        using var subscription = notifier.Subscribe(e =>
        {
            if (e is MentionScored && _kick.CurrentCount == 0)
            {
                try { _kick.Release(); } catch (SemaphoreFullException) { } // already kicked
            }
        });
        var last = DateTime.MinValue;
        var lastPrune = DateTime.MinValue;
        var more = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!more) await _kick.WaitAsync(TimeSpan.FromSeconds(Math.Max(1, options.CurrentValue.EvaluateSeconds)), stoppingToken);
            var wait = last + MinSpacing - DateTime.UtcNow;
            if (wait > TimeSpan.Zero && !more) await Task.Delay(wait, stoppingToken);
            last = DateTime.UtcNow;
            more = false;
            if (!readiness.IsReady) continue;
            try
            {
                var cycle = await monitor.EvaluateAsync(stoppingToken);
                more = cycle.More;
                foreach (var e in cycle.Scores) notifier.Publish(e);
                await announcer.AnnounceAsync(cycle.Alerts, stoppingToken);
                if (DateTime.UtcNow - lastPrune >= PruneEvery)
                {
                    var pruned = await monitor.PruneVolumesAsync(stoppingToken);
                    var events = await store.PruneTimelineAsync(clock.GetUtcNow() - options.CurrentValue.TimelineRetention, stoppingToken);
                    if (events > 0) log.LogInformation("Pruned {Count} alert timeline event(s) past their retention", events);
                    lastPrune = DateTime.UtcNow;
                    if (pruned > 0) log.LogInformation("Pruned {Count} five-minute volume bucket(s) no rule reads any more", pruned);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A failed cycle is retried by the next one; the state it would have written is still as it was.
                log.LogError(ex, "Alert evaluation failed");
            }
        }
    }
}
