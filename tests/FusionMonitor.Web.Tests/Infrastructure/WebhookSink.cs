using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FusionMonitor.Web.Tests.Infrastructure;

/// <summary>A webhook receiver on a free loopback port that keeps every JSON body posted to it.</summary>
public sealed class WebhookSink : IAsyncDisposable
{
    private LoopbackServer? _server;

    public ConcurrentQueue<JsonElement> Received { get; } = new();

    /// <summary>Every body with the path it was posted to (<c>/hook</c>, <c>/hook/slack</c>, …).</summary>
    public ConcurrentQueue<(string Path, JsonElement Body)> ByPath { get; } = new();

    public string Url => _server is null ? "" : _server.BaseUrl + "/hook";

    public async Task StartAsync() => _server = await LoopbackServer.StartAsync(app =>
    {
        app.MapPost("/hook", (HttpRequest request) => ReceiveAsync(request));
        app.MapPost("/hook/{name}", (HttpRequest request) => ReceiveAsync(request));
    });

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
        Received.Enqueue(body);
        ByPath.Enqueue((request.Path.Value ?? "", body));
        return Results.Ok();
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
