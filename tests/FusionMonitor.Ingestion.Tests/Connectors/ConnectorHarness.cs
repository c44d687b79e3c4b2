using System.Text.Json;
using FusionMonitor.Ingestion.Connectors;
using FusionMonitor.Ingestion.Connectors.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FusionMonitor.Ingestion.Tests.Connectors;

/// <summary>
/// The connectors as the app wires them (<see cref="ConnectorServiceCollectionExtensions.AddConnectors"/>), with
/// retry delays shrunk so fault tests run fast, and a clock the test controls.
/// </summary>
public sealed class ConnectorHarness : IDisposable
{
    private readonly ServiceProvider _services;

    /// <param name="network">The network guard's settings; by default private networks are allowed, as the fake sources listen on 127.0.0.1.</param>
    public ConnectorHarness(Action<ConnectorHttpOptions>? configure = null, DateTimeOffset? now = null, Action<ConnectorOptions>? network = null)
    {
        Clock = new FixedClock(now ?? new DateTimeOffset(2025, 3, 14, 12, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddConnectors();
        services.Configure<ConnectorHttpOptions>(o =>
        {
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            o.MaxRetryAttempts = 2;
            o.AttemptTimeout = TimeSpan.FromSeconds(5);
            o.TotalTimeout = TimeSpan.FromSeconds(20);
            o.MaxServerRequestedDelay = TimeSpan.FromSeconds(1);
            configure?.Invoke(o);
        });
        services.Configure<ConnectorOptions>(o =>
        {
            o.AllowPrivateNetworks = true;
            network?.Invoke(o);
        });
        _services = services.BuildServiceProvider();
        Registry = _services.GetRequiredService<ConnectorRegistry>();
    }

    public FixedClock Clock { get; }

    public ConnectorRegistry Registry { get; }

    public IConnector Get(string kind) => Registry.Get(kind);

    public static SourceDefinition Source(string kind, object settings, string? cursor = null, long id = 7) =>
        new(id, kind, "test source", JsonSerializer.SerializeToElement(settings), cursor);

    public void Dispose() => _services.Dispose();
}

public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
