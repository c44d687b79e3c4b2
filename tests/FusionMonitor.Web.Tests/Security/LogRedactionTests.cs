using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;

namespace FusionMonitor.Web.Tests.Security;

/// <summary>Every log line of the app at every level, message, structured values and exception text.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new Capture(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Capture(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> kvs ? string.Join(" ", kvs.Select(kv => $"{kv.Key}={kv.Value}")) : "";
            lines.Enqueue($"[{logLevel}] {category}: {formatter(state, exception)} | {values} | {exception}");
        }
    }
}

public sealed class LoggedApp : FusionApp
{
    public CapturingLoggerProvider Captured { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(l => l.AddProvider(Captured).AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace));
    }
}

public sealed class LogRedactionTests(LoggedApp app) : IClassFixture<LoggedApp>
{
    [Fact]
    public async Task A_key_given_to_the_hub_as_access_token_never_reaches_a_log_line_at_any_level()
    {
        var admin = app.Client();
        var key = (await (await admin.PostAsJsonAsync("/api/keys", new { name = Infrastructure.Api.Unique("browser"), role = "viewer" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;

        // As a browser connects: the key in the URL of the negotiate and of every poll.
        await using (var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "/hubs/fusion?access_token=" + Uri.EscapeDataString(key)).ToString(), o =>
            {
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build())
        {
            await hub.StartAsync();
            await hub.InvokeAsync("SubscribeAll");
        }
        // And a wrong key, which the authentication handler reports on.
        await app.Client().GetAsync("/hubs/fusion/negotiate?access_token=fm_wrongwrongwrongwrongwrongwrong");

        var lines = app.Captured.Lines;
        Assert.Contains(lines, l => l.Contains("/hubs/fusion", StringComparison.Ordinal)); // request logging did see the connection
        Assert.DoesNotContain(lines, l => l.Contains(key, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(key[..12], StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(FusionApp.AdminKey, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("fm_wrongwrong", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("access_token=[redacted]", StringComparison.Ordinal));
    }
}
