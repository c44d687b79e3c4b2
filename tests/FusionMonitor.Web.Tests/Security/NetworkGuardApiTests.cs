using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Storage.Sources;
using FusionMonitor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests.Security;

/// <summary>The app as deployed: without <c>Connectors:AllowPrivateNetworks</c>, so the SSRF guard is on.</summary>
public sealed class GuardedApp : FusionApp
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Connectors:AllowPrivateNetworks"] = "false",
    };
}

public sealed class NetworkGuardApiTests(GuardedApp app) : IClassFixture<GuardedApp>
{
    [Theory]
    [InlineData("rss", "url", "http://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("rss", "url", "http://2852039166/latest/meta-data/", "169.254.169.254")]
    [InlineData("rss", "url", "http://[::ffff:169.254.169.254]/", "link-local")]
    [InlineData("rss", "url", "http://10.0.0.1/feed", "private")]
    [InlineData("rss", "url", "http://192.168.1.20/feed", "private")]
    [InlineData("rss", "url", "http://localhost:5080/feed", "loopback")]
    [InlineData("hackernews", "baseUrl", "http://127.0.0.1:9200", "loopback")]
    [InlineData("mastodon", "instance", "http://[fd00:ec2::254]", "metadata")]
    public async Task Creating_a_source_at_a_refused_address_is_a_400_naming_the_reason(string kind, string field, string url, string named)
    {
        var settings = new Dictionary<string, object> { [field] = url };
        if (kind == "hackernews") settings["query"] = "acme";
        if (kind == "mastodon") settings["hashtag"] = "acme";

        var r = await app.Client().PostAsJsonAsync("/api/sources", new { kind, name = Unique("ssrf"), settings });

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var problems = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("settings").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(problems, p => p.Contains("is refused") && p.Contains(named));
        Assert.DoesNotContain((await app.Client().GetFromJsonAsync<JsonElement>("/api/sources")).EnumerateArray(), s => s.GetProperty("settings").GetString()!.Contains(url));
    }

    [Fact]
    public async Task A_source_saved_before_the_guard_is_refused_at_fetch_time_and_the_run_says_why()
    {
        var hits = 0;
        await using var server = await LoopbackServer.StartAsync(a => a.MapGet("/feed.xml", () =>
        {
            Interlocked.Increment(ref hits);
            return Results.Text("<rss version=\"2.0\"><channel></channel></rss>", "application/rss+xml");
        }));
        // Written to the store directly, as a source created by an older version (or edited in the database) would be.
        var store = app.Services.GetRequiredService<SourceStore>();
        var source = await store.AddAsync("rss", Unique("old feed"), JsonSerializer.Serialize(new { url = server.BaseUrl + "/feed.xml" }), 3600, DateTimeOffset.UtcNow.AddHours(1));
        var c = app.Client();

        (await c.PostAsync($"/api/sources/{source.Id}/fetch", null)).EnsureSuccessStatusCode();
        JsonElement run = default;
        for (var deadline = DateTime.UtcNow.AddMinutes(2); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            var runs = (await c.GetFromJsonAsync<JsonElement>($"/api/sources/{source.Id}/runs")).EnumerateArray().ToList();
            if (runs.Count > 0) { run = runs[0]; break; }
        }

        Assert.Equal(JsonValueKind.Object, run.ValueKind);
        Assert.Contains("127.0.0.1 is a loopback address", run.GetProperty("error").GetString());
        Assert.Equal(0, hits);
    }
}
