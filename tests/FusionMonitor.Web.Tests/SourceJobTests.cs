using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

/// <summary>
/// A source fetched by a Hangfire job end to end, with Hangfire on the real PostgreSQL storage: the job reads a feed
/// from a local server, stores its items once, moves the cursor with them, and a second run adds nothing.
/// </summary>
public sealed class SourceJobTests(FusionApp app) : IClassFixture<FusionApp>
{
    [Fact]
    public async Task FetchJob_StoresTheFeedOnce_RecordsRuns_AndQuarantinesABadItem()
    {
        var c = app.Client();
        var brand = Unique("Gilded");
        var brandId = await c.BrandAsync(brand);
        var now = DateTimeOffset.UtcNow;
        var feed = $"""
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>Reviews</title>
              <item><guid>r1</guid><title>Great dinner</title><description>&lt;p&gt;{brand} served the best salmon I have had, wonderful staff!&lt;/p&gt;</description><pubDate>{now.AddHours(-3):R}</pubDate><link>https://reviews.example/r1</link></item>
              <item><guid>r2</guid><title>Bad night</title><description>{brand} was awful tonight, cold food and rude service.</description><pubDate>{now.AddHours(-2):R}</pubDate><link>https://reviews.example/r2</link></item>
              <item><title></title><description></description></item>
            </channel></rss>
            """;
        await using var server = await LoopbackServer.StartAsync(a => a.MapGet("/feed.xml", () => Results.Text(feed, "application/rss+xml; charset=utf-8")));

        var sourceId = await c.RssSourceAsync(server.BaseUrl + "/feed.xml");

        var first = await app.FetchAndWaitAsync(c, sourceId, expectedRuns: 1);
        Assert.Equal(2, first.GetProperty("new").GetInt32());
        Assert.True(first.GetProperty("rejected").GetInt32() >= 1);

        var second = await app.FetchAndWaitAsync(c, sourceId, expectedRuns: 2);
        Assert.Equal(0, second.GetProperty("new").GetInt32());

        var mentions = (await c.GetFromJsonAsync<JsonElement>($"/api/mentions?brandId={brandId}")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, mentions.Count);
        Assert.DoesNotContain(mentions, m => m.GetProperty("text").GetString()!.Contains("<p>"));
        Assert.Contains(mentions, m => m.GetProperty("sentiment").GetProperty("label").GetString() == "negative");
    }

    [Fact]
    public async Task CreateSource_InvalidSettings_ListsEveryProblem()
    {
        var r = await app.Client().PostAsJsonAsync("/api/sources", new { kind = "rss", name = "", settings = new { url = "not a url" }, intervalSeconds = 1 });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, r.StatusCode);
        var errors = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "name", "settings", "intervalSeconds" }) Assert.True(errors.TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task Fetch_now_on_a_disabled_source_is_a_409_and_nothing_is_fetched()
    {
        var hits = 0;
        await using var server = await LoopbackServer.StartAsync(a => a.MapGet("/feed.xml", () =>
        {
            Interlocked.Increment(ref hits);
            return Results.Text("<rss version=\"2.0\"><channel></channel></rss>", "application/rss+xml");
        }));
        var c = app.Client();
        var created = await (await c.PostAsJsonAsync("/api/sources", new { kind = "rss", name = Unique("off"), settings = new { url = server.BaseUrl + "/feed.xml" } }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt64();
        await using (var conn = new Npgsql.NpgsqlConnection(app.ConnectionString))
        {
            await conn.OpenAsync();
            await using var off = new Npgsql.NpgsqlCommand("update sources set enabled = false where id = @id", conn);
            off.Parameters.AddWithValue("id", id);
            await off.ExecuteNonQueryAsync();
        }

        var r = await c.PostAsync($"/api/sources/{id}/fetch", null);

        Assert.Equal(System.Net.HttpStatusCode.Conflict, r.StatusCode);
        Assert.Contains("disabled", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, hits);
    }
}
