using FusionMonitor.Core.Alerts;
using FusionMonitor.Ingestion.Alerts;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.Web.Hosting;
using FusionMonitor.Web.Live;
using Microsoft.Extensions.Options;

namespace FusionMonitor.Web.Alerts;

/// <summary>
/// Runs alert evaluation every few seconds, and at once after each committed batch (so an alert fires within one
/// cycle of its data), then announces new alerts live and to the channels.
/// </summary>
public sealed class AlertService(AlertMonitor monitor, LiveNotifier notifier, AlertChannels channels, AppReadiness readiness,
    IOptionsMonitor<AlertChannelOptions> options, ILogger<AlertService> log) : BackgroundService, IIngestListener
{
    private readonly SemaphoreSlim _kick = new(0, 1);

    void IIngestListener.OnCommitted(IReadOnlyList<StoredMention> inserted, IReadOnlyList<LiveEvent> effects)
    {
        if (_kick.CurrentCount == 0)
        {
            try { _kick.Release(); } catch (SemaphoreFullException) { } // already kicked
        }
    }

    /// <summary>Kicks closer together than this coalesce into one evaluation, so a steady stream of batches cannot
    /// keep the evaluator (and its write transaction) running back to back.</summary>
    public static readonly TimeSpan MinSpacing = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var last = DateTime.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            await _kick.WaitAsync(TimeSpan.FromSeconds(Math.Max(1, options.CurrentValue.EvaluateSeconds)), stoppingToken);
            var wait = last + MinSpacing - DateTime.UtcNow;
            if (wait > TimeSpan.Zero) await Task.Delay(wait, stoppingToken);
            last = DateTime.UtcNow;
            if (!readiness.IsReady) continue;
            try
            {
                foreach (var (e, id) in await monitor.EvaluateAsync(stoppingToken))
                {
                    if (e.Kind is AlertEventKind.Opened or AlertEventKind.Reopened)
                        notifier.Publish(new AlertRaised(id, AlertStoreKind(e), e.BrandId, e.PairId, e.Summary, e.OpenedAt));
                    await channels.SendAsync(e, id, stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A failed cycle is retried by the next one; the state it would have written is still as it was.
                log.LogError(ex, "Alert evaluation failed");
            }
        }
    }

    private static string AlertStoreKind(AlertEvent e) => Storage.Alerts.AlertStore.KindName(e.AlertKind);
}
