using System.Net.WebSockets;
using System.Text.Json;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Ingestion.Connectors.Http;

namespace FusionMonitor.Ingestion.Connectors.Jetstream;

/// <summary>
/// Bluesky in real time through Jetstream: a WebSocket subscription to post commits, resumed from the stored cursor
/// (<c>time_us</c>, Unix microseconds) minus <see cref="JetstreamSettings.ReplaySeconds"/>. The long-running read is
/// <see cref="ConsumeAsync"/>, driven by <see cref="Jobs.StreamConsumer"/>; <see cref="FetchAsync"/> is a short
/// catch-up read (until the stream goes quiet for a second, at most 20 s or 500 events) for a test fetch, which
/// leaves the cursor alone. The socket connects through the <see cref="NetworkGuard"/> like every HTTP connector:
/// the host is resolved and checked at connect time, so a stream can no more reach a private address than a feed.
/// </summary>
public sealed class JetstreamConnector(TimeProvider clock, NetworkGuard guard) : IStreamConnector, IDisposable
{
    public const string KindName = "jetstream";
    private const int MaxFrameBytes = 4 * 1024 * 1024;

    /// <summary>
    /// How long a <see cref="FetchAsync"/> reads at most, how long it waits after the last event before it calls the
    /// stream caught up, and how many events it reads at most.
    /// </summary>
    public static readonly TimeSpan FetchWindow = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan FetchIdle = TimeSpan.FromSeconds(1);
    public const int FetchMaxEvents = 500;

    /// <summary>The WebSocket handshake's HTTP handler: no proxy, every connection opened by the guard.</summary>
    private readonly SocketsHttpHandler _handler = new() { UseProxy = false, ConnectCallback = guard.ConnectAsync };

    public string Kind => KindName;

    public void Dispose() => _handler.Dispose();

    public IReadOnlyList<string> ValidateSettings(JsonElement settings) => ConnectorJson.Validate<JetstreamSettings>(settings, s => s.Validate());

    public async Task<FetchResult> FetchAsync(SourceDefinition source, CancellationToken ct)
    {
        var mentions = new List<IncomingMention>();
        var rejected = new List<RejectedItem>();
        var events = 0;
        using var window = CancellationTokenSource.CreateLinkedTokenSource(ct);
        window.CancelAfter(FetchWindow);
        using var idle = new Timer(_ => window.Cancel());
        try
        {
            await ConsumeAsync(source, ConnectorJson.ReadCursor<JetstreamCursor>(source.Cursor)?.TimeUs, (item, _) =>
            {
                if (item.Mention is not null) mentions.Add(item.Mention);
                else if (item.RejectReason is not null) rejected.Add(new RejectedItem(events, item.RejectReason, JetstreamParser.Source, null, item.Payload));
                if (++events >= FetchMaxEvents) window.Cancel();
                else idle.Change(FetchIdle, Timeout.InfiniteTimeSpan); // caught up once the stream goes quiet
                return ValueTask.CompletedTask;
            }, window.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // the window closed: what was read is the answer
        }
        return new FetchResult(mentions, rejected, source.Cursor, NotModified: false, Requests: 1);
    }

    public async Task ConsumeAsync(SourceDefinition source, long? cursor, Func<StreamItem, CancellationToken, ValueTask> onItem, CancellationToken ct)
    {
        var s = ConnectorJson.RequireSettings<JetstreamSettings>(source, x => x.Validate());
        var from = cursor is { } c ? c - s.ReplaySeconds * 1_000_000L
            : s.StartMinutesAgo > 0 ? (clock.GetUtcNow() - TimeSpan.FromMinutes(s.StartMinutesAgo)).ToUnixTimeMilliseconds() * 1000 : (long?)null;
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("User-Agent", ConnectorHttpOptions.UserAgent);
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
        var uri = s.SubscribeUri(from);
        try
        {
            using var invoker = new HttpMessageInvoker(_handler, disposeHandler: false);
            await socket.ConnectAsync(uri, invoker, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException && !ct.IsCancellationRequested)
        {
            var why = NetworkGuard.IsRefusal(e) ? Refusal(e) : e.Message;
            throw new ConnectorException(source.Id, KindName, $"cannot connect to {ConnectorHttp.Describe(uri)}: {why}", e);
        }
        var buffer = new byte[64 * 1024];
        using var frame = new MemoryStream();
        var langs = s.Langs;
        while (true)
        {
            frame.SetLength(0);
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, ct).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
                    throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, $"Jetstream closed the stream ({result.CloseStatus} {result.CloseStatusDescription})");
                }
                frame.Write(buffer, 0, result.Count);
                if (frame.Length > MaxFrameBytes) throw new ConnectorException(source.Id, KindName, $"a Jetstream frame is larger than {MaxFrameBytes} bytes");
            }
            while (!result.EndOfMessage);
            if (result.MessageType != WebSocketMessageType.Text) continue; // compressed frames are not asked for
            var span = frame.GetBuffer().AsSpan(0, (int)frame.Length);
            var (timeUs, mention, reject) = JetstreamParser.Parse(span, clock.GetUtcNow(), langs);
            if (mention is null && reject is null && timeUs == 0) continue;
            var payload = reject is null ? null : Core.Text.TextCut.Cut(System.Text.Encoding.UTF8.GetString(span[..Math.Min(span.Length, 4 * ConnectorItems.MaxPayload)]), ConnectorItems.MaxPayload, "…");
            await onItem(new StreamItem(mention, reject, payload, timeUs), ct).ConfigureAwait(false);
        }
    }

    private static string Refusal(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is RefusedAddressException r) return r.Message;
        return e.Message;
    }
}
