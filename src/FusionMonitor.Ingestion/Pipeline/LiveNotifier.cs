using FusionMonitor.Core.Sentiment;
using FusionMonitor.Storage.Mentions;
using Microsoft.Extensions.Logging;

namespace FusionMonitor.Ingestion.Pipeline;

/// <summary>
/// The one in-process fan-out of what changed: the pipeline publishes each committed batch here, the alert service
/// publishes the alerts it raises; the hub forwarder, the dashboard pages and the alert service subscribe. A
/// subscriber's callback must be quick and must not throw (hand work to a channel, a semaphore or
/// <c>InvokeAsync</c>); a throwing subscriber is logged and kept, so one bad page cannot stop the others. Thread-safe.
/// </summary>
public sealed class LiveNotifier(ILogger<LiveNotifier> log)
{
    private readonly Lock _gate = new();
    private Action<LiveEvent>[] _subscribers = [];

    /// <summary>Calls <paramref name="handler"/> for every event from now on, until the result is disposed.</summary>
    public IDisposable Subscribe(Action<LiveEvent> handler)
    {
        lock (_gate) _subscribers = [.. _subscribers, handler];
        return new Subscription(this, handler);
    }

    public void Publish(LiveEvent e)
    {
        foreach (var s in Volatile.Read(ref _subscribers))
        {
            try { s(e); }
            catch (Exception ex) { log.LogError(ex, "A live-event subscriber failed on {Event}", e.GetType().Name); }
        }
    }

    /// <summary>A committed batch: one <see cref="MentionScored"/> per new mention, then what it moved (scores).</summary>
    public void PublishCommitted(IReadOnlyList<StoredMention> inserted, IReadOnlyList<LiveEvent> effects)
    {
        foreach (var m in inserted)
            Publish(new MentionScored(m.Id, m.Scored.BrandIds, m.Scored.InfluencerIds, SentimentScore.LabelName(m.Scored.Sentiment.Label), m.Scored.Sentiment.Polarity));
        foreach (var e in effects) Publish(e);
    }

    private void Unsubscribe(Action<LiveEvent> handler)
    {
        lock (_gate) _subscribers = _subscribers.Where(s => s != handler).ToArray();
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
