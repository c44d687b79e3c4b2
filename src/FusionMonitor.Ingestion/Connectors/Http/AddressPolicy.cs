using System.Net;
using System.Net.Sockets;

namespace FusionMonitor.Ingestion.Connectors.Http;

/// <summary>
/// Which addresses a source may never reach (server-side request forgery): loopback, private networks, link-local
/// (where cloud metadata services answer, 169.254.169.254 and fd00:ec2::254), shared and reserved ranges, and
/// multicast. IPv4 hidden inside IPv6 (mapped <c>::ffff:a.b.c.d</c>, NAT64 <c>64:ff9b::/96</c>, 6to4 <c>2002::/16</c>)
/// is judged as the IPv4 address it carries. Pure.
/// </summary>
public static class AddressPolicy
{
    private static readonly (IPNetwork Net, string What)[] V4 =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "a 'this network' address (0.0.0.0/8, which reaches the local host)"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private-network address (10.0.0.0/8)"),
        (IPNetwork.Parse("100.64.0.0/10"), "a shared address (100.64.0.0/10, carrier NAT and some clouds' metadata services)"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback address (127.0.0.0/8)"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address (169.254.0.0/16, where cloud metadata services answer)"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private-network address (172.16.0.0/12)"),
        (IPNetwork.Parse("192.0.0.0/24"), "an IETF-reserved address (192.0.0.0/24)"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private-network address (192.168.0.0/16)"),
        (IPNetwork.Parse("198.18.0.0/15"), "a network-test address (198.18.0.0/15)"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address (224.0.0.0/4)"),
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved or broadcast address (240.0.0.0/4)"),
    ];

    private static readonly (IPNetwork Net, string What)[] V6 =
    [
        (IPNetwork.Parse("::/128"), "the unspecified address (::)"),
        (IPNetwork.Parse("::1/128"), "the loopback address (::1)"),
        (IPNetwork.Parse("::/96"), "an IPv4-compatible address (::/96, deprecated)"),
        (IPNetwork.Parse("64:ff9b:1::/48"), "a local NAT64 address (64:ff9b:1::/48)"),
        (IPNetwork.Parse("fc00::/7"), "a unique-local (private) address (fc00::/7, where fd00:ec2::254 serves cloud metadata)"),
        (IPNetwork.Parse("fe80::/10"), "a link-local address (fe80::/10)"),
        (IPNetwork.Parse("fec0::/10"), "a site-local address (fec0::/10)"),
        (IPNetwork.Parse("ff00::/8"), "a multicast address (ff00::/8)"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    /// <summary>Null when a source may connect to <paramref name="address"/>; else what kind of address it is.</summary>
    public static string? Refusal(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.IsIPv4MappedToIPv6) return Refusal(address.MapToIPv4());
            var bytes = address.GetAddressBytes();
            if (Nat64.Contains(address)) return Embedded(new IPAddress(bytes.AsSpan(12, 4)), "NAT64");
            if (SixToFour.Contains(address)) return Embedded(new IPAddress(bytes.AsSpan(2, 4)), "6to4");
            foreach (var (net, what) in V6)
                if (net.Contains(address)) return what;
            return null;
        }
        if (address.AddressFamily != AddressFamily.InterNetwork) return "not an internet address";
        foreach (var (net, what) in V4)
            if (net.Contains(address)) return what;
        return null;
    }

    /// <summary>Host names that always mean this machine or a metadata service, whatever DNS says.</summary>
    public static string? RefusalForName(string host)
    {
        var h = host.TrimEnd('.').ToLowerInvariant();
        if (h is "localhost" or "localhost.localdomain" or "ip6-localhost" or "ip6-loopback" || h.EndsWith(".localhost", StringComparison.Ordinal))
            return "a name for this machine (localhost)";
        if (h is "metadata" or "metadata.google.internal" or "instance-data" or "instance-data.ec2.internal")
            return "a cloud metadata service's name";
        return null;
    }

    private static string? Embedded(IPAddress v4, string how) => Refusal(v4) is { } what ? $"{what}, carried in a {how} IPv6 address" : null;
}
