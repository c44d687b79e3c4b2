using StackExchange.Redis;

namespace FusionMonitor.Web.Live;

/// <summary>
/// This instance's one connection to the Redis of <c>ConnectionStrings:Redis</c>, for the live-event bus and the
/// data-protection key ring (SignalR's backplane keeps its own). Connects on first use and keeps reconnecting by
/// itself when Redis goes away (<c>abortConnect=false</c>), so a Redis restart is an outage of cross-instance events,
/// not of the app. Thread-safe.
/// </summary>
public sealed class RedisConnection(string configuration) : IAsyncDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _multiplexer = new(() =>
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.ClientName ??= "fusionmonitor";
        return ConnectionMultiplexer.Connect(options);
    });

    public ConnectionMultiplexer Multiplexer => _multiplexer.Value;

    public IDatabase Database => Multiplexer.GetDatabase();

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer.IsValueCreated) await _multiplexer.Value.DisposeAsync();
    }
}
