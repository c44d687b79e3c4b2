using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using FusionMonitor.Storage.Auth;
using FusionMonitor.Web.Auth;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace FusionMonitor.Web.Live;

/// <summary>
/// Closes this instance's hub connections whose caller no longer has the access they connected with. A connection keeps
/// the sign-in it was opened with (its groups were joined by that scope), so a user whose brands or role an admin
/// changed, or who was disabled or deleted, would go on receiving what they may no longer see; likewise a key disabled
/// or revoked (or whose issuer was disabled). The connections this instance holds are checked against the store at once
/// when this instance changes a user or key (<see cref="AuthStore.AccessChanged"/>), and every
/// <see cref="AuthOptions.HubRecheck"/> for changes made on another instance: one statement for the connected users and
/// one for the connected keys, whatever the number of connections. A closed client reconnects (the dashboard's and
/// SignalR's automatic reconnect) and gets what its caller may see now, or is refused. Open dashboard pages are watched
/// the same way (<see cref="Watch"/>) and reload, so their live events and what they show follow the new scope too.
/// </summary>
public sealed class HubAccessGuard : BackgroundService
{
    /// <summary>A watched caller: the principal it was given, and how to end it when that no longer holds.</summary>
    private sealed record Connection(string Id, ClaimsPrincipal User, long? UserId, long? KeyId, Action Close);

    private readonly ConcurrentDictionary<string, Connection> _connections = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly AuthStore _store;
    private readonly TimeSpan _every;
    private readonly ILogger<HubAccessGuard> _log;

    public HubAccessGuard(AuthStore store, IOptions<AuthOptions> options, ILogger<HubAccessGuard> log)
    {
        _store = store;
        _every = options.Value.HubRecheck;
        _log = log;
        store.AccessChanged += CheckSoon;
    }

    /// <summary>How many connections this instance holds (tests and diagnostics).</summary>
    public int Count => _connections.Count;

    public void Opened(HubCallerContext context) => Add(context.ConnectionId, context.User ?? new ClaimsPrincipal(), context.Abort);

    public void Closed(string connectionId) => _connections.TryRemove(connectionId, out _);

    /// <summary>
    /// Watches an open dashboard page's user like a hub connection: <paramref name="close"/> runs (once) when the role
    /// or brands <paramref name="user"/> carries are no longer the stored ones, or the user is disabled or deleted.
    /// Disposing the result stops watching.
    /// </summary>
    public IDisposable Watch(ClaimsPrincipal user, Action close)
    {
        var id = "page:" + Guid.NewGuid().ToString("N");
        Add(id, user, close);
        return new Unwatch(this, id);
    }

    private sealed class Unwatch(HubAccessGuard guard, string id) : IDisposable
    {
        public void Dispose() => guard.Closed(id);
    }

    private void Add(string id, ClaimsPrincipal user, Action close)
    {
        var keyId = user.Subject() is { } s && s.StartsWith("key:", StringComparison.Ordinal)
            && long.TryParse(s.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var k) ? k : (long?)null;
        _connections[id] = new Connection(id, user, user.UserId(), keyId, close);
    }

    /// <summary>Asks for a check of every connection now (coalesced: one check covers any number of calls before it).</summary>
    public void CheckSoon()
    {
        if (_wake.CurrentCount > 0) return;
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // another caller woke it first
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(_every, stoppingToken);
                await CheckAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The store may be out for a moment; the next round checks again.
                _log.LogWarning(e, "Could not check the hub connections' access");
            }
        }
    }

    /// <summary>Closes every connection whose caller's stored access differs from what it connected with.</summary>
    public async Task CheckAsync(CancellationToken ct)
    {
        var open = _connections.Values.ToList();
        if (open.Count == 0) return;
        var userIds = open.Where(c => c.UserId is not null).Select(c => c.UserId!.Value).Distinct().ToList();
        var keyIds = open.Where(c => c.KeyId is not null).Select(c => c.KeyId!.Value).Distinct().ToList();
        var users = (await _store.UsersAsync(userIds, ct)).ToDictionary(u => u.Id);
        var keys = (await _store.ApiKeysAsync(keyIds, ct)).ToDictionary(k => k.Id);
        foreach (var c in open)
        {
            var principal = c.User;
            var keep = (c.UserId, c.KeyId) switch
            {
                ({ } u, _) => users.TryGetValue(u, out var user) && user.Enabled && principal.Matches(user),
                (_, { } k) => keys.TryGetValue(k, out var key) && key is { RevokedAt: null, Enabled: true, OwnerRefused: false },
                _ => true,
            };
            if (keep) continue;
            _log.LogInformation("Closing {Connection} of {Caller}: its access changed", c.Id, principal.Subject());
            if (!_connections.TryRemove(c.Id, out _)) continue;
            try
            {
                c.Close();
            }
            catch (Exception e)
            {
                _log.LogWarning(e, "Could not close {Connection}", c.Id);
            }
        }
    }

    public override void Dispose()
    {
        _store.AccessChanged -= CheckSoon;
        _wake.Dispose();
        base.Dispose();
    }
}
