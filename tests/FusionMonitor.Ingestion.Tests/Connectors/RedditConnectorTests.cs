using System.Net;
using System.Text;
using System.Text.Json;
using FusionMonitor.Ingestion.Connectors;
using Microsoft.AspNetCore.Http;

namespace FusionMonitor.Ingestion.Tests.Connectors;

public sealed class RedditConnectorTests
{
    private const double T0 = 1741947667.0; // 2025-03-14T10:21:07Z

    /// <summary>A post as the Data API lists it (kind t3), with the fields a real listing carries.</summary>
    private static object Post(string id, double created, string title, string? selftext = null, string author = "widgetfan", int score = 42, int comments = 17) => new
    {
        kind = "t3",
        data = new
        {
            id,
            name = "t3_" + id,
            subreddit = "gadgets",
            subreddit_name_prefixed = "r/gadgets",
            subreddit_subscribers = 21000000,
            title,
            selftext = selftext ?? "",
            selftext_html = selftext is null ? null : $"<!-- SC_OFF --><div class=\"md\"><p>{WebUtility.HtmlEncode(selftext)}</p>\n</div><!-- SC_ON -->",
            author,
            author_fullname = author == "[deleted]" ? null : "t2_" + author,
            score,
            ups = score,
            upvote_ratio = 0.93,
            num_comments = comments,
            created_utc = created,
            edited = false,
            over_18 = false,
            is_self = selftext is not null,
            permalink = $"/r/gadgets/comments/{id}/{title.ToLowerInvariant().Replace(' ', '_')}/",
            url = $"https://www.reddit.com/r/gadgets/comments/{id}/",
        },
    };

    private static string Listing(string? after, params object[] children) => JsonSerializer.Serialize(new
    {
        kind = "Listing",
        data = new { after, before = (string?)null, dist = children.Length, modhash = "", geo_filter = "", children },
    });

    private static object Settings(FakeSourceServer server, string? subreddit = "gadgets", string? query = null, int maxPages = 5, int limit = 100) => new
    {
        clientId = "app-id-123",
        clientSecret = "s3cret",
        username = "fusion_bot",
        subreddit,
        query,
        limit,
        maxPages,
        authBaseUrl = server.BaseUri.ToString(),
        apiBaseUrl = server.BaseUri.ToString(),
    };

    private static Task Token(HttpContext ctx, string token = "tok-1") =>
        FakeSourceServer.Write(ctx, $$"""{"access_token": "{{token}}", "token_type": "bearer", "expires_in": 86400, "scope": "*"}""");

