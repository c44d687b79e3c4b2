using System.Text.Json;
using FusionMonitor.Ingestion.Connectors;

namespace FusionMonitor.Ingestion.Tests.Connectors;

public sealed class HackerNewsConnectorTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 14, 12, 0, 0, TimeSpan.Zero);

    private static string Story(long id, long at, string title = "Show HN: An open-source alternative to Acme Widget") => $$"""
        { "objectID": "{{id}}", "created_at_i": {{at}}, "author": "widgetfan", "title": "{{title}}", "url": "https://example.org/w",
          "story_text": null, "comment_text": null, "points": 57, "num_comments": 12, "_tags": ["story"] }
        """;

    private static string Comment(long id, long at, string? author = "pg2") => $$"""
        { "objectID": "{{id}}", "created_at": "2025-03-14T10:40:55.000Z", "created_at_i": {{at}}, "author": {{(author is null ? "null" : $"\"{author}\"")}},
          "title": null, "comment_text": "I&#x27;ve used Acme for years.<p>It&#x27;s fine, see <a href=\"https:&#x2F;&#x2F;example.org\">this</a>.",
          "points": null, "num_comments": null, "story_id": 1, "parent_id": 1, "_tags": ["comment"] }
        """;

    private static string Page(int page, int nbPages, params string[] hits) =>
        $$"""{ "hits": [{{string.Join(",", hits)}}], "page": {{page}}, "nbHits": 99, "nbPages": {{nbPages}}, "hitsPerPage": 2 }""";

    [Fact]
    public async Task Stories_and_comments_become_mentions_and_the_watermark_advances()
    {
        var body = Page(0, 1, Story(43350001, 1741947667), Comment(43350420, 1741948855));
        await using var server = await FakeSourceServer.StartAsync((ctx, _) => FakeSourceServer.Write(ctx, body));
        using var harness = new ConnectorHarness(now: Now);
        var cursor = """{"after":1741940000,"high":1741940000}""";

        var result = await harness.Get("hackernews").FetchAsync(
            ConnectorHarness.Source("hackernews", new { query = "acme", baseUrl = server.BaseUri.ToString(), overlapMinutes = 10 }, cursor), default);

        Assert.Equal(["43350001", "43350420"], result.Mentions.Select(m => m.ExternalId));
        var story = result.Mentions[0];
        Assert.Equal("hackernews", story.Source);
        Assert.Equal("Show HN: An open-source alternative to Acme Widget", story.Text);
        Assert.Equal(57, story.Engagement!.Likes);
        Assert.Equal(12, story.Engagement.Replies);
        Assert.Equal("https://news.ycombinator.com/item?id=43350001", story.Url);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1741947667), story.CreatedAt);
        var comment = result.Mentions[1];
        Assert.Equal("I've used Acme for years. It's fine, see this (https://example.org).", comment.Text);
        Assert.Equal(0, comment.Engagement!.Total);

        var request = server.Requests.Single();
        Assert.StartsWith("/api/v1/search_by_date", request.PathAndQuery);
        Assert.Equal("created_at_i>1741939400", request.Query("numericFilters")); // watermark minus 10 minutes overlap
        Assert.Equal("(story,comment)", request.Query("tags"));
        using var next = JsonDocument.Parse(result.NextCursor!);
        Assert.Equal(1741948855, next.RootElement.GetProperty("after").GetInt64());
        Assert.False(next.RootElement.TryGetProperty("until", out _));
    }

    [Fact]
    public async Task A_run_cut_short_by_the_page_budget_reads_the_older_gap_next_without_skipping()
    {
        // Four items, newest first, two per page. Budget: one page per run.
        var hits = new[] { Story(4, 1000), Story(3, 900), Story(2, 800), Story(1, 700) };
        await using var server = await FakeSourceServer.StartAsync((ctx, seen) =>
        {
            var filters = seen.Query("numericFilters")!.Split(',');
            var after = long.Parse(filters[0]["created_at_i>".Length..]);
            var until = filters.Length > 1 ? long.Parse(filters[1]["created_at_i<".Length..]) : long.MaxValue;
            var window = hits.Where(h => { var at = JsonDocument.Parse(h).RootElement.GetProperty("created_at_i").GetInt64(); return at > after && at < until; }).ToArray();
            var page = int.Parse(seen.Query("page")!);
            var nbPages = (window.Length + 1) / 2;
            return FakeSourceServer.Write(ctx, Page(page, nbPages, window.Skip(page * 2).Take(2).ToArray()));
        });
        using var harness = new ConnectorHarness(now: Now);
        var hn = harness.Get("hackernews");
        object Settings() => new { query = "acme", baseUrl = server.BaseUri.ToString(), overlapMinutes = 0, maxPages = 1, hitsPerPage = 2 };

        var first = await hn.FetchAsync(ConnectorHarness.Source("hackernews", Settings(), """{"after":500,"high":500}"""), default);
        var second = await hn.FetchAsync(ConnectorHarness.Source("hackernews", Settings(), first.NextCursor), default);
        var third = await hn.FetchAsync(ConnectorHarness.Source("hackernews", Settings(), second.NextCursor), default);
        var fourth = await hn.FetchAsync(ConnectorHarness.Source("hackernews", Settings(), third.NextCursor), default);

        // Each run reads the older gap left by the one before (re-reading the boundary second: same keys, deduped
        // by storage), and only then moves on to what is newer than everything read.
        Assert.Equal(["4", "3"], first.Mentions.Select(m => m.ExternalId));
        Assert.Equal(["3", "2"], second.Mentions.Select(m => m.ExternalId));
        Assert.Equal(["2", "1"], third.Mentions.Select(m => m.ExternalId));
        Assert.Empty(fourth.Mentions);
        Assert.Equal(["created_at_i>500", "created_at_i>500,created_at_i<901", "created_at_i>500,created_at_i<801", "created_at_i>1000"],
            server.Requests.Select(r => r.Query("numericFilters")));
    }

    [Fact]
    public async Task Edge_hits_are_kept_or_rejected_with_reasons()
    {
        var body = Page(0, 1,
            Comment(1, 1741948855, author: null),
            """{ "objectID": "2", "created_at_i": 1741948855, "title": null, "comment_text": null }""",
            """{ "objectID": "3", "title": "no time" }""",
            """{ "objectID": 4, "created_at_i": "1741948855", "title": "Ünïcode 東京 story", "points": null }""");
        await using var server = await FakeSourceServer.StartAsync((ctx, _) => FakeSourceServer.Write(ctx, body));
        using var harness = new ConnectorHarness(now: Now);

        var result = await harness.Get("hackernews").FetchAsync(ConnectorHarness.Source("hackernews", new { query = "acme", baseUrl = server.BaseUri.ToString() }), default);

        Assert.Equal(["1", "4"], result.Mentions.Select(m => m.ExternalId));
        Assert.Equal("[deleted]", result.Mentions[0].Author.Handle);
        Assert.Equal("Ünïcode 東京 story", result.Mentions[1].Text);
        Assert.Equal([1, 2], result.Rejected.Select(r => r.Index));
        Assert.Contains("no title or text", result.Rejected[0].Reason);
        Assert.Contains("created_at", result.Rejected[1].Reason);
    }

    [Fact]
    public async Task The_first_run_looks_back_the_configured_hours()
    {
        await using var server = await FakeSourceServer.StartAsync((ctx, _) => FakeSourceServer.Write(ctx, Page(0, 0)));
        using var harness = new ConnectorHarness(now: Now);

        var result = await harness.Get("hackernews").FetchAsync(
            ConnectorHarness.Source("hackernews", new { query = "acme", baseUrl = server.BaseUri.ToString(), lookbackHours = 2, overlapMinutes = 0 }), default);

        Assert.Empty(result.Mentions);
        Assert.Equal($"created_at_i>{Now.AddHours(-2).ToUnixTimeSeconds()}", server.Requests.Single().Query("numericFilters"));
    }

    [Fact]
    public async Task A_body_without_hits_is_a_connector_exception()
    {
        await using var server = await FakeSourceServer.StartAsync((ctx, _) => FakeSourceServer.Write(ctx, """{"message":"bad"}"""));
        using var harness = new ConnectorHarness(now: Now);

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => harness.Get("hackernews").FetchAsync(
            ConnectorHarness.Source("hackernews", new { query = "acme", baseUrl = server.BaseUri.ToString() }), default));
        Assert.Contains("hits", ex.Message);
    }
}
