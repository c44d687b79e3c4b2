using FusionMonitor.Ingestion.Connectors;

namespace FusionMonitor.Ingestion.Tests.Connectors;

public sealed class MastodonConnectorTests
{
    private static string Status(string id, string uri, string content, string acct = "jane@other.example", string? extra = null) => $$"""
        {
          "id": "{{id}}", "uri": "{{uri}}", "url": "https://other.example/@jane/{{id}}",
          "created_at": "2025-03-14T10:20:31.000Z", "edited_at": null, "language": "en",
          "spoiler_text": "", "content": "{{content}}",
          "replies_count": 1, "reblogs_count": 3, "favourites_count": 12, "reblog": null,
          "account": { "id": "1", "username": "jane", "acct": "{{acct}}", "display_name": "Jane :verified:", "followers_count": 842,
                       "following_count": 120, "statuses_count": 3312, "created_at": "2023-11-02T00:00:00.000Z" }
          {{extra}}
        }
        """;

    private static string Page(params string[] statuses) => "[" + string.Join(",", statuses) + "]";

    [Fact]
    public async Task Hashtag_timeline_statuses_become_mentions_keyed_by_federation_uri()
    {
        var body = Page(
            Status("113500000000000002", "https://other.example/users/jane/statuses/1", "<p>Loving my new <a href=\\\"https://m.example/tags/acme\\\" class=\\\"mention hashtag\\\">#<span>acme</span></a> widget &amp; case</p>"),
            Status("113500000000000001", "https://mastodon.example/users/bob/statuses/2", "<p>Meh. fix it</p>", acct: "bob"));
        await using var server = await FakeSourceServer.StartAsync((ctx, _) => FakeSourceServer.Write(ctx, body));
        using var harness = new ConnectorHarness();

        var result = await harness.Get("mastodon").FetchAsync(
            ConnectorHarness.Source("mastodon", new { instance = server.BaseUri.ToString(), hashtag = "#acme", limit = 40 }), default);

        Assert.Equal(["https://other.example/users/jane/statuses/1", "https://mastodon.example/users/bob/statuses/2"], result.Mentions.Select(m => m.ExternalId));
        var jane = result.Mentions[0];
        Assert.Equal("mastodon", jane.Source);
        Assert.Equal("Loving my new #acme widget & case", jane.Text);
        Assert.Equal("jane@other.example", jane.Author.Handle);
        Assert.Equal(842, jane.Author.Followers);
        // The profile fields the authenticity weight reads, from the status's own account.
        Assert.Equal((120L, 3312L), (jane.Author.Following!.Value, jane.Author.Posts!.Value));
        Assert.Equal(new DateTimeOffset(2023, 11, 2, 0, 0, 0, TimeSpan.Zero), jane.Author.CreatedAt);
        Assert.Equal(12, jane.Engagement!.Likes);
        Assert.Equal(3, jane.Engagement.Reposts);
        Assert.Equal("en", jane.Lang);
        Assert.Equal("bob@127.0.0.1", result.Mentions[1].Author.Handle); // a local account, qualified with the instance
        Assert.Equal("/api/v1/timelines/tag/acme?limit=40", server.Requests.Single().PathAndQuery);
        Assert.Equal("""{"minId":"113500000000000002"}""", result.NextCursor);
    }

    [Fact]
    public async Task Later_runs_walk_forward_with_min_id_until_a_page_is_not_full()
    {
        // Pages of 2: ids 11,10 after 9; then 13,12 after 11; then 14 after 13 (last page, not full).
        var pages = new Dictionary<string, string>
        {
            ["9"] = Page(Status("11", "u11", "eleven"), Status("10", "u10", "ten")),
            ["11"] = Page(Status("13", "u13", "thirteen"), Status("12", "u12", "twelve")),
            ["13"] = Page(Status("14", "u14", "fourteen")),
            ["14"] = Page(),
        };
        await using var server = await FakeSourceServer.StartAsync((ctx, seen) => FakeSourceServer.Write(ctx, pages[seen.Query("min_id")!]));
        using var harness = new ConnectorHarness();
        var settings = new { instance = server.BaseUri.ToString(), hashtag = "acme", limit = 2 };

        var run = await harness.Get("mastodon").FetchAsync(ConnectorHarness.Source("mastodon", settings, """{"minId":"9"}"""), default);
        var rerun = await harness.Get("mastodon").FetchAsync(ConnectorHarness.Source("mastodon", settings, run.NextCursor), default);

        Assert.Equal(["u11", "u10", "u13", "u12", "u14"], run.Mentions.Select(m => m.ExternalId));
        Assert.Equal(["9", "11", "13"], server.Requests.Take(3).Select(r => r.Query("min_id")));
        Assert.Equal(3, run.Requests);
        Assert.Equal("""{"minId":"14"}""", run.NextCursor);
        Assert.Empty(rerun.Mentions); // nothing already seen comes back
        Assert.Equal(run.NextCursor, rerun.NextCursor);
    }

