using System.Threading.Channels;
using FusionMonitor.Ingestion.Pipeline;
using Microsoft.AspNetCore.SignalR;

namespace FusionMonitor.Web.Live;

/// <summary>
/// Serves outside hub clients from the same notifier the pages use. Events queue in a bounded channel that drops the
/// oldest, so a slow network never stalls ingestion. Each event goes to the groups of everything it is about. Only this
/// instance's events are forwarded: SignalR's own backplane carries them to clients connected to the other instances,
/// which forward theirs likewise, so every client receives each event once.
/// </summary>
public sealed class HubForwarder(LiveNotifier notifier, IHubContext<FusionHub> hub, ILogger<HubForwarder> log) : BackgroundService
{
    private readonly Channel<LiveEvent> _queue = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(10_000)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = notifier.Subscribe(e => _queue.Writer.TryWrite(e), LiveReach.ThisInstance);
        await foreach (var e in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await SendAsync(e, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Could not push {Event} to hub clients", e.GetType().Name);
            }
        }
    }

    private Task SendAsync(LiveEvent e, CancellationToken ct)
    {
        var groups = new List<string> { FusionHub.AllGroup };
        groups.AddRange(e.AboutBrands().Select(FusionHub.BrandGroup));
        if (e is MentionScored m) return hub.Clients.Groups(groups).SendAsync("mentionScored", m, ct);
        // Scores and alerts also go to the score-only twins of the same groups.
        groups.AddRange(groups.Select(FusionHub.ScoresOnly).ToList());
        return e switch
        {
            ScoreUpdated s => hub.Clients.Groups([.. groups, FusionHub.PairGroup(s.PairId)]).SendAsync("scoreUpdated", s, ct),
            AlertRaised a => hub.Clients.Groups(a.PairId is { } p ? [.. groups, FusionHub.PairGroup(p)] : groups).SendAsync("alertRaised", a, ct),
            AlertChanged a => hub.Clients.Groups(a.PairId is { } p ? [.. groups, FusionHub.PairGroup(p)] : groups).SendAsync("alertUpdated", a, ct),
            _ => Task.CompletedTask,
        };
    }
}
