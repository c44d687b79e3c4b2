using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace FusionMonitor.Ingestion.Connectors.Http;

/// <summary><c>Connectors:*</c> besides the HTTP resilience settings (<see cref="ConnectorHttpOptions"/>, <c>Connectors:Http</c>).</summary>
public sealed class ConnectorOptions
{
    public const string Section = "Connectors";

    /// <summary>
    /// Lets sources reach loopback, private, link-local and metadata addresses. For tests, whose fake sources listen
    /// on 127.0.0.1; never in production.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// Networks (CIDR, e.g. <c>10.20.0.7/32</c>) sources may reach although they are private: an internal feed server
    /// the operator vouches for. Everything else private stays refused.
    /// </summary>
    public List<string> AllowedNetworks { get; set; } = [];
}

/// <summary>A source's request was refused before connecting, because of where it would have gone. Never retried.</summary>
public sealed class RefusedAddressException(string message) : Exception(message);

/// <summary>
/// Keeps sources off loopback, private, link-local and metadata addresses (<see cref="AddressPolicy"/>), checked three
/// times: on the settings' URLs when a source is saved (the literal host, decimal, octal and IPv6-mapped forms
/// included, and what its name resolves to), and at connect time for every connection a connector opens — the name
/// is resolved once, every address checked, and the socket connects to exactly those addresses, so neither a DNS answer
/// that changes after the save (rebinding) nor a redirect (each hop opens its own connection) gets past it.
/// <see cref="ConnectorOptions.AllowPrivateNetworks"/> lifts it (tests only).
/// </summary>
public sealed class NetworkGuard(IOptionsMonitor<ConnectorOptions> options)
{
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Every absolute http(s) or ws(s) URL among a source's settings (at any depth): the addresses it will fetch.</summary>
    public static IEnumerable<string> UrlsIn(JsonElement settings)
    {
        switch (settings.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in settings.EnumerateObject())
                    foreach (var u in UrlsIn(p.Value)) yield return u;
                break;
            case JsonValueKind.Array:
                foreach (var item in settings.EnumerateArray())
                    foreach (var u in UrlsIn(item)) yield return u;
                break;
            case JsonValueKind.String:
                var s = ConnectorItems.String(settings);
                if (Uri.TryCreate(s?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "ws" or "wss") yield return s!.Trim();
                break;
        }
    }

    /// <summary>
    /// Null when a source may fetch <paramref name="url"/>; else a sentence naming the address and why it is refused.
    /// A name that does not resolve now is let through: the connect-time check still applies when it does.
    /// </summary>
    public async Task<string?> CheckUrlAsync(string url, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return null;
        if (options.CurrentValue.AllowPrivateNetworks) return null;
        var host = uri.IdnHost;
        if (IPAddress.TryParse(host, out var literal))
            return Refusal(literal) is { } why ? $"{Shown(uri)} is refused: {literal} is {why}. {Hint}" : null;

        IPAddress[] addresses = [];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ResolveTimeout);
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            // Does not resolve now: judged by its name only; the connect-time check applies when it does resolve.
        }
        foreach (var a in addresses)
            if (Refusal(a) is { } why) return $"{Shown(uri)} is refused: {host} resolves to {a}, {why}. {Hint}";
        return AddressPolicy.RefusalForName(host) is { } named ? $"{Shown(uri)} is refused: {host} is {named}. {Hint}" : null;
    }

    /// <summary>
    /// The <see cref="SocketsHttpHandler.ConnectCallback"/> of every connector client: resolves the host, refuses the
    /// connection if any address it has is off limits, and connects to the checked addresses only.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false);
        if (!options.CurrentValue.AllowPrivateNetworks)
        {
            foreach (var a in addresses)
                if (Refusal(a) is { } why)
                    throw new RefusedAddressException($"connection to {host}:{context.DnsEndPoint.Port} refused: "
                        + (literal is null ? $"{host} resolves to {a}, {why}" : $"{a} is {why}") + $". {Hint}");
            if (literal is null && AddressPolicy.RefusalForName(host) is { } named)
                throw new RefusedAddressException($"connection to {host}:{context.DnsEndPoint.Port} refused: {host} is {named}. {Hint}");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>True when <paramref name="e"/> (or what it wraps) is this guard's refusal: not transient, never retried.</summary>
    public static bool IsRefusal(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is RefusedAddressException) return true;
        return false;
    }

    private const string Hint = "Sources may not reach loopback, private, link-local or metadata addresses (see docs/operations.md, Security)";

    private string? Refusal(IPAddress address)
    {
        if (AddressPolicy.Refusal(address) is not { } why) return null;
        var v = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        foreach (var allowed in options.CurrentValue.AllowedNetworks)
            if (IPNetwork.TryParse(allowed, out var net) && net.Contains(v)) return null;
        return why;
    }

    private static string Shown(Uri uri) => uri.GetLeftPart(UriPartial.Authority);
}
