using System.Net.Http.Json;
using FusionMonitor.Storage;
using FusionMonitor.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.Extensions.Logging;

namespace FusionMonitor.Web.Tests.Infrastructure;

/// <summary>
/// The real app (every service, Hangfire included) on a fresh PostgreSQL database, through WebApplicationFactory.
/// One per test class; each test creates the brands it needs under unique names, so tests do not see each other.
/// </summary>
public class FusionApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminKey = "test-admin-key-0123456789";

    private string _connectionString = "";

    /// <summary>The app's database, for diagnostics when a test times out.</summary>
    public string ConnectionString => _connectionString;

    /// <summary>Warnings and errors (of every app in the process, see the provider), for diagnostics when a test times out.</summary>
    public RecordingLoggerProvider Log { get; } = new();

    /// <summary>A local server every alert webhook of this app posts to.</summary>
    public WebhookSink Webhooks { get; } = new();

    public async Task InitializeAsync()
    {
        _connectionString = await CreateDatabaseAsync();
        await Webhooks.StartAsync();
        await BeforeStartAsync();
        using var client = CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var r = await client.GetAsync("/healthz");
            if (r.IsSuccessStatusCode) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the app did not become ready: " + await r.Content.ReadAsStringAsync());
            await Task.Delay(200);
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Webhooks.DisposeAsync();
        // Hangfire opens its connections from Npgsql's process-wide pool (by connection string), which keeps idle ones
        // for five minutes after the host stops: with a class fixture per test class finishing every few seconds, those
        // piled up past the test server's max_connections ("too many clients already"). Close them with their app.
        if (_connectionString.Length > 0 && !_connectionString.StartsWith("Data Source", StringComparison.OrdinalIgnoreCase))
            Npgsql.NpgsqlConnection.ClearPool(new Npgsql.NpgsqlConnection(_connectionString));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Postgres", _connectionString);
        builder.UseSetting("Auth:BootstrapApiKey", AdminKey);
        builder.UseSetting("Auth:RequestsPerMinute", "100000");
        builder.UseSetting("Demo:Enabled", "false");
        builder.UseSetting("Alerts:EvaluateSeconds", "1");
        builder.UseSetting("Strategy:GoalCheckEvery", "00:00:01");
        builder.UseSetting("Alerts:Webhooks:0:Url", Webhooks.Url);
        builder.UseSetting("Connectors:AllowPrivateNetworks", "true"); // the fake sources listen on 127.0.0.1
        builder.UseSetting("Streams:ScanInterval", "00:00:01");
        builder.UseSetting("Streams:LeaseDuration", "00:00:06");
        builder.UseSetting("Streams:FirstBackoff", "00:00:00.200");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.UseEnvironment("Development");
        builder.ConfigureLogging(logging => logging.AddProvider(Log).AddFilter<RecordingLoggerProvider>("Hangfire", LogLevel.Debug));
    }

    /// <summary>The app's fresh database; a fixture may put it on a server of its own (fault injection).</summary>
    protected virtual async Task<string> CreateDatabaseAsync() => await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("web");

    /// <summary>What a fixture must start before the app does (a listener its settings name).</summary>
    protected virtual Task BeforeStartAsync() => Task.CompletedTask;

    /// <summary>More settings for a fixture that runs the app differently (e.g. other Fusion Score parameters).</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    public HttpClient Client(string? key = AdminKey)
    {
        var c = CreateClient();
        if (key is not null) c.DefaultRequestHeaders.Add("X-Api-Key", key);
        return c;
    }

    public HubConnection Hub(string key) => new HubConnectionBuilder()
        .WithUrl(new Uri(Server.BaseAddress, "/hubs/fusion"), o =>
        {
            o.HttpMessageHandlerFactory = _ => Server.CreateHandler();
            o.Transports = HttpTransportType.LongPolling;
            o.Headers["X-Api-Key"] = key;
        })
        .Build();
}

/// <summary>Small helpers to set up the world through the public API, as a user's script would.</summary>
public static class Api
{
    public sealed record Created(long Id);

    public static async Task<long> BrandAsync(this HttpClient c, string name, params string[] aliases) =>
        (await (await c.PostAsJsonAsync("/api/brands", new { name, aliases })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Created>())!.Id;

    public static async Task<long> InfluencerAsync(this HttpClient c, string name, string handle) =>
        (await (await c.PostAsJsonAsync("/api/influencers", new { name, handles = new Dictionary<string, string> { ["bluesky"] = handle } })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Created>())!.Id;

    public static async Task<long> PairAsync(this HttpClient c, long brandId, long influencerId) =>
        (await (await c.PostAsJsonAsync("/api/pairs", new { brandId, influencerId })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Created>())!.Id;

    public static object Mention(string id, string text, DateTimeOffset at, string handle = "someone", long followers = 500, string source = "test") => new
    {
        source,
        externalId = id,
        text,
        createdAt = at,
        url = $"https://example.org/{id}",
        lang = "en",
        author = new { handle, name = handle, followers },
        engagement = new { likes = 10, reposts = 2, replies = 1 },
    };

    public static string Unique(string prefix) => $"{prefix} {Guid.NewGuid().ToString("N")[..8]}";
}
