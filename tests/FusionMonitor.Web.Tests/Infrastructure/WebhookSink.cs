using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FusionMonitor.Web.Tests.Infrastructure;

/// <summary>A webhook receiver on a free loopback port that keeps every JSON body posted to it.</summary>
public sealed class WebhookSink : IAsyncDisposable
{
    private WebApplication? _app;

    public ConcurrentQueue<JsonElement> Received { get; } = new();

    public string Url { get; private set; } = "";

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/hook", async (HttpRequest request) =>
        {
            Received.Enqueue(await JsonSerializer.DeserializeAsync<JsonElement>(request.Body));
            return Results.Ok();
        });
        await _app.StartAsync();
        Url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
