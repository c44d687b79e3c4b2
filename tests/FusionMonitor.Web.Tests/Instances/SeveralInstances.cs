using FusionMonitor.TestSupport;
using FusionMonitor.Web.Tests.Infrastructure;

namespace FusionMonitor.Web.Tests.Instances;

/// <summary>The multi-instance tests run one at a time: they start operating-system processes of their own.</summary>
[CollectionDefinition(Name)]
public sealed class SeveralInstancesCollection : ICollectionFixture<SeveralInstances>
{
    public const string Name = "several instances";
}

/// <summary>
/// The production topology without Docker: two app instances, A and B, each its own process, on one throwaway
/// PostgreSQL database and one <c>redis-server</c> started here (the SignalR backplane, the live-event bus and the
/// data-protection key ring), with the demo off and alert webhooks going to a local sink. What a load balancer would
/// do, the tests do by hand: call A for one thing and B for the next.
/// </summary>
public sealed class SeveralInstances : IAsyncLifetime
{
    public const string AdminKey = "instances-admin-key-0123456789";
    public const string AdminPassword = "instances-admin-password-1";

    public RedisServer Redis { get; private set; } = default!;

    public string ConnectionString { get; private set; } = "";

    public WebhookSink Webhooks { get; } = new();

    public AppProcess A { get; private set; } = default!;

    public AppProcess B { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Redis = await RedisServer.StartAsync();
        ConnectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("instances");
        await Webhooks.StartAsync();
        // A first, so it creates the schema and the admin; B then starts on a ready database, as a scaled-up replica does.
        A = await StartInstanceAsync("a");
        B = await StartInstanceAsync("b");
    }

    /// <summary>Another instance on the same database and Redis (e.g. to kill it), with <paramref name="extra"/> settings.</summary>
    public Task<AppProcess> StartInstanceAsync(string name, IReadOnlyDictionary<string, string>? extra = null) =>
        AppProcess.StartAsync(name, Settings(ConnectionString, Redis.Configuration, Webhooks.Url, extra));

    /// <summary>The settings every test instance runs with.</summary>
    public static Dictionary<string, string> Settings(string postgres, string redis, string webhook, IReadOnlyDictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Postgres"] = postgres,
            ["ConnectionStrings:Redis"] = redis,
            ["Auth:BootstrapApiKey"] = AdminKey,
            ["Auth:BootstrapAdminPassword"] = AdminPassword,
            ["Auth:RequestsPerMinute"] = "100000",
            ["Demo:Enabled"] = "false",
            ["Alerts:EvaluateSeconds"] = "1",
            ["Alerts:Webhooks:0:Url"] = webhook,
            ["Connectors:AllowPrivateNetworks"] = "true",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string>()) settings[k] = v;
        return settings;
    }

    public async Task DisposeAsync()
    {
        if (A is not null) await A.DisposeAsync();
        if (B is not null) await B.DisposeAsync();
        await Webhooks.DisposeAsync();
        if (Redis is not null) await Redis.DisposeAsync();
    }
}
