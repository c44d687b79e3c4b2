using System.Text.Json;
using System.Threading.Channels;
using FusionMonitor.Ingestion.Pipeline;
using StackExchange.Redis;

namespace FusionMonitor.Web.Live;

/// <summary>
/// Carries live events between instances over one Redis pub/sub channel, so a dashboard page on any instance sees
/// every instance's commits and alerts (the hub's outside clients already get theirs through SignalR's backplane).
/// This instance's events (<see cref="LiveReach.ThisInstance"/>) are published in the order they were committed; the
/// others' are handed to the local <see cref="LiveNotifier"/> through <see cref="LiveNotifier.DeliverFromElsewhere"/>,
/// where the pages filter them by brand scope exactly as local ones.
/// <para>
/// Order and de-duplication: every message carries its instance's id and a sequence number. Redis delivers one
/// publisher's messages in order; a message whose sequence is not above the last one seen from its instance is
/// dropped (a duplicate), and an instance never re-delivers its own. A page re-reads the store on an event, so what
/// it shows for a pair is the latest committed state whichever instance's event came first.
/// </para>
/// Events queue in a bounded channel that drops the oldest, so a slow or absent Redis never stalls ingestion; while
/// Redis is unreachable other instances' events are missed (pages catch up on the next event or reload).
/// </summary>
public sealed class RedisLiveBus(RedisConnection redis, LiveNotifier notifier, ILogger<RedisLiveBus> log) : BackgroundService
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("fusion:live");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>This process's id on the bus.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    private readonly Channel<LiveEvent> _outbox = System.Threading.Channels.Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(10_000)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    private readonly Dictionary<string, long> _lastSeen = [];
    private long _sequence;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var local = notifier.Subscribe(e => _outbox.Writer.TryWrite(e), LiveReach.ThisInstance);
        var subscriber = redis.Multiplexer.GetSubscriber();
        // One ordered queue: its handler runs one message at a time, in the order Redis delivered them.
        var incoming = await SubscribeAsync(subscriber, stoppingToken);
        incoming.OnMessage(m => Receive(m.Message));
        try
        {
            await foreach (var e in _outbox.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await subscriber.PublishAsync(Channel, Encode(e, ++_sequence));
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    log.LogWarning(ex, "Could not send {Event} to the other instances", e.GetType().Name);
                }
            }
        }
        finally
        {
            await incoming.UnsubscribeAsync();
        }
    }

    /// <summary>Subscribes, waiting for Redis if it is not up yet (the multiplexer resubscribes by itself after that).</summary>
    private async Task<ChannelMessageQueue> SubscribeAsync(ISubscriber subscriber, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { return await subscriber.SubscribeAsync(Channel); }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                if (attempt == 1) log.LogWarning(ex, "Redis is not reachable; live events from other instances wait for it");
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
            }
        }
    }

    private void Receive(RedisValue message)
    {
        Envelope? envelope;
        try { envelope = JsonSerializer.Deserialize<Envelope>((string)message!, Json); }
        catch (JsonException ex)
        {
            log.LogWarning(ex, "Ignored an unreadable live event from another instance");
            return;
        }
        if (envelope is null || envelope.Origin == InstanceId) return;
        if (_lastSeen.TryGetValue(envelope.Origin, out var last) && envelope.Seq <= last) return;
        _lastSeen[envelope.Origin] = envelope.Seq;
        if (Decode(envelope) is { } e) notifier.DeliverFromElsewhere(e);
    }

    private string Encode(LiveEvent e, long seq) => JsonSerializer.Serialize(new Envelope(InstanceId, seq, KindOf(e), JsonSerializer.SerializeToElement(e, e.GetType(), Json)), Json);

    private static string KindOf(LiveEvent e) => e switch
    {
        MentionScored => "mentionScored",
        ScoreUpdated => "scoreUpdated",
        AlertRaised => "alertRaised",
        AlertChanged => "alertUpdated",
        _ => e.GetType().Name,
    };

    private static LiveEvent? Decode(Envelope m) => m.Kind switch
    {
        "mentionScored" => m.Event.Deserialize<MentionScored>(Json),
        "scoreUpdated" => m.Event.Deserialize<ScoreUpdated>(Json),
        "alertRaised" => m.Event.Deserialize<AlertRaised>(Json),
        "alertUpdated" => m.Event.Deserialize<AlertChanged>(Json),
        _ => null, // a newer instance's kind this one does not know
    };

    private sealed record Envelope(string Origin, long Seq, string Kind, JsonElement Event);
}
