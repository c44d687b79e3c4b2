using System.Text.Json;
using FusionMonitor.Ingestion.Connectors;
using Microsoft.AspNetCore.Http;

namespace FusionMonitor.Ingestion.Tests.Connectors;

public sealed class BlueskyConnectorTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 14, 12, 0, 0, TimeSpan.Zero);

    private static string Post(string rkey, string did, string handle, string text, string createdAt = "2025-03-14T10:22:31.517Z", string indexedAt = "2025-03-14T10:22:32.004Z", string? counts = "\"likeCount\": 14, \"repostCount\": 1, \"replyCount\": 2, \"quoteCount\": 1,") => $$"""
        {
          "uri": "at://{{did}}/app.bsky.feed.post/{{rkey}}", "cid": "bafy{{rkey}}",
          "author": { "did": "{{did}}", "handle": "{{handle}}", "displayName": "Jane Doe" },
          "record": { "$type": "app.bsky.feed.post", "text": {{JsonSerializer.Serialize(text)}}, "langs": ["en"], "createdAt": "{{createdAt}}" },
          {{counts}}
          "indexedAt": "{{indexedAt}}", "labels": []
        }
        """;

    private sealed class FakePds
    {
        public int Logins, Refreshes;
        public string AccessToken = "access-1";
        public bool ExpireNextSearch;
        public Func<SeenRequest, string> Search = _ => """{"posts": []}""";

        public Task Handle(HttpContext ctx, SeenRequest seen)
        {
            var path = ctx.Request.Path.Value!;
            if (path.EndsWith("createSession"))
            {
                Logins++;
                using var body = JsonDocument.Parse(seen.Body);
                if (body.RootElement.GetProperty("password").GetString() != "app-pass")
                    return FakeSourceServer.Write(ctx, """{"error":"AuthenticationRequired","message":"Invalid identifier or password"}""", status: 401);
                AccessToken = $"access-{Logins + Refreshes}";
                return FakeSourceServer.Write(ctx, $$"""{"accessJwt":"{{AccessToken}}","refreshJwt":"refresh-{{Logins}}","handle":"me.example","did":"did:plc:me"}""");
            }
            if (path.EndsWith("refreshSession"))
            {
                Refreshes++;
                AccessToken = $"access-{Logins + Refreshes}";
                return FakeSourceServer.Write(ctx, $$"""{"accessJwt":"{{AccessToken}}","refreshJwt":"refresh-r{{Refreshes}}","handle":"me.example","did":"did:plc:me"}""");
            }
            if (seen.Header("Authorization") != "Bearer " + AccessToken)
                return FakeSourceServer.Write(ctx, """{"error":"InvalidToken","message":"Bad token"}""", status: 400);
            if (path.EndsWith("searchPosts"))
            {
                if (ExpireNextSearch)
                {
                    ExpireNextSearch = false;
                    return FakeSourceServer.Write(ctx, """{"error":"ExpiredToken","message":"Token has expired"}""", status: 400);
                }
                return FakeSourceServer.Write(ctx, Search(seen));
            }
            if (path.EndsWith("getProfiles"))
            {
                var actors = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(ctx.Request.QueryString.Value)["actors"];
                var profiles = actors.Select(a => a!.EndsWith("jane")
                    ? $$"""{"did":"{{a}}","handle":"x","followersCount":1289,"followsCount":311,"postsCount":4521,"createdAt":"2023-11-02T09:14:55.120Z"}"""
                    : $$"""{"did":"{{a}}","handle":"x","followersCount":7,"createdAt":"2099-01-01T00:00:00Z"}""");
                return FakeSourceServer.Write(ctx, "{\"profiles\":[" + string.Join(",", profiles) + "]}");
            }
            return FakeSourceServer.Write(ctx, "{}", status: 404);
        }
    }

    private static object Settings(FakeSourceServer server, string password = "app-pass", int maxPages = 5) =>
        new { query = "acme", identifier = "me.example", appPassword = password, service = server.BaseUri.ToString().TrimEnd('/'), maxPages, overlapMinutes = 0 };

    [Fact]
    public async Task Search_logs_in_once_reads_posts_and_fills_followers_from_profiles()
    {
        var pds = new FakePds
        {
            Search = _ => "{\"posts\": [" + Post("3lkq7xyzab2s2", "did:plc:jane", "jane.example.com", "Acme Widget — so good #acme") + "," +
                          Post("3lkq7xyzab2s3", "did:plc:bob", "handle.invalid", "Zürich ❤ Acme", counts: null) + "]}",
        };
        await using var server = await FakeSourceServer.StartAsync(pds.Handle);
        using var harness = new ConnectorHarness(now: Now);
        var bluesky = harness.Get("bluesky");

        var first = await bluesky.FetchAsync(ConnectorHarness.Source("bluesky", Settings(server)), default);
        var second = await bluesky.FetchAsync(ConnectorHarness.Source("bluesky", Settings(server), first.NextCursor), default);

        Assert.Equal(1, pds.Logins); // the session is cached across runs
        var jane = first.Mentions[0];
        Assert.Equal("bluesky", jane.Source);
        Assert.Equal("at://did:plc:jane/app.bsky.feed.post/3lkq7xyzab2s2", jane.ExternalId);
        Assert.Equal("Acme Widget — so good #acme", jane.Text);
        Assert.Equal("jane.example.com", jane.Author.Handle);
        Assert.Equal(1289, jane.Author.Followers);
        Assert.Equal((311L, 4521L), (jane.Author.Following!.Value, jane.Author.Posts!.Value));
        Assert.Equal(new DateTimeOffset(2023, 11, 2, 9, 14, 55, 120, TimeSpan.Zero), jane.Author.CreatedAt);
        Assert.Equal(14, jane.Engagement!.Likes);
        Assert.Equal(2, jane.Engagement.Reposts); // reposts + quotes
        Assert.Equal("https://bsky.app/profile/did:plc:jane/post/3lkq7xyzab2s2", jane.Url);
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 10, 22, 31, 517, TimeSpan.Zero), jane.CreatedAt);
        var bob = first.Mentions[1];
        Assert.Equal("did:plc:bob", bob.Author.Handle); // handle.invalid: the DID stands in
        Assert.Equal(0, bob.Engagement!.Total);
        Assert.Equal(7, bob.Author.Followers);
        // Fields a profile does not give are unknown; an account "created" after its post keeps no creation time.
        Assert.Equal((null, null, null), (bob.Author.Following, bob.Author.Posts, bob.Author.CreatedAt));

        var search = server.Requests.First(r => r.PathAndQuery.Contains("searchPosts"));
        Assert.Equal("latest", search.Query("sort"));
        Assert.Equal("2025-03-13T12:00:00Z", search.Query("since")); // first run: 24 h look-back
        var profiles = server.Requests.First(r => r.PathAndQuery.Contains("getProfiles"));
        Assert.Contains("actors=did%3Aplc%3Ajane", profiles.PathAndQuery);
        var secondSearch = server.Requests.Last(r => r.PathAndQuery.Contains("searchPosts"));
        Assert.Equal("2025-03-14T10:22:31Z", secondSearch.Query("since")); // the newest post read
    }

    [Fact]
    public async Task An_expired_token_is_refreshed_and_the_call_repeated()
    {
        var pds = new FakePds { Search = _ => "{\"posts\": [" + Post("a", "did:plc:jane", "jane.example.com", "acme") + "]}" };
        await using var server = await FakeSourceServer.StartAsync(pds.Handle);
        using var harness = new ConnectorHarness(now: Now);
        var bluesky = harness.Get("bluesky");
        await bluesky.FetchAsync(ConnectorHarness.Source("bluesky", Settings(server)), default);

        pds.ExpireNextSearch = true;
        var result = await bluesky.FetchAsync(ConnectorHarness.Source("bluesky", Settings(server)), default);

        Assert.Single(result.Mentions);
        Assert.Equal(1, pds.Logins);
        Assert.Equal(1, pds.Refreshes);
        Assert.Equal("Bearer refresh-1", server.Requests.Single(r => r.PathAndQuery.Contains("refreshSession")).Header("Authorization"));
    }

    [Fact]
    public async Task Paging_follows_the_cursor_until_the_last_page()
    {
        var pds = new FakePds
        {
            Search = seen => seen.Query("cursor") switch
            {
                null => "{\"cursor\":\"p2\",\"posts\": [" + Post("b", "did:plc:jane", "j", "acme two", createdAt: "2025-03-14T11:00:00Z", indexedAt: "2025-03-14T11:00:01Z") + "]}",
                "p2" => "{\"posts\": [" + Post("a", "did:plc:jane", "j", "acme one") + "]}",
                _ => throw new InvalidOperationException(),
            },
        };
        await using var server = await FakeSourceServer.StartAsync(pds.Handle);
        using var harness = new ConnectorHarness(now: Now);

        var result = await harness.Get("bluesky").FetchAsync(ConnectorHarness.Source("bluesky", Settings(server)), default);

        Assert.Equal(["at://did:plc:jane/app.bsky.feed.post/b", "at://did:plc:jane/app.bsky.feed.post/a"], result.Mentions.Select(m => m.ExternalId));
        using var cursor = JsonDocument.Parse(result.NextCursor!);
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 11, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), cursor.RootElement.GetProperty("after").GetInt64());
    }

    [Fact]
    public async Task A_future_created_at_is_clamped_to_the_indexing_time_and_empty_posts_are_rejected()
    {
        var pds = new FakePds
        {
            Search = _ => "{\"posts\": [" +
                          Post("f", "did:plc:jane", "j", "from the future acme", createdAt: "2099-01-01T00:00:00Z", indexedAt: "2025-03-14T09:00:00Z") + "," +
                          Post("e", "did:plc:jane", "j", "") + "]}",
        };
        await using var server = await FakeSourceServer.StartAsync(pds.Handle);
        using var harness = new ConnectorHarness(now: Now);

        var result = await harness.Get("bluesky").FetchAsync(ConnectorHarness.Source("bluesky", Settings(server)), default);

        Assert.Equal(new DateTimeOffset(2025, 3, 14, 9, 0, 0, TimeSpan.Zero), result.Mentions.Single().CreatedAt);
        Assert.Contains("no text", result.Rejected.Single().Reason);
    }

    [Fact]
    public async Task A_wrong_app_password_is_a_clear_connector_exception()
    {
        var pds = new FakePds();
        await using var server = await FakeSourceServer.StartAsync(pds.Handle);
        using var harness = new ConnectorHarness(now: Now);

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => harness.Get("bluesky").FetchAsync(ConnectorHarness.Source("bluesky", Settings(server, "wrong")), default));
        Assert.Contains("login", ex.Message);
    }

    [Fact]
    public async Task A_403_html_page_means_search_unavailable()
    {
        await using var server = await FakeSourceServer.StartAsync((ctx, _) => ctx.Request.Path.Value!.EndsWith("createSession")
            ? FakeSourceServer.Write(ctx, """{"accessJwt":"a","refreshJwt":"r","did":"d","handle":"h"}""")
            : FakeSourceServer.Write(ctx, "<html><body>Request forbidden by administrative rules</body></html>", "text/html", 403));
        using var harness = new ConnectorHarness(now: Now);

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => harness.Get("bluesky").FetchAsync(ConnectorHarness.Source("bluesky", Settings(server)), default));
        Assert.Contains("search unavailable", ex.Message);
    }

    [Fact]
    public async Task A_429_on_search_waits_for_the_rate_limit_reset_and_retries()
    {
        var pds = new FakePds { Search = _ => "{\"posts\": [" + Post("a", "did:plc:jane", "j", "acme") + "]}" };
        var throttled = 0;
        await using var server = await FakeSourceServer.StartAsync((ctx, seen) =>
        {
            if (ctx.Request.Path.Value!.EndsWith("searchPosts") && Interlocked.Increment(ref throttled) == 1)
            {
                ctx.Response.Headers["RateLimit-Limit"] = "3000";
                ctx.Response.Headers["RateLimit-Remaining"] = "0";
                // The reset one second after the Date this answer carries (both whole seconds of one instant), so the wait
                // read from them is exactly 1 s — never 2 s when the clock ticks between writing the two headers.
                var served = DateTimeOffset.UtcNow;
                ctx.Response.Headers["Date"] = served.ToString("R");
                ctx.Response.Headers["RateLimit-Reset"] = served.AddSeconds(1).ToUnixTimeSeconds().ToString();
                return FakeSourceServer.Write(ctx, """{"error":"RateLimitExceeded"}""", status: 429);
            }
            return pds.Handle(ctx, seen);
        });
        using var harness = new ConnectorHarness(now: Now);

        var result = await harness.Get("bluesky").FetchAsync(ConnectorHarness.Source("bluesky", Settings(server)), default);

        Assert.Single(result.Mentions);
        Assert.Equal(2, server.Requests.Count(r => r.PathAndQuery.Contains("searchPosts")));
    }

    [Fact]
    public void Settings_are_validated_and_the_password_may_come_from_the_environment()
    {
        using var harness = new ConnectorHarness();
        var bluesky = harness.Get("bluesky");
        Assert.Equal(3, bluesky.ValidateSettings(ConnectorHarness.Source("bluesky", new { limit = 100 }).Settings).Count);
        Assert.Empty(bluesky.ValidateSettings(ConnectorHarness.Source("bluesky", new { query = "a", identifier = "me", appPassword = "env:BSKY_PASS" }).Settings));
    }
}
