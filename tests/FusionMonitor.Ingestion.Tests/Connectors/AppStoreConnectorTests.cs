using System.Text.Json;
using FusionMonitor.Ingestion.Connectors;

namespace FusionMonitor.Ingestion.Tests.Connectors;

public sealed class AppStoreConnectorTests
{
    private static string Review(string id, string updated, string rating = "2", string title = "Crashes on launch", string body = "Since the last update the Acme app crashes.", string author = "WidgetFan") => $$"""
        {
          "author": { "uri": { "label": "https://itunes.apple.com/us/reviews/id1" }, "name": { "label": "{{author}}" }, "label": "" },
          "updated": { "label": "{{updated}}" },
          "im:rating": { "label": "{{rating}}" },
          "im:version": { "label": "4.12.0" },
          "id": { "label": "{{id}}" },
          "title": { "label": "{{title}}" },
          "content": { "label": "{{body}}", "attributes": { "type": "text" } },
          "link": { "attributes": { "rel": "related", "href": "https://itunes.apple.com/us/review?id=987654321&type=Purple%20Software" } },
          "im:voteSum": { "label": "3" }, "im:voteCount": { "label": "4" }
        }
        """;

    private const string AppMetadata = """{ "im:name": { "label": "Acme" }, "id": { "label": "987654321" }, "title": { "label": "Acme - Acme Inc" } }""";

    private static string Feed(string? entry) => $$"""
        { "feed": { "author": { "name": { "label": "iTunes Store" } }, {{(entry is null ? "" : $"\"entry\": {entry},")}}
          "updated": { "label": "2025-03-14T05:00:00-07:00" }, "title": { "label": "iTunes Store: Customer Reviews" } } }
        """;

