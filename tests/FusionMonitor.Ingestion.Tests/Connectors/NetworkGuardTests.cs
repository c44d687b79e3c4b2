using System.Net;
using System.Text.Json;
using FusionMonitor.Ingestion.Connectors.Http;
using Microsoft.Extensions.Options;

namespace FusionMonitor.Ingestion.Tests.Connectors;

/// <summary>The SSRF guard: which addresses are refused, on the saved URL, at connect time (DNS included) and on redirects.</summary>
public sealed class NetworkGuardTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.8.9.10", "loopback")]
    [InlineData("10.1.2.3", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("169.254.169.254", "metadata")]
    [InlineData("100.100.100.200", "shared")]
    [InlineData("0.0.0.0", "this network")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("::1", "loopback")]
    [InlineData("::", "unspecified")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:169.254.169.254", "metadata")]
    [InlineData("::ffff:10.0.0.1", "private")]
    [InlineData("64:ff9b::a9fe:a9fe", "NAT64")]
    [InlineData("2002:c0a8:0101::1", "6to4")]
    [InlineData("fd00:ec2::254", "metadata")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("ff02::1", "multicast")]
    public void Refuses_loopback_private_link_local_metadata_and_reserved_addresses(string address, string named)
    {
        var why = AddressPolicy.Refusal(IPAddress.Parse(address));
        Assert.NotNull(why);
        Assert.Contains(named, why);
    }

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700::6810:84e5")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    public void Lets_public_addresses_through(string address) => Assert.Null(AddressPolicy.Refusal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("http://2852039166/latest/meta-data/", "169.254.169.254")] // decimal
    [InlineData("http://0xA9FEA9FE/", "169.254.169.254")] // hexadecimal
    [InlineData("http://0251.0376.0251.0376/", "169.254.169.254")] // octal
    [InlineData("http://[::ffff:a9fe:a9fe]/", "link-local")] // IPv6-mapped
    [InlineData("https://10.0.0.7:8443/feed", "private")]
    [InlineData("http://192.168.0.1/", "private")]
    [InlineData("http://127.1/", "loopback")]
    [InlineData("http://localhost:5080/", "loopback")] // resolved through DNS (the hosts file)
    [InlineData("http://feeds.localhost/", "localhost")] // RFC 6761: by name, whatever DNS says
    [InlineData("http://metadata.google.internal/computeMetadata/v1/", "metadata")]
    public async Task A_saved_url_at_a_refused_address_is_refused_with_the_reason(string url, string named)
    {
        var why = await Guard().CheckUrlAsync(url, default);
        Assert.NotNull(why);
        Assert.Contains(named, why);
    }

    [Fact]
    public async Task Public_urls_and_names_that_do_not_resolve_pass_and_the_switch_lifts_the_guard()
    {
        Assert.Null(await Guard().CheckUrlAsync("https://93.184.215.14/feed", default));
        Assert.Null(await Guard().CheckUrlAsync("https://no-such-host.invalid/feed", default)); // the connect-time check still applies
        Assert.Null(await Guard(o => o.AllowPrivateNetworks = true).CheckUrlAsync("http://169.254.169.254/", default));
        Assert.Null(await Guard(o => o.AllowedNetworks.Add("10.20.0.7/32")).CheckUrlAsync("http://10.20.0.7/feed", default));
        Assert.NotNull(await Guard(o => o.AllowedNetworks.Add("10.20.0.7/32")).CheckUrlAsync("http://10.20.0.8/feed", default));
    }

    [Fact]
    public void Every_url_in_a_sources_settings_is_found_at_any_depth()
    {
        var settings = JsonSerializer.SerializeToElement(new
        {
            url = "https://a.example/feed",
            nested = new { service = "wss://b.example/subscribe", list = new[] { "http://c.example/", "not a url", "ftp://d.example/" } },
            count = 3,
        });
        Assert.Equal(["https://a.example/feed", "wss://b.example/subscribe", "http://c.example/"], NetworkGuard.UrlsIn(settings));
    }

    [Fact]
    public async Task A_connector_never_connects_to_a_refused_address_and_does_not_retry()
    {
        await using var server = await FakeSourceServer.StartAsync((ctx, _) => FakeSourceServer.Write(ctx, "<rss/>", "application/rss+xml"));
        using var harness = new ConnectorHarness(network: o => o.AllowPrivateNetworks = false);

        var e = await Assert.ThrowsAnyAsync<Exception>(() => harness.Get("rss").FetchAsync(ConnectorHarness.Source("rss", new { url = server.Url("feed.xml").ToString() }), default));

        Assert.True(NetworkGuard.IsRefusal(e), e.ToString());
        Assert.Contains("127.0.0.1 is a loopback address", e.Message + e.InnerException?.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_name_is_checked_by_what_it_resolves_to_at_connect_time()
    {
        await using var server = await FakeSourceServer.StartAsync((ctx, _) => FakeSourceServer.Write(ctx, "<rss/>", "application/rss+xml"));
        using var harness = new ConnectorHarness(network: o => o.AllowPrivateNetworks = false);

        var url = $"http://localhost:{server.BaseUri.Port}/feed.xml";
        var e = await Assert.ThrowsAnyAsync<Exception>(() => harness.Get("rss").FetchAsync(ConnectorHarness.Source("rss", new { url }), default));

        Assert.True(NetworkGuard.IsRefusal(e), e.ToString());
        Assert.Contains("localhost resolves to", e.Message + e.InnerException?.Message);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("http://127.0.0.2:{port}/elsewhere")]
    [InlineData("http://2130706434:{port}/decimal")]
    [InlineData("http://[::ffff:127.0.0.2]:{port}/mapped")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    public async Task Every_redirect_is_checked_where_it_leads(string target)
    {
        // The first hop (127.0.0.1) is vouched for by the operator; where it redirects is not.
        string? location = null;
        await using var server = await FakeSourceServer.StartAsync((ctx, _) =>
        {
            ctx.Response.StatusCode = 302;
            ctx.Response.Headers.Location = location;
            return Task.CompletedTask;
        });
        location = target.Replace("{port}", server.BaseUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var harness = new ConnectorHarness(network: o =>
        {
            o.AllowPrivateNetworks = false;
            o.AllowedNetworks.Add("127.0.0.1/32");
        });

        var e = await Assert.ThrowsAnyAsync<Exception>(() => harness.Get("rss").FetchAsync(ConnectorHarness.Source("rss", new { url = server.Url("feed.xml").ToString() }), default));

        Assert.True(NetworkGuard.IsRefusal(e), e.ToString());
        Assert.Single(server.Requests); // the first hop was fetched once, the redirect never followed, nothing retried
    }

    private static NetworkGuard Guard(Action<ConnectorOptions>? configure = null)
    {
        var o = new ConnectorOptions();
        configure?.Invoke(o);
        return new NetworkGuard(new StaticMonitor(o));
    }

    private sealed class StaticMonitor(ConnectorOptions value) : IOptionsMonitor<ConnectorOptions>
    {
        public ConnectorOptions CurrentValue => value;

        public ConnectorOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ConnectorOptions, string?> listener) => null;
    }
}
