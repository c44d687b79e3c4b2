using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

/// <summary>
/// A Reddit source end to end through Hangfire, against a local server answering as Reddit's Data API does (token
/// endpoint, then a listing): the posts are stored once under source "reddit", matched to the brand, and the cursor
/// moves with them. Run on PostgreSQL (Hangfire on PostgreSQL) and on SQLite (Hangfire in memory).
/// </summary>
public abstract class RedditSourceTests<TApp>(TApp app) where TApp : FusionApp
{
    [Fact]
    public async Task A_reddit_source_fetched_by_hangfire_stores_the_posts_once_with_their_links_and_authors()
    {
        var c = app.Client();
        var brand = Unique("Lumen");
        var brandId = await c.BrandAsync(brand);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var listing = JsonSerializer.Serialize(new
        {
            kind = "Listing",
            data = new
            {
                after = (string?)null, before = (string?)null, dist = 2, modhash = "", geo_filter = "",
                children = new object[]
                {
                    new { kind = "t3", data = new { id = "e2e1", name = "t3_e2e1", subreddit = "knitting", title = $"{brand} yarn is wonderful", selftext = "Soft, warm and the colours are lovely.", author = "yarnfan", score = 12, num_comments = 3, created_utc = now - 600.0, permalink = "/r/knitting/comments/e2e1/x/" } },
                    new { kind = "t3", data = new { id = "e2e2", name = "t3_e2e2", subreddit = "knitting", title = $"{brand} shipping was awful", selftext = "Three weeks late and nobody answered.", author = "grumpy", score = 4, num_comments = 9, created_utc = now - 1200.0, permalink = "/r/knitting/comments/e2e2/y/" } },
                },
            },
        });
        await using var reddit = await LoopbackServer.StartAsync(a =>
        {
            a.MapPost("/api/v1/access_token", () => Results.Json(new { access_token = "t-e2e", token_type = "bearer", expires_in = 86400, scope = "*" }));
            a.MapGet("/r/knitting/new", (HttpRequest r) => r.Headers.Authorization == "bearer t-e2e" ? Results.Text(listing, "application/json") : Results.Unauthorized());
        });
        var created = await (await c.PostAsJsonAsync("/api/sources", new
        {
            kind = "reddit",
            name = Unique("r/knitting"),
            settings = new { clientId = "cid", clientSecret = "secret", username = "fusion_bot", subreddit = "knitting", authBaseUrl = reddit.BaseUrl, apiBaseUrl = reddit.BaseUrl },
            intervalSeconds = 3600,
        })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var sourceId = created.GetProperty("id").GetInt64();

        var first = await app.FetchAndWaitAsync(c, sourceId, expectedRuns: 1);
        var second = await app.FetchAndWaitAsync(c, sourceId, expectedRuns: 2);

        Assert.Equal(2, first.GetProperty("new").GetInt32());
        Assert.Equal(0, second.GetProperty("new").GetInt32());
        var mentions = (await c.GetFromJsonAsync<JsonElement>($"/api/mentions?brandId={brandId}")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, mentions.Count);
        var good = mentions.Single(m => m.GetProperty("externalId").GetString() == "t3_e2e1");
        Assert.Equal("reddit", good.GetProperty("source").GetString());
        Assert.Equal("https://www.reddit.com/r/knitting/comments/e2e1/x/", good.GetProperty("url").GetString());
        Assert.Equal("yarnfan", good.GetProperty("author").GetProperty("handle").GetString());
        Assert.Equal($"{brand} yarn is wonderful\n\nSoft, warm and the colours are lovely.", good.GetProperty("text").GetString());
        var sources = (await c.GetFromJsonAsync<JsonElement>("/api/sources")).EnumerateArray().Single(s => s.GetProperty("id").GetInt64() == sourceId);
        Assert.Contains("floor", sources.GetProperty("cursor").GetString());
    }
}

public sealed class RedditSourceOnPostgresTests(FusionApp app) : RedditSourceTests<FusionApp>(app), IClassFixture<FusionApp>;

public sealed class RedditSourceOnSqliteTests(SqliteFusionApp app) : RedditSourceTests<SqliteFusionApp>(app), IClassFixture<SqliteFusionApp>;
