using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace FusionMonitor.Ingestion.Connectors.Http;

/// <summary>A host asked to be left alone for longer than a request may wait; the request was not sent. Never retried.</summary>
public sealed class HostCoolingDownException(string message) : Exception(message);

/// <summary>
/// Politeness per host, shared by every source that reads it. The circuit breaker is kept per source (one failing
/// feed must not stop the healthy feeds on its host), but what a host asks of us applies to all of them: when any
/// answer from it names a wait (<c>Retry-After</c>, or a rate-limit window that is spent — <see cref="RateLimitHeaders"/>),
/// no source sends it anything before that time. A request that would go earlier waits, up to
/// <see cref="ConnectorHttpOptions.MaxServerRequestedDelay"/>; past that it fails at once with
/// <see cref="HostCoolingDownException"/> (the host is never touched, the source backs off as after any failure).
/// Hosts are told apart by scheme, name and port. In memory: each instance is polite on its own.
/// </summary>
public sealed class HostPoliteness(TimeProvider clock, IOptionsMonitor<ConnectorHttpOptions> options)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _notBefore = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Hosts remembered at most; past it, the ones whose wait is over are forgotten.</summary>
    private const int MaxHosts = 10_000;

    public static string HostOf(Uri? uri) => uri is null ? "" : uri.GetLeftPart(UriPartial.Authority);

    /// <summary>When <paramref name="host"/> may next be sent a request (null: now).</summary>
    public DateTimeOffset? NotBefore(string host) =>
        _notBefore.TryGetValue(host, out var t) && t > clock.GetUtcNow() ? t : null;

    /// <summary>Remembers the wait an answer from <paramref name="host"/> asks for, if it asks for one.</summary>
    public void Observe(string host, HttpResponseMessage response)
    {
        var now = clock.GetUtcNow();
        if (RateLimitHeaders.RequestedDelay(response, now) is not { } wait || wait <= TimeSpan.Zero) return;
        var until = now + wait;
        _notBefore.AddOrUpdate(host, until, (_, old) => old > until ? old : until);
        if (_notBefore.Count > MaxHosts)
            foreach (var (h, t) in _notBefore)
                if (t <= now) _notBefore.TryRemove(h, out _);
    }

    /// <summary>Waits until the host may be sent a request, or throws <see cref="HostCoolingDownException"/> when that is too far off.</summary>
    public async ValueTask WaitAsync(Uri? uri, CancellationToken ct)
    {
        var host = HostOf(uri);
        if (NotBefore(host) is not { } until) return;
        var wait = until - clock.GetUtcNow();
        var cap = options.CurrentValue.MaxServerRequestedDelay;
        if (wait > cap)
            throw new HostCoolingDownException($"{host} asked to be left alone until {until:O} (Retry-After or its rate limit); not sent");
        if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, ct).ConfigureAwait(false);
    }

    /// <summary>True when <paramref name="e"/> (or what it wraps) is this gate's refusal to send.</summary>
    public static bool IsCoolingDown(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is HostCoolingDownException) return true;
        return false;
    }

    /// <summary>Outermost handler of a connector client: a request waits for its host before the pipeline starts.</summary>
    internal sealed class Gate(HostPoliteness politeness) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await politeness.WaitAsync(request.RequestUri, cancellationToken).ConfigureAwait(false);
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Innermost handler: every attempt's answer is read for a wait the host asks for.</summary>
    internal sealed class Listener(HostPoliteness politeness) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            politeness.Observe(HostOf(request.RequestUri), response);
            return response;
        }
    }
}
