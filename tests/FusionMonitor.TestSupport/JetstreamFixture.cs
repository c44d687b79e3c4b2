using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FusionMonitor.TestSupport;

/// <summary>
/// A local Jetstream: a real WebSocket endpoint on 127.0.0.1 (<c>/subscribe</c>) that plays the events it was given in
/// Jetstream's JSON shapes, from the <c>cursor</c> a client asks for (every event when it gives none), then streams
/// events added later. <see cref="DropAfter"/> closes each connection after that many events, to test reconnects.
/// Every connection is recorded with the query it came with.
/// </summary>
public sealed class JetstreamFixture : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<(long TimeUs, string Json)> _events = [];
    private readonly object _lock = new();
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private JetstreamFixture(WebApplication app) => _app = app;

    /// <summary>ws://127.0.0.1:port/subscribe</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The query string of every connection, in order.</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> Connections { get; } = new();

    /// <summary>Events sent to each connection before the fixture closes it; unlimited by default.</summary>
    public int DropAfter { get; set; } = int.MaxValue;

    public static async Task<JetstreamFixture> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fixture = new JetstreamFixture(app);
        app.UseWebSockets();
        app.Map("/subscribe", fixture.ServeAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fixture.Endpoint = new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal).TrimEnd('/') + "/subscribe");
        return fixture;
    }

    /// <summary>A post created by <paramref name="did"/>, as Jetstream sends a commit of <c>app.bsky.feed.post</c>.</summary>
    public void AddPost(long timeUs, string did, string rkey, string text, string lang = "en", DateTimeOffset? createdAt = null) =>
        Add(timeUs, JsonSerializer.Serialize(new
        {
            did,
            time_us = timeUs,
            kind = "commit",
            commit = new
            {
                rev = "3l" + rkey,
                operation = "create",
                collection = "app.bsky.feed.post",
                rkey,
                record = new Dictionary<string, object>
                {
                    ["$type"] = "app.bsky.feed.post",
                    ["createdAt"] = (createdAt ?? DateTimeOffset.FromUnixTimeMilliseconds(timeUs / 1000)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                    ["langs"] = new[] { lang },
                    ["text"] = text,
                },
                cid = "bafyrei" + rkey,
            },
        }));

    /// <summary>Events that are no posts: a delete, a like, an identity and an account event.</summary>
    public void AddNoise(long timeUs, string did)
    {
        Add(timeUs, JsonSerializer.Serialize(new { did, time_us = timeUs, kind = "commit", commit = new { rev = "x", operation = "delete", collection = "app.bsky.feed.post", rkey = "gone" } }));
        Add(timeUs + 1, JsonSerializer.Serialize(new
        {
            did, time_us = timeUs + 1, kind = "commit",
            commit = new { rev = "y", operation = "create", collection = "app.bsky.feed.like", rkey = "l1", record = new Dictionary<string, object> { ["$type"] = "app.bsky.feed.like", ["subject"] = new { uri = "at://x", cid = "y" } } },
        }));
        Add(timeUs + 2, JsonSerializer.Serialize(new { did, time_us = timeUs + 2, kind = "identity", identity = new { did, handle = "someone.bsky.social", seq = 1, time = "2025-01-01T00:00:00Z" } }));
        Add(timeUs + 3, JsonSerializer.Serialize(new { did, time_us = timeUs + 3, kind = "account", account = new { active = true, did, seq = 2, time = "2025-01-01T00:00:00Z" } }));
    }

    public void Add(long timeUs, string json)
    {
        lock (_lock)
        {
            _events.Add((timeUs, json));
            _events.Sort((a, b) => a.TimeUs.CompareTo(b.TimeUs));
            var added = _added;
            _added = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            added.TrySetResult();
        }
    }

    private async Task ServeAsync(HttpContext ctx)
    {
        if (!ctx.WebSockets.IsWebSocketRequest)
        {
            ctx.Response.StatusCode = 400;
            return;
        }
        Connections.Enqueue(ctx.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()));
        long? cursor = long.TryParse(ctx.Request.Query["cursor"], CultureInfo.InvariantCulture, out var c) ? c : null;
        using var socket = await ctx.WebSockets.AcceptWebSocketAsync();
        var sent = 0;
        var next = 0;
        var closed = ReadUntilClosedAsync(socket);
        while (socket.State == WebSocketState.Open && !ctx.RequestAborted.IsCancellationRequested)
        {
            string? json = null;
            Task wait;
            lock (_lock)
            {
                while (next < _events.Count && cursor is { } from && _events[next].TimeUs < from) next++;
                if (next < _events.Count) json = _events[next++].Json;
                wait = _added.Task;
            }
            if (json is null)
            {
                if (await Task.WhenAny(wait, closed, Task.Delay(TimeSpan.FromSeconds(30))) == closed) return;
                continue;
            }
            await socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            if (++sent >= DropAfter)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "fixture drops the connection", CancellationToken.None);
                return;
            }
        }
    }

    private static async Task ReadUntilClosedAsync(WebSocket socket)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State == WebSocketState.Open)
                if ((await socket.ReceiveAsync(buffer, CancellationToken.None)).MessageType == WebSocketMessageType.Close) return;
        }
        catch (WebSocketException)
        {
            // the client went away
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
