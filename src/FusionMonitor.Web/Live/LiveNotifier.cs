using FusionMonitor.Core.Sentiment;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Storage.Mentions;

namespace FusionMonitor.Web.Live;

/// <summary>
/// The in-process fan-out of live events: the pipeline publishes after each commit; dashboard components and the hub
/// forwarder subscribe. A subscriber's callback must be quick and must not throw (hand work to a channel or
/// <c>InvokeAsync</c>); a throwing subscriber is logged and kept, so one bad page cannot stop the others. Thread-safe.
/// </summary>
public sealed class LiveNotifier(ILogger<LiveNotifier> log) : IIngestListener
{
    private readonly Lock _gate = new();
    private Action<LiveEvent>[] _subscribers = [];

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

    void IIngestListener.OnCommitted(IReadOnlyList<StoredMention> inserted, IReadOnlyList<LiveEvent> effects)
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
