using FusionMonitor.Core.Sentiment;
using FusionMonitor.Storage.Mentions;
using Microsoft.Extensions.Logging;

namespace FusionMonitor.Ingestion.Pipeline;

/// <summary>Which events a <see cref="LiveNotifier"/> subscriber hears.</summary>
public enum LiveReach
{
    /// <summary>Every instance's events: this one's, and those a backplane brings from the others (pages, alerting).</summary>
    AllInstances,

    /// <summary>Only what this instance published (a forwarder that has its own way between instances, or the backplane itself).</summary>
    ThisInstance,
}

/// <summary>
/// The one in-process fan-out of what changed: the pipeline publishes each committed batch here, the alert service
/// publishes the alerts it raises; the hub forwarder, the dashboard pages and the alert service subscribe. With
/// several instances, a backplane (Web's <c>RedisLiveBus</c>) subscribes to this instance's events, sends them to the
/// others and hands theirs in through <see cref="DeliverFromElsewhere"/>, so a page sees every instance's events.
/// A subscriber's callback must be quick and must not throw (hand work to a channel, a semaphore or
/// <c>InvokeAsync</c>); a throwing subscriber is logged and kept, so one bad page cannot stop the others. Thread-safe.
/// </summary>
public sealed class LiveNotifier(ILogger<LiveNotifier> log)
{
    private readonly Lock _gate = new();
    private Action<LiveEvent>[] _everywhere = [];
    private Action<LiveEvent>[] _local = [];

    /// <summary>Calls <paramref name="handler"/> for every event from now on, until the result is disposed.</summary>
    public IDisposable Subscribe(Action<LiveEvent> handler, LiveReach reach = LiveReach.AllInstances)
    {
        lock (_gate)
        {
            if (reach == LiveReach.AllInstances) _everywhere = [.. _everywhere, handler];
            else _local = [.. _local, handler];
        }
        return new Subscription(this, handler);
    }

    /// <summary>An event of this instance: every subscriber hears it.</summary>
    public void Publish(LiveEvent e)
    {
        Deliver(Volatile.Read(ref _local), e);
        Deliver(Volatile.Read(ref _everywhere), e);
    }

    /// <summary>An event another instance published, brought by the backplane: only <see cref="LiveReach.AllInstances"/> subscribers hear it.</summary>
    public void DeliverFromElsewhere(LiveEvent e) => Deliver(Volatile.Read(ref _everywhere), e);

    /// <summary>A committed batch: one <see cref="MentionScored"/> per new mention, then what it moved (scores).</summary>
    public void PublishCommitted(IReadOnlyList<StoredMention> inserted, IReadOnlyList<LiveEvent> effects)
    {
        foreach (var m in inserted)
            Publish(new MentionScored(m.Id, m.Scored.BrandIds, m.Scored.InfluencerIds, SentimentScore.LabelName(m.Scored.Sentiment.Label), m.Scored.Sentiment.Polarity));
        foreach (var e in effects) Publish(e);
    }

    private void Deliver(Action<LiveEvent>[] subscribers, LiveEvent e)
    {
        foreach (var s in subscribers)
        {
            try { s(e); }
            catch (Exception ex) { log.LogError(ex, "A live-event subscriber failed on {Event}", e.GetType().Name); }
        }
    }

    private void Unsubscribe(Action<LiveEvent> handler)
    {
        lock (_gate)
        {
            _everywhere = _everywhere.Where(s => s != handler).ToArray();
            _local = _local.Where(s => s != handler).ToArray();
        }
    }

    private sealed class Subscription(LiveNotifier owner, Action<LiveEvent> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Unsubscribe(handler);
        }
    }
}
