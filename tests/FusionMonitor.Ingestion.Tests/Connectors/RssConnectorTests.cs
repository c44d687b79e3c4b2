using System.Net;
using System.Text;
using FusionMonitor.Ingestion.Connectors;
using FusionMonitor.Ingestion.Connectors.Rss;
using FusionMonitor.Ingestion.Connectors.Http;
using Microsoft.AspNetCore.Http;
using Polly.Timeout;

namespace FusionMonitor.Ingestion.Tests.Connectors;

public sealed class RssConnectorTests
{
    private const string Rss = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
          <channel>
            <title>Gadget Reviews</title>
            <language>en-gb</language>
            <item>
              <title>Acme Widget review &amp; teardown</title>
              <link>https://reviews.example/acme-widget</link>
              <guid isPermaLink="false">rev-1</guid>
              <pubDate>Fri, 14 Mar 2025 09:12:00 CET</pubDate>
              <dc:creator>Jane Doe</dc:creator>
              <description><![CDATA[<p>The <b>Acme</b> widget is <i>great</i>.</p><p>Battery &amp; build: solid.</p>]]></description>
            </item>
            <item>
              <title>Short note</title>
              <link>/notes/2</link>
              <pubDate>7 Jun 23 10:00 GMT</pubDate>
              <author>editor@reviews.example (Sam Editor)</author>
              <description>Caf&amp;eacute; Ol&amp;eacute; review, double escaped</description>
            </item>
          </channel>
        </rss>
        """;

    [Fact]
    public async Task Rss_items_become_mentions_with_ids_dates_authors_and_plain_text()
    {
        await using var server = await FakeSourceServer.StartAsync((ctx, _) => FakeSourceServer.Write(ctx, Rss, "application/rss+xml"));
        using var harness = new ConnectorHarness();

        var result = await harness.Get("rss").FetchAsync(ConnectorHarness.Source("rss", new { url = server.Url("feed.xml").ToString() }), default);

        Assert.Empty(result.Rejected);
        Assert.Equal(2, result.Mentions.Count);
        var first = result.Mentions[0];
        Assert.Equal("rss:7", first.Source);
        Assert.Equal("rev-1", first.ExternalId);
        Assert.Equal("Acme Widget review & teardown\n\nThe Acme widget is great. Battery & build: solid.", first.Text);
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 8, 12, 0, TimeSpan.Zero), first.CreatedAt);
        Assert.Equal("Jane Doe", first.Author.Handle);
        Assert.Equal("en-gb", first.Lang);
        var second = result.Mentions[1];
        Assert.Equal(server.Url("notes/2").ToString(), second.ExternalId); // no guid: the link, made absolute
        Assert.Equal(new DateTimeOffset(2023, 6, 7, 10, 0, 0, TimeSpan.Zero), second.CreatedAt);
        Assert.Equal("editor@reviews.example", second.Author.Handle);
        Assert.Equal("Sam Editor", second.Author.Name);
        Assert.Contains("Café Olé review", second.Text);
        Assert.Equal(1, result.Requests);
        Assert.False(result.NotModified);
    }

    [Fact]
    public async Task Reddit_atom_feed_is_read_with_the_u_prefix_removed()
    {
        const string atom = """
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
              <title>reddit.com: search results - acme</title>
              <entry>
                <author><name>/u/widgetfan</name><uri>https://www.reddit.com/user/widgetfan</uri></author>
                <category term="gadgets" label="r/gadgets"/>
                <content type="html">&lt;!-- SC_OFF --&gt;&lt;div class="md"&gt;&lt;p&gt;Is the Acme widget worth it? Thinking of buying one.&lt;/p&gt;&lt;/div&gt;&lt;!-- SC_ON --&gt; submitted by &lt;a href="https://www.reddit.com/user/widgetfan"&gt; /u/widgetfan &lt;/a&gt; &lt;br/&gt; &lt;span&gt;&lt;a href="https://www.reddit.com/r/gadgets/comments/1abcde/x/"&gt;[link]&lt;/a&gt;&lt;/span&gt;</content>
                <id>t3_1abcde</id>
                <link href="https://www.reddit.com/r/gadgets/comments/1abcde/x/"/>
                <updated>2025-03-14T10:21:07+00:00</updated>
                <published>2025-03-14T11:21:07+01:00</published>
                <title>Is the Acme widget worth it?</title>
              </entry>
              <entry>
                <author><name>u/ünïcødé_fan</name></author>
                <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Ça marche très bien 👍</p></div></content>
                <id>t1_zzz</id>
                <updated>2025-03-14T10:00:00Z</updated>
                <title type="text">Réponse</title>
              </entry>
            </feed>
            """;
        await using var server = await FakeSourceServer.StartAsync((ctx, _) => FakeSourceServer.Write(ctx, atom, "application/atom+xml"));
        using var harness = new ConnectorHarness();

        // The parser keys Reddit's footer removal on the feed's host, so parse as if fetched from reddit.com.
        var result = FeedParser.Parse(atom, "rss:7", new Uri("https://www.reddit.com/search.rss?q=acme"), DateTimeOffset.UnixEpoch);
        Assert.Empty(result.Rejected);
        await harness.Get("rss").FetchAsync(ConnectorHarness.Source("rss", new { url = server.Url("r/search.rss?q=acme").ToString() }), default);

        Assert.Equal(["t3_1abcde", "t1_zzz"], result.Mentions.Select(m => m.ExternalId));
        var post = result.Mentions[0];
        Assert.Equal("widgetfan", post.Author.Handle);
        Assert.Equal("Is the Acme widget worth it? Thinking of buying one.", post.Text); // Reddit's "submitted by" footer dropped
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 10, 21, 7, TimeSpan.Zero), post.CreatedAt);
        Assert.Equal("https://www.reddit.com/r/gadgets/comments/1abcde/x/", post.Url);
        var comment = result.Mentions[1];
        Assert.Equal("ünïcødé_fan", comment.Author.Handle);
        Assert.Equal("Réponse\n\nÇa marche très bien 👍", comment.Text);
    }

    [Fact]
    public async Task Conditional_get_sends_validators_and_304_is_not_modified_with_the_cursor_kept()
    {
        await using var server = await FakeSourceServer.StartAsync((ctx, seen) =>
        {
            if (seen.Header("If-None-Match") == "\"v1\"")
            {
                ctx.Response.StatusCode = 304;
                return Task.CompletedTask;
            }
            ctx.Response.Headers.ETag = "\"v1\"";
            ctx.Response.Headers.LastModified = "Fri, 14 Mar 2025 10:00:00 GMT";
            return FakeSourceServer.Write(ctx, Rss, "application/rss+xml");
        });
        using var harness = new ConnectorHarness();
        var rss = harness.Get("rss");
        var settings = new { url = server.Url("feed").ToString() };

        var first = await rss.FetchAsync(ConnectorHarness.Source("rss", settings), default);
        var second = await rss.FetchAsync(ConnectorHarness.Source("rss", settings, first.NextCursor), default);

        Assert.NotNull(first.NextCursor);
        Assert.True(second.NotModified);
        Assert.Empty(second.Mentions);
        Assert.Equal(first.NextCursor, second.NextCursor);
        var conditional = server.Requests[1];
        Assert.Equal("\"v1\"", conditional.Header("If-None-Match"));
        Assert.Equal("Fri, 14 Mar 2025 10:00:00 GMT", conditional.Header("If-Modified-Since"));
    }

    [Fact]
    public async Task A_rerun_from_the_returned_cursor_yields_the_same_keys_which_storage_dedupes()
    {
        // A server without validators: every run returns the feed's whole window again.
        await using var server = await FakeSourceServer.StartAsync((ctx, _) => FakeSourceServer.Write(ctx, Rss, "application/rss+xml"));
        using var harness = new ConnectorHarness();
        var settings = new { url = server.Url("feed").ToString() };

        var first = await harness.Get("rss").FetchAsync(ConnectorHarness.Source("rss", settings), default);
        var second = await harness.Get("rss").FetchAsync(ConnectorHarness.Source("rss", settings, first.NextCursor), default);

        Assert.Equal(first.Mentions.Select(m => (m.Source, m.ExternalId)), second.Mentions.Select(m => (m.Source, m.ExternalId)));
    }

    [Fact]
    public async Task Bare_ampersands_and_html_entities_do_not_break_the_feed()
    {
        const string sloppy = """
            <rss version="2.0"><channel><title>Tom & Jerry's News</title>
            <item><title>Fish & Chips &nbsp;at the Gilded Salmon &mdash; review</title><guid>a</guid><pubDate>Tue, 22 Sep 2026 14:35:00 GMT</pubDate></item>
            <item><title>AT&T &copy; news</title><guid>b</guid><pubDate>2026-09-22T14:35:00Z</pubDate></item>
            </channel></rss>
            """;
        var feed = FeedParser.Parse(sloppy, "rss:1", new Uri("https://x.example/feed"), DateTimeOffset.UnixEpoch);

        Assert.Empty(feed.Rejected);
        Assert.Equal(["Fish & Chips at the Gilded Salmon — review", "AT&T © news"], feed.Mentions.Select(m => m.Text));
        Assert.Equal("Tom & Jerry's News", feed.Mentions[0].Author.Handle); // no author: the feed's title
    }

    [Fact]
    public void A_broken_item_is_quarantined_and_the_rest_of_the_feed_kept()
    {
        const string broken = """
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title>
            <item><title>good one</title><guid>1</guid><dc:creator>ann</dc:creator></item>
            <item><title>bad <b>unclosed</title><guid>2</guid></item>
            <item><title>good two</title><guid>3</guid></item>
            <item><guid>4</guid></item>
            </channel></rss>
            """;
        var feed = FeedParser.Parse(broken, "rss:1", new Uri("https://x.example/feed"), DateTimeOffset.UnixEpoch);

        Assert.Equal(["1", "3"], feed.Mentions.Select(m => m.ExternalId));
        Assert.Equal("ann", feed.Mentions[0].Author.Handle);
        Assert.Equal(2, feed.Rejected.Count);
        Assert.Equal(1, feed.Rejected[0].Index);
        Assert.StartsWith("malformed item", feed.Rejected[0].Reason);
        Assert.Contains("unclosed", feed.Rejected[0].Payload);
        Assert.Equal(3, feed.Rejected[1].Index);
        Assert.Equal("item has neither title nor text", feed.Rejected[1].Reason);
    }

    [Fact]
    public void Items_without_guid_or_link_get_a_stable_id_and_undated_items_the_fetch_time()
    {
        const string feed = "<rss><channel><item><title>no id at all</title></item></channel></rss>";
        var fetched = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var a = FeedParser.Parse(feed, "rss:1", new Uri("https://x.example/"), fetched);
        var b = FeedParser.Parse(feed, "rss:1", new Uri("https://x.example/"), fetched.AddHours(1));

        Assert.StartsWith("sha256:", a.Mentions[0].ExternalId);
        Assert.Equal(a.Mentions[0].ExternalId, b.Mentions[0].ExternalId);
        Assert.Equal(fetched, a.Mentions[0].CreatedAt);
    }

    [Fact]
    public async Task Utf8_declared_as_latin1_and_real_latin1_both_decode_correctly()
    {
        var utf8Body = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><item><guid>u</guid><title>Café Olé</title></item></channel></rss>");
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var latin1Body = Encoding.GetEncoding(1252).GetBytes("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><item><guid>l</guid><title>Crème brûlée “quoted”</title></item></channel></rss>");
        await using var server = await FakeSourceServer.StartAsync((ctx, seen) =>
            FakeSourceServer.WriteBytes(ctx, seen.PathAndQuery.Contains("utf8") ? utf8Body : latin1Body, "text/xml; charset=ISO-8859-1"));
        using var harness = new ConnectorHarness();

        var utf8 = await harness.Get("rss").FetchAsync(ConnectorHarness.Source("rss", new { url = server.Url("utf8").ToString() }), default);
        var latin1 = await harness.Get("rss").FetchAsync(ConnectorHarness.Source("rss", new { url = server.Url("latin1").ToString() }), default);

        Assert.Equal("Café Olé", utf8.Mentions.Single().Text);
        Assert.Equal("Crème brûlée “quoted”", latin1.Mentions.Single().Text);
    }

    [Fact]
    public async Task An_html_page_served_with_200_is_a_connector_exception()
    {
        await using var server = await FakeSourceServer.StartAsync((ctx, _) =>
            FakeSourceServer.Write(ctx, "<!DOCTYPE html><html><body><h1>Sign in</h1></body></html>", "text/html"));
        using var harness = new ConnectorHarness();

        var ex = await Assert.ThrowsAsync<ConnectorException>(() =>
            harness.Get("rss").FetchAsync(ConnectorHarness.Source("rss", new { url = server.Url("feed").ToString() }), default));
        Assert.Contains("HTML", ex.Message);
        Assert.Equal(7, ex.SourceId);
    }

    [Fact]
    public async Task An_empty_feed_yields_nothing()
    {
        await using var server = await FakeSourceServer.StartAsync((ctx, _) =>
            FakeSourceServer.Write(ctx, "<rss version=\"2.0\"><channel><title>quiet</title></channel></rss>", "application/rss+xml"));
        using var harness = new ConnectorHarness();

        var result = await harness.Get("rss").FetchAsync(ConnectorHarness.Source("rss", new { url = server.Url("feed").ToString() }), default);

        Assert.Empty(result.Mentions);
        Assert.Empty(result.Rejected);
    }

    [Fact]
    public async Task A_429_with_retry_after_is_waited_out_and_retried()
    {
        var calls = 0;
        await using var server = await FakeSourceServer.StartAsync((ctx, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                ctx.Response.Headers.RetryAfter = "1";
                return FakeSourceServer.Write(ctx, "slow down", "text/plain", 429);
            }
            return FakeSourceServer.Write(ctx, Rss, "application/rss+xml");
        });
        using var harness = new ConnectorHarness();

        var result = await harness.Get("rss").FetchAsync(ConnectorHarness.Source("rss", new { url = server.Url("feed").ToString() }), default);

        Assert.Equal(2, result.Mentions.Count);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Persistent_500s_throw_after_the_retries_so_the_job_fails_visibly()
    {
        await using var server = await FakeSourceServer.StartAsync((ctx, _) => FakeSourceServer.Write(ctx, "oops", "text/plain", 500));
        using var harness = new ConnectorHarness(o => o.MaxRetryAttempts = 2);

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() =>
            harness.Get("rss").FetchAsync(ConnectorHarness.Source("rss", new { url = server.Url("feed").ToString() }), default));

        Assert.Equal(HttpStatusCode.InternalServerError, ex.StatusCode);
        Assert.Equal(3, server.Requests.Count); // first attempt + 2 retries
    }

    [Fact]
    public async Task A_failing_source_opens_its_own_circuit_and_healthy_sources_on_the_same_host_keep_working()
    {
        // One host serving a dead feed and a healthy one, as news aggregators and reddit.com do.
        await using var host = await FakeSourceServer.StartAsync((ctx, _) => ctx.Request.Path.Value == "/dead"
            ? FakeSourceServer.Write(ctx, "down", "text/plain", 503)
            : FakeSourceServer.Write(ctx, Rss, "application/rss+xml"));
        using var harness = new ConnectorHarness(o =>
        {
            o.MaxRetryAttempts = 2;
            o.BreakerMinimumThroughput = 2;
            o.BreakerFailureRatio = 0.5;
            o.BreakerBreakDuration = TimeSpan.FromMinutes(1);
        });
        var rss = harness.Get("rss");
        var dead = ConnectorHarness.Source("rss", new { url = host.Url("dead").ToString() }, id: 1);
        var healthy = ConnectorHarness.Source("rss", new { url = host.Url("feed").ToString() }, id: 2);

        await Assert.ThrowsAnyAsync<Exception>(() => rss.FetchAsync(dead, default));
        var deadBefore = host.Requests.Count(r => r.PathAndQuery == "/dead");
        await Assert.ThrowsAsync<Polly.CircuitBreaker.BrokenCircuitException>(() => rss.FetchAsync(dead, default));
        var ok = await rss.FetchAsync(healthy, default);

        Assert.Equal(deadBefore, host.Requests.Count(r => r.PathAndQuery == "/dead")); // the open circuit spared the host
        Assert.Equal(2, ok.Mentions.Count); // the other source on the same host was not stopped
    }

    [Fact]
    public async Task A_hosts_retry_after_holds_for_every_source_on_it()
    {
        // One source is told to come back in two minutes; a second source on the same host is not sent at all
        // (the wait is past what a request may wait), while a source on another host is served.
        await using var host = await FakeSourceServer.StartAsync((ctx, _) =>
        {
            if (ctx.Request.Path.Value != "/busy") return FakeSourceServer.Write(ctx, Rss, "application/rss+xml");
            ctx.Response.Headers.RetryAfter = "120";
            return FakeSourceServer.Write(ctx, "slow down", "text/plain", 429);
        });
        await using var other = await FakeSourceServer.StartAsync((ctx, _) => FakeSourceServer.Write(ctx, Rss, "application/rss+xml"));
        using var harness = new ConnectorHarness(o => o.MaxRetryAttempts = 1);
        var rss = harness.Get("rss");

        await Assert.ThrowsAsync<HttpRequestException>(() => rss.FetchAsync(ConnectorHarness.Source("rss", new { url = host.Url("busy").ToString() }, id: 1), default));
        var seen = host.Requests.Count;
        var e = await Assert.ThrowsAsync<HostCoolingDownException>(() =>
            rss.FetchAsync(ConnectorHarness.Source("rss", new { url = host.Url("feed").ToString() }, id: 2), default));
        var elsewhere = await rss.FetchAsync(ConnectorHarness.Source("rss", new { url = other.Url("feed").ToString() }, id: 3), default);

        Assert.Equal(seen, host.Requests.Count); // the host was left alone
        Assert.Contains("asked to be left alone", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, elsewhere.Mentions.Count);
        harness.Clock.Now += TimeSpan.FromMinutes(3);
        Assert.Equal(2, (await rss.FetchAsync(ConnectorHarness.Source("rss", new { url = host.Url("feed").ToString() }, id: 2), default)).Mentions.Count);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out()
    {
        await using var server = await FakeSourceServer.StartAsync(async (ctx, _) =>
        {
            try { await Task.Delay(TimeSpan.FromSeconds(10), ctx.RequestAborted); }
            catch (OperationCanceledException) { }
        });
        using var harness = new ConnectorHarness(o =>
        {
            o.AttemptTimeout = TimeSpan.FromMilliseconds(200);
            o.TotalTimeout = TimeSpan.FromMilliseconds(900);
            o.MaxRetryAttempts = 1;
        });

        await Assert.ThrowsAsync<TimeoutRejectedException>(() =>
            harness.Get("rss").FetchAsync(ConnectorHarness.Source("rss", new { url = server.Url("feed").ToString() }), default));
    }

    [Fact]
    public async Task A_body_that_stalls_after_the_headers_times_out_too()
    {
        await using var server = await FakeSourceServer.StartAsync(async (ctx, _) =>
        {
            ctx.Response.ContentType = "application/rss+xml";
            await ctx.Response.WriteAsync("<rss version=\"2.0\"><channel>");
            await ctx.Response.Body.FlushAsync();
            try { await Task.Delay(TimeSpan.FromSeconds(10), ctx.RequestAborted); }
            catch (OperationCanceledException) { }
        });
        using var harness = new ConnectorHarness(o =>
        {
            o.AttemptTimeout = TimeSpan.FromMilliseconds(200);
            o.TotalTimeout = TimeSpan.FromMilliseconds(900);
            o.MaxRetryAttempts = 1;
        });

        await Assert.ThrowsAsync<TimeoutRejectedException>(() =>
            harness.Get("rss").FetchAsync(ConnectorHarness.Source("rss", new { url = server.Url("feed").ToString() }), default));
        Assert.InRange(server.Requests.Count, 1, 2); // one retry at most; on a loaded machine the total timeout may end it first
    }

    [Fact]
    public async Task Requests_carry_an_honest_user_agent()
    {
        await using var server = await FakeSourceServer.StartAsync((ctx, _) => FakeSourceServer.Write(ctx, Rss, "application/rss+xml"));
        using var harness = new ConnectorHarness();

        await harness.Get("rss").FetchAsync(ConnectorHarness.Source("rss", new { url = server.Url("feed").ToString() }), default);

        Assert.Equal(ConnectorHttpOptions.UserAgent, server.Requests.Single().Header("User-Agent"));
    }

    [Fact]
    public void Settings_problems_are_reported_all_at_once()
    {
        using var harness = new ConnectorHarness();
        var rss = harness.Get("rss");

        Assert.Empty(rss.ValidateSettings(ConnectorHarness.Source("rss", new { url = "https://x.example/feed" }).Settings));
        var problems = rss.ValidateSettings(ConnectorHarness.Source("rss", new { url = "ftp://x", language = "not a tag" }).Settings);
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("url"));
        Assert.Contains(problems, p => p.Contains("language"));
        Assert.NotEmpty(rss.ValidateSettings(ConnectorHarness.Source("rss", new { link = "https://x" }).Settings)); // unknown field
    }

    [Fact]
    public async Task Fetching_with_invalid_settings_throws_a_connector_exception()
    {
        using var harness = new ConnectorHarness();
        await Assert.ThrowsAsync<ConnectorException>(() => harness.Get("rss").FetchAsync(ConnectorHarness.Source("rss", new { url = "" }), default));
    }
}