    [Fact]
    public async Task The_first_run_reads_the_newest_page_with_app_only_oauth_and_the_user_agent_reddit_asks_for()
    {
        var page = Listing("t3_c",
            Post("a", T0 + 20, "Is the Acme widget worth it?", "Thinking of buying one & want opinions."),
            Post("b", T0 + 10, "Acme link post", score: 5, comments: 0),
            Post("c", T0, "gone", "[removed]", author: "[deleted]"));
        await using var server = await FakeSourceServer.StartAsync((ctx, seen) =>
            seen.PathAndQuery.StartsWith("/api/v1/access_token", StringComparison.Ordinal) ? Token(ctx) : FakeSourceServer.Write(ctx, page));
        using var harness = new ConnectorHarness();

        var result = await harness.Get("reddit").FetchAsync(ConnectorHarness.Source("reddit", Settings(server)), default);

        var token = server.Requests[0];
        Assert.Equal("POST", token.Method);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("app-id-123:s3cret")), token.Header("Authorization"));
        Assert.Equal("grant_type=client_credentials", token.Body);
        var listing = server.Requests[1];
        Assert.StartsWith("/r/gadgets/new?", listing.PathAndQuery);
        Assert.Equal("1", listing.Query("raw_json"));
        Assert.Equal("100", listing.Query("limit"));
        Assert.Null(listing.Query("after"));
        Assert.Equal("bearer tok-1", listing.Header("Authorization"));
        Assert.All(server.Requests, r => Assert.Equal("server:fusionmonitor:1.0 (by /u/fusion_bot)", r.Header("User-Agent")));

        Assert.Equal(2, server.Requests.Count); // the first run reads one page: no backfill
        Assert.Equal(["t3_a", "t3_b"], result.Mentions.Select(m => m.ExternalId));
        var first = result.Mentions[0];
        Assert.Equal("reddit", first.Source);
        Assert.Equal("Is the Acme widget worth it?\n\nThinking of buying one & want opinions.", first.Text);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds((long)T0 + 20), first.CreatedAt);
        Assert.Equal("widgetfan", first.Author.Handle);
        Assert.Equal("https://www.reddit.com/r/gadgets/comments/a/is_the_acme_widget_worth_it?/", first.Url);
        Assert.Equal(42, first.Engagement!.Likes);
        Assert.Equal(17, first.Engagement.Replies);
        Assert.Equal("Acme link post", result.Mentions[1].Text);
        var removed = Assert.Single(result.Rejected);
        Assert.Equal("t3_c", removed.ExternalId);
        Assert.StartsWith("removed or deleted on Reddit", removed.Reason);
        Assert.Equal(2, result.Requests); // the token and one page
    }

    [Fact]
    public async Task Later_runs_page_with_after_down_to_the_floor_and_keep_the_token()
    {
        var tokenCalls = 0;
        await using var server = await FakeSourceServer.StartAsync((ctx, seen) =>
        {
            if (seen.PathAndQuery.StartsWith("/api/v1/access_token", StringComparison.Ordinal))
            {
                tokenCalls++;
                return Token(ctx);
            }
            return FakeSourceServer.Write(ctx, seen.Query("after") switch
            {
                null => Listing("t3_n2", Post("n3", T0 + 300, "newest"), Post("n2", T0 + 200, "newer")),
                "t3_n2" => Listing("t3_old", Post("n1", T0 + 100, "new"), Post("old", T0 - 50, "already read")),
                _ => throw new InvalidOperationException("paged past the floor: " + seen.PathAndQuery),
            });
        });
        using var harness = new ConnectorHarness();
        var cursor = """{"floor": 1741947667}""";

        var run = await harness.Get("reddit").FetchAsync(ConnectorHarness.Source("reddit", Settings(server), cursor), default);
        var again = await harness.Get("reddit").FetchAsync(ConnectorHarness.Source("reddit", Settings(server), run.NextCursor), default);

        Assert.Equal(["t3_n3", "t3_n2", "t3_n1"], run.Mentions.Select(m => m.ExternalId));
        Assert.Equal(T0 + 300, JsonDocument.Parse(run.NextCursor!).RootElement.GetProperty("floor").GetDouble());
        Assert.False(JsonDocument.Parse(run.NextCursor!).RootElement.TryGetProperty("gapAfter", out _));
        Assert.Equal(["t3_n3"], again.Mentions.Select(m => m.ExternalId)); // the floor's own second is re-read, a duplicate to storage
        Assert.Equal(1, tokenCalls);
    }

    [Fact]
    public async Task A_created_utc_from_the_far_future_never_moves_the_floor()
    {
        await using var server = await FakeSourceServer.StartAsync((ctx, seen) =>
            seen.PathAndQuery.StartsWith("/api/v1/access_token", StringComparison.Ordinal) ? Token(ctx)
            : FakeSourceServer.Write(ctx, seen.Query("after") switch
            {
                null => Listing("t3_old", Post("bogus", 1e11, "from the year 5138"), Post("n1", T0 + 100, "new"), Post("old", T0 - 50, "already read")),
                _ => throw new InvalidOperationException("paged past the floor: " + seen.PathAndQuery),
            }));
        using var harness = new ConnectorHarness(); // its clock stands after T0, far before 5138
        var cursor = """{"floor": 1741947667}""";

        var run = await harness.Get("reddit").FetchAsync(ConnectorHarness.Source("reddit", Settings(server), cursor), default);

        Assert.Equal(T0 + 100, JsonDocument.Parse(run.NextCursor!).RootElement.GetProperty("floor").GetDouble());
        Assert.Contains("t3_n1", run.Mentions.Select(m => m.ExternalId));
    }

    [Fact]
    public async Task A_run_cut_short_by_max_pages_leaves_an_after_gap_the_next_run_fills_before_raising_the_floor()
    {
        await using var server = await FakeSourceServer.StartAsync((ctx, seen) =>
        {
            if (seen.PathAndQuery.StartsWith("/api/v1/access_token", StringComparison.Ordinal)) return Token(ctx);
            return FakeSourceServer.Write(ctx, seen.Query("after") switch
            {
                null => Listing("t3_p3", Post("p4", T0 + 400, "four"), Post("p3", T0 + 300, "three")),
                "t3_p3" => Listing("t3_p1", Post("p2", T0 + 200, "two"), Post("p1", T0 + 100, "one")),
                "t3_p1" => Listing(null, Post("p0", T0 - 100, "below the floor")),
                _ => throw new InvalidOperationException(seen.PathAndQuery),
            });
        });
        using var harness = new ConnectorHarness();

        var cut = await harness.Get("reddit").FetchAsync(ConnectorHarness.Source("reddit", Settings(server, maxPages: 1), """{"floor": 1741947667}"""), default);
        var gap = JsonDocument.Parse(cut.NextCursor!).RootElement;
        var filled = await harness.Get("reddit").FetchAsync(ConnectorHarness.Source("reddit", Settings(server, maxPages: 2), cut.NextCursor), default);

        Assert.Equal(["t3_p4", "t3_p3"], cut.Mentions.Select(m => m.ExternalId));
        Assert.Equal("t3_p3", gap.GetProperty("gapAfter").GetString());
        Assert.Equal(T0, gap.GetProperty("floor").GetDouble());
        Assert.Equal(["t3_p2", "t3_p1"], filled.Mentions.Select(m => m.ExternalId));
        var next = JsonDocument.Parse(filled.NextCursor!).RootElement;
        Assert.Equal(T0 + 400, next.GetProperty("floor").GetDouble());
        Assert.False(next.TryGetProperty("gapAfter", out _));
    }

    [Fact]
    public async Task A_spent_rate_limit_window_ends_paging_with_a_cursor_that_skips_nothing()
    {
        await using var server = await FakeSourceServer.StartAsync((ctx, seen) =>
        {
            if (seen.PathAndQuery.StartsWith("/api/v1/access_token", StringComparison.Ordinal)) return Token(ctx);
            ctx.Response.Headers["X-Ratelimit-Used"] = "100";
            ctx.Response.Headers["X-Ratelimit-Remaining"] = "0.0";
            ctx.Response.Headers["X-Ratelimit-Reset"] = "42";
            return FakeSourceServer.Write(ctx, Listing("t3_r1", Post("r2", T0 + 20, "two"), Post("r1", T0 + 10, "one")));
        });
        using var harness = new ConnectorHarness();

        var result = await harness.Get("reddit").FetchAsync(ConnectorHarness.Source("reddit", Settings(server), """{"floor": 1741947667}"""), default);

        Assert.Equal(2, server.Requests.Count);
        Assert.Equal("t3_r1", JsonDocument.Parse(result.NextCursor!).RootElement.GetProperty("gapAfter").GetString());
    }

    [Fact]
    public async Task A_search_within_a_subreddit_asks_for_new_posts_restricted_to_it()
    {
        await using var server = await FakeSourceServer.StartAsync((ctx, seen) =>
            seen.PathAndQuery.StartsWith("/api/v1/access_token", StringComparison.Ordinal) ? Token(ctx) : FakeSourceServer.Write(ctx, Listing(null)));
        using var harness = new ConnectorHarness();

        await harness.Get("reddit").FetchAsync(ConnectorHarness.Source("reddit", Settings(server, query: "\"lumen knits\"")), default);
        await harness.Get("reddit").FetchAsync(ConnectorHarness.Source("reddit", Settings(server, subreddit: null, query: "acme")), default);

        var within = server.Requests[1];
        Assert.StartsWith("/r/gadgets/search?", within.PathAndQuery);
        Assert.Equal("\"lumen knits\"", within.Query("q"));
        Assert.Equal("new", within.Query("sort"));
        Assert.Equal("1", within.Query("restrict_sr"));
        var everywhere = server.Requests[2]; // the token is reused
        Assert.StartsWith("/search?", everywhere.PathAndQuery);
        Assert.Equal("acme", everywhere.Query("q"));
    }

    [Fact]
    public async Task A_revoked_token_is_replaced_once_and_refused_credentials_are_a_clear_error()
    {
        var issued = 0;
        await using var server = await FakeSourceServer.StartAsync((ctx, seen) =>
        {
            if (seen.PathAndQuery.StartsWith("/api/v1/access_token", StringComparison.Ordinal)) return Token(ctx, "tok-" + ++issued);
            return seen.Header("Authorization") == "bearer tok-2"
                ? FakeSourceServer.Write(ctx, Listing(null, Post("x", T0, "after a new token")))
                : FakeSourceServer.Write(ctx, """{"message": "Unauthorized", "error": 401}""", status: 401);
        });
        await using var refusing = await FakeSourceServer.StartAsync((ctx, _) => FakeSourceServer.Write(ctx, """{"error": "invalid_grant"}"""));
        using var harness = new ConnectorHarness();

        var result = await harness.Get("reddit").FetchAsync(ConnectorHarness.Source("reddit", Settings(server)), default);
        var ex = await Assert.ThrowsAsync<ConnectorException>(() => harness.Get("reddit").FetchAsync(ConnectorHarness.Source("reddit", Settings(refusing)), default));

        Assert.Equal(["t3_x"], result.Mentions.Select(m => m.ExternalId));
        Assert.Equal(2, issued);
        Assert.Contains("invalid_grant", ex.Message);
        Assert.DoesNotContain("s3cret", ex.Message);
    }

    [Fact]
    public async Task A_body_that_is_not_a_listing_is_a_connector_exception()
    {
        await using var server = await FakeSourceServer.StartAsync((ctx, seen) =>
            seen.PathAndQuery.StartsWith("/api/v1/access_token", StringComparison.Ordinal) ? Token(ctx) : FakeSourceServer.Write(ctx, """{"kind": "t3", "data": {}}"""));
        using var harness = new ConnectorHarness();

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => harness.Get("reddit").FetchAsync(ConnectorHarness.Source("reddit", Settings(server)), default));
        Assert.Contains("Listing", ex.Message);
    }

    [Fact]
    public void Settings_problems_are_reported_all_at_once()
    {
        using var harness = new ConnectorHarness();

        var problems = harness.Get("reddit").ValidateSettings(JsonSerializer.SerializeToElement(new { subreddit = "no spaces allowed", limit = 500 }));

        Assert.Contains(problems, p => p.StartsWith("clientId is required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("clientSecret is required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("username is required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("not a subreddit name", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("limit must be 1 to 100", StringComparison.Ordinal));
        Assert.Empty(harness.Get("reddit").ValidateSettings(JsonSerializer.SerializeToElement(new { clientId = "a", clientSecret = "env:REDDIT_SECRET", username = "me_bot", query = "acme" })));
    }
}