    [Fact]
    public async Task A_spent_rate_limit_window_stops_paging_with_a_cursor_that_skips_nothing()
    {
        await using var server = await FakeSourceServer.StartAsync((ctx, _) =>
        {
            ctx.Response.Headers["X-RateLimit-Remaining"] = "0";
            ctx.Response.Headers["X-RateLimit-Reset"] = "2025-03-14T10:25:00.000Z";
            return FakeSourceServer.Write(ctx, Page(Status("21", "u21", "a"), Status("20", "u20", "b")));
        });
        using var harness = new ConnectorHarness();

        var result = await harness.Get("mastodon").FetchAsync(
            ConnectorHarness.Source("mastodon", new { instance = server.BaseUri.ToString(), hashtag = "acme", limit = 2 }, """{"minId":"1"}"""), default);

        Assert.Single(server.Requests);
        Assert.Equal("""{"minId":"21"}""", result.NextCursor);
    }

    [Fact]
    public async Task Search_results_boosts_and_edge_records_are_handled()
    {
        const string search = """
            {
              "accounts": [], "hashtags": [],
              "statuses": [
                { "id": "5", "uri": "https://a.example/s/5", "created_at": "2025-03-14T10:00:00Z", "content": "", "spoiler_text": "",
                  "reblog": { "id": "4", "uri": "https://b.example/s/orig", "created_at": "2025-03-14T09:00:00Z",
                              "content": "<p>Zürich ❤️ &lt;3 Acme</p>", "spoiler_text": "review",
                              "account": { "acct": "hans@b.example", "display_name": "Hans", "followers_count": null },
                              "replies_count": null, "reblogs_count": null, "favourites_count": null } },
                { "id": "6", "uri": "https://a.example/s/6", "created_at": "2025-03-14T10:00:00Z", "content": "<p>ghost</p>", "account": null },
                { "id": "7", "uri": "https://a.example/s/7", "created_at": "not a date", "content": "<p>x</p>" },
                { "id": "8", "created_at": "2025-03-14T10:00:00Z", "content": "<p>no uri</p>" }
              ]
            }
            """;
        await using var server = await FakeSourceServer.StartAsync((ctx, _) => FakeSourceServer.Write(ctx, search));
        using var harness = new ConnectorHarness();

        var result = await harness.Get("mastodon").FetchAsync(
            ConnectorHarness.Source("mastodon", new { instance = server.BaseUri.ToString(), query = "acme", accessToken = "tok" }), default);

        var boosted = result.Mentions[0];
        Assert.Equal("https://b.example/s/orig", boosted.ExternalId);
        Assert.Equal("review\n\nZürich ❤️ <3 Acme", boosted.Text);
        Assert.Null(boosted.Author.Followers);
        Assert.Equal(0, boosted.Engagement!.Total);
        Assert.Equal("[deleted]", result.Mentions[1].Author.Handle);
        Assert.Equal(2, result.Rejected.Count);
        Assert.Contains("created_at", result.Rejected[0].Reason);
        Assert.Contains("uri", result.Rejected[1].Reason);
        Assert.Equal("Bearer tok", server.Requests.Single().Header("Authorization"));
        Assert.StartsWith("/api/v2/search?type=statuses&q=acme", server.Requests.Single().PathAndQuery);
    }

    [Fact]
    public async Task A_malformed_body_is_a_connector_exception()
    {
        await using var server = await FakeSourceServer.StartAsync((ctx, _) => FakeSourceServer.Write(ctx, "[{\"id\": \"1\", \"uri\": "));
        using var harness = new ConnectorHarness();

        await Assert.ThrowsAsync<ConnectorException>(() => harness.Get("mastodon").FetchAsync(
            ConnectorHarness.Source("mastodon", new { instance = server.BaseUri.ToString(), hashtag = "acme" }), default));
    }

    [Fact]
    public async Task An_empty_timeline_keeps_the_cursor()
    {
        await using var server = await FakeSourceServer.StartAsync((ctx, _) => FakeSourceServer.Write(ctx, "[]"));
        using var harness = new ConnectorHarness();

        var result = await harness.Get("mastodon").FetchAsync(
            ConnectorHarness.Source("mastodon", new { instance = server.BaseUri.ToString(), hashtag = "acme" }, """{"minId":"42"}"""), default);

        Assert.Empty(result.Mentions);
        Assert.Equal("""{"minId":"42"}""", result.NextCursor);
    }

    [Fact]
    public void Settings_need_exactly_one_of_hashtag_and_query()
    {
        using var harness = new ConnectorHarness();
        var m = harness.Get("mastodon");
        Assert.Contains(m.ValidateSettings(ConnectorHarness.Source("mastodon", new { instance = "https://m.example" }).Settings), p => p.Contains("exactly one"));
        Assert.Contains(m.ValidateSettings(ConnectorHarness.Source("mastodon", new { instance = "https://m.example", hashtag = "a", query = "b" }).Settings), p => p.Contains("exactly one"));
        Assert.Equal(3, m.ValidateSettings(ConnectorHarness.Source("mastodon", new { hashtag = "bad tag!", limit = 80 }).Settings).Count);
        Assert.Empty(m.ValidateSettings(ConnectorHarness.Source("mastodon", new { instance = "https://m.example", hashtag = "#acme" }).Settings));
    }
}