    [Fact]
    public async Task Reviews_carry_their_rating_and_app_metadata_entries_are_skipped()
    {
        var page1 = Feed("[" + AppMetadata + "," + Review("12034567890", "2025-03-14T04:24:23-07:00") + "," +
                         Review("12034567891", "2025-03-13T10:00:00-07:00", rating: "5", title: "Love it", body: "Best app, 5 étoiles 🌟") + "]");
        await using var server = await FakeSourceServer.StartAsync((ctx, seen) =>
            FakeSourceServer.Write(ctx, seen.PathAndQuery.Contains("page=1/") ? page1 : Feed(null)));
        using var harness = new ConnectorHarness();

        var result = await harness.Get("appstore").FetchAsync(
            ConnectorHarness.Source("appstore", new { appId = "987654321", country = "GB", baseUrl = server.BaseUri.ToString() }), default);

        Assert.Empty(result.Rejected);
        Assert.Equal(["12034567890", "12034567891"], result.Mentions.Select(m => m.ExternalId));
        var review = result.Mentions[0];
        Assert.Equal("appstore:gb", review.Source);
        Assert.Equal(2, review.Rating);
        Assert.Equal("Crashes on launch\n\nSince the last update the Acme app crashes.", review.Text);
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 11, 24, 23, TimeSpan.Zero), review.CreatedAt);
        Assert.Equal("WidgetFan", review.Author.Handle);
        Assert.Equal(5, result.Mentions[1].Rating);
        Assert.Equal(["/gb/rss/customerreviews/page=1/id=987654321/sortby=mostrecent/json", "/gb/rss/customerreviews/page=2/id=987654321/sortby=mostrecent/json"],
            server.Requests.Select(r => r.PathAndQuery));
        using var cursor = JsonDocument.Parse(result.NextCursor!);
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 11, 24, 23, TimeSpan.Zero).ToUnixTimeSeconds(), cursor.RootElement.GetProperty("newest").GetInt64());
    }

    [Fact]
    public async Task A_single_review_may_come_as_an_object_not_an_array()
    {
        await using var server = await FakeSourceServer.StartAsync((ctx, seen) =>
            FakeSourceServer.Write(ctx, seen.PathAndQuery.Contains("page=1/") ? Feed(Review("1", "2025-03-14T04:24:23-07:00")) : Feed(null)));
        using var harness = new ConnectorHarness();

        var result = await harness.Get("appstore").FetchAsync(
            ConnectorHarness.Source("appstore", new { appId = "1", baseUrl = server.BaseUri.ToString() }), default);

        Assert.Equal("1", result.Mentions.Single().ExternalId);
    }

    [Fact]
    public async Task Paging_stops_at_reviews_already_read_and_a_rerun_returns_only_the_overlap()
    {
        var pages = new Dictionary<int, string>
        {
            [1] = Feed("[" + Review("30", "2025-03-14T10:00:00Z") + "," + Review("29", "2025-03-13T10:00:00Z") + "]"),
            [2] = Feed("[" + Review("28", "2025-03-10T10:00:00Z") + "," + Review("27", "2025-03-01T10:00:00Z") + "]"),
            [3] = Feed("[" + Review("26", "2025-02-01T10:00:00Z") + "]"),
        };
        await using var server = await FakeSourceServer.StartAsync((ctx, seen) =>
        {
            var page = int.Parse(seen.PathAndQuery.Split("page=")[1].Split('/')[0]);
            return FakeSourceServer.Write(ctx, pages.TryGetValue(page, out var body) ? body : Feed(null));
        });
        using var harness = new ConnectorHarness();
        var settings = new { appId = "1", baseUrl = server.BaseUri.ToString(), overlapHours = 0 };
        var known = JsonSerializer.Serialize(new { newest = new DateTimeOffset(2025, 3, 10, 10, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds() });

        var run = await harness.Get("appstore").FetchAsync(ConnectorHarness.Source("appstore", settings, known), default);
        var rerun = await harness.Get("appstore").FetchAsync(ConnectorHarness.Source("appstore", settings, run.NextCursor), default);

        Assert.Equal(["30", "29", "28", "27"], run.Mentions.Select(m => m.ExternalId)); // page 2 reached a known review: stop
        Assert.Equal(2, run.Requests);
        Assert.Equal(["30", "29"], rerun.Mentions.Select(m => m.ExternalId)); // page 1 again holds the newest known: same keys, deduped
        Assert.Equal(1, rerun.Requests);
    }

    [Fact]
    public async Task Bad_reviews_are_rejected_with_reasons()
    {
        var page = Feed("[" + Review("1", "2025-03-14T04:24:23-07:00", rating: "seven") + "," + Review("2", "yesterday") + "," +
                        Review("3", "2025-03-14T04:24:23-07:00", title: "", body: "") + "," + Review("4", "2025-03-14T04:24:23-07:00", author: "") + "]");
        await using var server = await FakeSourceServer.StartAsync((ctx, seen) =>
            FakeSourceServer.Write(ctx, seen.PathAndQuery.Contains("page=1/") ? page : Feed(null)));
        using var harness = new ConnectorHarness();

        var result = await harness.Get("appstore").FetchAsync(ConnectorHarness.Source("appstore", new { appId = "1", baseUrl = server.BaseUri.ToString() }), default);

        Assert.Equal("4", result.Mentions.Single().ExternalId);
        Assert.Equal("[anonymous]", result.Mentions[0].Author.Handle);
        Assert.Equal(3, result.Rejected.Count);
        Assert.Contains("rating", result.Rejected[0].Reason);
        Assert.Contains("date", result.Rejected[1].Reason);
        Assert.Contains("no title or text", result.Rejected[2].Reason);
    }

    [Fact]
    public async Task A_body_that_is_not_the_feed_is_a_connector_exception()
    {
        await using var server = await FakeSourceServer.StartAsync((ctx, _) => FakeSourceServer.Write(ctx, "<html>502 Bad Gateway</html>", "text/html"));
        using var harness = new ConnectorHarness();

        await Assert.ThrowsAsync<ConnectorException>(() =>
            harness.Get("appstore").FetchAsync(ConnectorHarness.Source("appstore", new { appId = "1", baseUrl = server.BaseUri.ToString() }), default));
    }

    [Fact]
    public void Settings_are_validated()
    {
        using var harness = new ConnectorHarness();
        var problems = harness.Get("appstore").ValidateSettings(ConnectorHarness.Source("appstore", new { appId = "id123", country = "usa", maxPages = 11 }).Settings);
        Assert.Equal(3, problems.Count);
    }
}
