using System.Globalization;
using System.Linq.Expressions;
using System.Text.Json;
using FusionMonitor.Ingestion.Connectors.Http;
using FusionMonitor.Ingestion.Jobs;
using FusionMonitor.Ingestion.Tests.Connectors;
using FusionMonitor.Core.Text;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.Storage.Sources;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FusionMonitor.Ingestion.Tests.Pipeline;

/// <summary>
/// One bad item never stops a source: for every JSON connector, a page holding good items and poison ones (an
/// unpaired surrogate escape <c>\ud800</c> in the text, a NUL in the author, a NUL in the text) goes through the real
/// fetch job on each database: the good items are stored, each poison one is quarantined with its reason (or, for the
/// NUL in a post's text, dropped by the plain-text folding), the run succeeds, the cursor moves, and the next run is
/// not stuck on the same page.
/// </summary>
public abstract class PoisonFeedTests : PipelineTestBase
{
    private static readonly string NulText = "Acme is fine\\u0000 really";
    private static readonly string SurrogateText = "Acme broken \\ud800 text";

    public static TheoryData<string> Kinds => new() { "hackernews", "mastodon", "appstore", "youtube", "bluesky", "reddit" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_page_with_poison_items_stores_the_good_quarantines_the_bad_and_moves_the_cursor(string kind)
    {
        var at = T0.AddHours(-1);
        var items = new[]
        {
            Item.Of(kind, "good-1", JsonSerializer.Serialize("Acme is great, love it"), "alice", at),
            Item.Of(kind, "bad-surrogate", "\"" + SurrogateText + "\"", "bob", at.AddMinutes(1)),
            Item.Of(kind, "bad-author", JsonSerializer.Serialize("Acme is ok"), "mal\\u0000lory", at.AddMinutes(2)),
            Item.Of(kind, "nul-in-text", "\"" + NulText + "\"", "carol", at.AddMinutes(3)),
            Item.Of(kind, "good-2", JsonSerializer.Serialize("Acme again, awful service"), "dave", at.AddMinutes(4)),
        };
        await using var server = await FakeSourceServer.StartAsync((ctx, _) => Serve(kind, ctx, items));
        var sources = Get<SourceStore>();
        var source = await sources.AddAsync(kind, $"poison {kind}", JsonSerializer.Serialize(Settings(kind, server.BaseUri)), 300, T0);

        var run = await Get<SourceJobs>().FetchAsync(source.Id, default);

        // A post's text is folded to plain text first (HTML rendered, whitespace folded), which drops control characters
        // as a browser does, a NUL among them: that item is kept, without it. A NUL in any other field is refused.
        string[] good = ["good-1", "good-2", "nul-in-text"];
        Assert.NotNull(run);
        Assert.Null(run.Error);
        Assert.Equal(good.Length, run.New);
        Assert.Equal(5 - good.Length, run.Rejected);
        var stored = await Get<MentionStore>().QueryAsync(new MentionQuery(Limit: 100));
        Assert.Equal(good, stored.Items.Select(m => Item.IdOf(m.Mention.ExternalId)).Order());
        Assert.DoesNotContain(stored.Items, m => m.Mention.Text.Contains('\0', StringComparison.Ordinal));
        var quarantined = await Get<MentionStore>().QuarantinedAsync(100);
        Assert.Contains(quarantined, q => q.Reason.Contains("not valid text") && q.Payload!.Contains("\\ud800"));
        Assert.Contains(quarantined, q => q.Reason.Contains("author.handle contains a NUL character"));

        var after = (await sources.GetAsync(source.Id))!;
        Assert.NotNull(after.Cursor); // the window moved past the page, bad items and all
        Assert.Equal(0, after.ErrorCount);

        var second = await Get<SourceJobs>().FetchAsync(source.Id, default);
        Assert.NotNull(second);
        Assert.Null(second.Error);
        Assert.Equal(0, second.New);
    }

    [Fact]
    public async Task An_rss_feed_with_xml_poison_keeps_every_item_clean_and_never_stores_one_twice()
    {
        // XML's own poison, beside good items in one feed: character references XML forbids (&#0;, a lone surrogate
        // &#xD800;), an entity nobody defined, an item with no date. The feed reader is lenient as a browser is: the
        // forbidden characters are dropped, the unknown entity kept as its text, the undated item dated when fetched.
        string Item(string id, string title, string author, string date) =>
            $"<item><guid>https://blog.example/{id}</guid><link>https://blog.example/{id}</link><title>{title}</title>"
            + $"<author>{author}</author>{date}</item>";
        string Date(int minutes) => $"<pubDate>{T0.AddHours(-1).AddMinutes(minutes):R}</pubDate>";
        var feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Acme watch</title>"
            + Item("good-1", "Acme is great, love it", "alice@blog.example (Alice)", Date(0))
            + Item("nul-author", "Acme is ok", "mal&#0;lory@blog.example (Mallory)", Date(1))
            + Item("surrogate", "Acme broken &#xD800; text", "bob@blog.example (Bob)", Date(2))
            + Item("bogus-entity", "Acme &bogus; entity", "carol@blog.example (Carol)", Date(3))
            + Item("no-date", "Acme without a date", "erin@blog.example (Erin)", "")
            + Item("good-2", "Acme again, awful service", "dave@blog.example (Dave)", Date(5))
            + "</channel></rss>";
        await using var server = await FakeSourceServer.StartAsync((ctx, _) =>
        {
            ctx.Response.ContentType = "application/rss+xml";
            return ctx.Response.WriteAsync(feed);
        });
        var sources = Get<SourceStore>();
        var source = await sources.AddAsync("rss", "poison rss", JsonSerializer.Serialize(new { url = new Uri(server.BaseUri, "feed.xml").ToString() }), 300, T0);

        var run = await Get<SourceJobs>().FetchAsync(source.Id, default);

        Assert.NotNull(run);
        Assert.Null(run.Error);
        Assert.Equal(6, run.New + run.Rejected); // every item accounted for: stored, or quarantined with its reason
        var stored = (await Get<MentionStore>().QueryAsync(new MentionQuery(Limit: 100))).Items.ToDictionary(m => IdOf(m.Mention.ExternalId), m => m.Mention);
        Assert.Equal(run.New, stored.Count);
        Assert.Equal(run.Rejected, (await Get<MentionStore>().QuarantinedAsync(100)).Count);
        Assert.All(stored.Values, m => Assert.Null(StoredText.Problem(m.Text)));
        Assert.All(stored.Values, m => Assert.Null(StoredText.Problem(m.Author.Handle)));
        Assert.Equal("mallory@blog.example", stored["nul-author"].Author.Handle);
        Assert.Equal("Acme broken text", stored["surrogate"].Text);
        Assert.Equal(T0, stored["no-date"].CreatedAt);
        Assert.Contains("good-1", stored.Keys);
        Assert.Contains("good-2", stored.Keys);
        Assert.Equal(0, (await sources.GetAsync(source.Id))!.ErrorCount);

        var second = await Get<SourceJobs>().FetchAsync(source.Id, default);
        Assert.NotNull(second);
        Assert.Null(second.Error);
        Assert.Equal(0, second.New); // the same feed again, the undated item too: nothing stored twice
        Assert.Equal(stored.Count, (await Get<MentionStore>().QueryAsync(new MentionQuery(Limit: 100))).Items.Count);
    }

    private static string IdOf(string externalId) => externalId[(externalId.LastIndexOf('/') + 1)..];

    [Fact]
    public async Task A_disabled_source_is_never_fetched()
    {
        var hits = 0;
        await using var server = await FakeSourceServer.StartAsync((ctx, _) =>
        {
            Interlocked.Increment(ref hits);
            return FakeSourceServer.Write(ctx, """{"hits":[],"page":0,"nbPages":1}""");
        });
        var sources = Get<SourceStore>();
        var source = await sources.AddAsync("hackernews", "switched off", JsonSerializer.Serialize(Settings("hackernews", server.BaseUri)), 300, T0);
        await using (var conn = await Get<FusionDatabase>().OpenAsync())
        await using (var off = conn.CreateCommand())
        {
            off.CommandText = $"update sources set enabled = false where id = {source.Id}";
            await off.ExecuteNonQueryAsync();
        }

        Assert.Null(await Get<SourceJobs>().FetchAsync(source.Id, default));
        Assert.Equal(0, hits);
        Assert.Empty(await sources.RunsAsync(source.Id));
    }

    protected override void Configure(IServiceCollection services, IConfiguration config) =>
        services.AddFusionSources(config)
            .AddSingleton<IBackgroundJobClient, UnusedJobClient>()
            .Configure<ConnectorOptions>(o => o.AllowPrivateNetworks = true);

    private static object Settings(string kind, Uri server) => kind switch
    {
        "hackernews" => new { query = "acme", baseUrl = server.ToString() },
        "mastodon" => new { instance = server.ToString(), hashtag = "acme" },
        "appstore" => new { appId = "1", baseUrl = server.ToString(), maxPages = 2 },
        "youtube" => new { apiKey = "k", videoId = "v1", baseUrl = server.ToString() },
        "bluesky" => new { query = "acme", identifier = "me.example", appPassword = "app-pass", service = server.ToString().TrimEnd('/') },
        "reddit" => new { clientId = "app", clientSecret = "s3cret", username = "fusion_bot", subreddit = "gadgets", authBaseUrl = server.ToString(), apiBaseUrl = server.ToString() },
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static Task Serve(string kind, HttpContext ctx, Item[] items)
    {
        var path = ctx.Request.Path.Value ?? "";
        var json = string.Join(",", items.Select(i => i.Json));
        var body = kind switch
        {
            "hackernews" => "{\"hits\":[" + json + "],\"page\":0,\"nbPages\":1}",
            "mastodon" => "[" + json + "]",
            "appstore" => path.Contains("page=1", StringComparison.Ordinal) ? "{\"feed\":{\"entry\":[" + json + "]}}" : "{\"feed\":{}}",
            "youtube" => "{\"items\":[" + json + "]}",
            "bluesky" when path.EndsWith("createSession", StringComparison.Ordinal) => """{"accessJwt":"a","refreshJwt":"r","handle":"me.example","did":"did:plc:me"}""",
            "bluesky" when path.EndsWith("getProfiles", StringComparison.Ordinal) => """{"profiles":[]}""",
            "bluesky" => "{\"posts\":[" + json + "]}",
            "reddit" when path.StartsWith("/api/v1/access_token", StringComparison.Ordinal) => """{"access_token":"t","token_type":"bearer","expires_in":86400}""",
            "reddit" => "{\"kind\":\"Listing\",\"data\":{\"after\":null,\"children\":[" + json + "]}}",
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        return FakeSourceServer.Write(ctx, body);
    }

    /// <summary>One item of a connector's page, as the platform would send it; the text (JSON) and the author go in raw, escapes and all.</summary>
    private sealed record Item(string Json)
    {
        public static string IdOf(string externalId) => externalId[(externalId.LastIndexOf('/') + 1)..].Replace("t1_", "", StringComparison.Ordinal);

        public static Item Of(string kind, string id, string textJson, string author, DateTimeOffset at)
        {
            var iso = "\"" + at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + "\"";
            var unix = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            return new Item(kind switch
            {
                "hackernews" => "{\"objectID\":\"" + id + "\",\"created_at_i\":" + unix + ",\"comment_text\":" + textJson + ",\"author\":\"" + author + "\",\"points\":3}",
                "mastodon" => "{\"id\":\"" + unix + "\",\"uri\":\"https://m.example/statuses/" + id + "\",\"created_at\":" + iso + ",\"content\":" + textJson
                              + ",\"account\":{\"acct\":\"" + author + "@m.example\"}}",
                "appstore" => "{\"id\":{\"label\":\"" + id + "\"},\"im:rating\":{\"label\":\"4\"},\"updated\":{\"label\":" + iso + "},\"title\":{\"label\":\"Review\"},"
                              + "\"content\":{\"label\":" + textJson + "},\"author\":{\"name\":{\"label\":\"" + author + "\"}}}",
                "youtube" => "{\"id\":\"" + id + "\",\"snippet\":{\"videoId\":\"v1\",\"totalReplyCount\":0,\"topLevelComment\":{\"snippet\":{\"textOriginal\":" + textJson
                             + ",\"authorDisplayName\":\"" + author + "\",\"publishedAt\":" + iso + ",\"likeCount\":1}}}}",
                "bluesky" => "{\"uri\":\"at://did:plc:x/app.bsky.feed.post/" + id + "\",\"author\":{\"did\":\"did:plc:x\",\"handle\":\"" + author + ".bsky.social\"},"
                             + "\"record\":{\"text\":" + textJson + ",\"createdAt\":" + iso + "},\"indexedAt\":" + iso + "}",
                "reddit" => "{\"kind\":\"t1\",\"data\":{\"name\":\"t1_" + id + "\",\"created_utc\":" + unix + ",\"body\":" + textJson + ",\"author\":\"" + author
                            + "\",\"score\":-3,\"permalink\":\"/r/gadgets/comments/x/" + id + "/\"}}",
                _ => throw new ArgumentOutOfRangeException(nameof(kind)),
            });
        }
    }

    /// <summary>The fetch job enqueues nothing; dispatching (which does) is not under test here.</summary>
    private sealed class UnusedJobClient : IBackgroundJobClient
    {
        public string Create(Job job, IState state) => throw new NotSupportedException("the fetch job enqueues nothing");

        public bool ChangeState(string jobId, IState state, string expectedState) => throw new NotSupportedException("the fetch job enqueues nothing");
    }
}

public sealed class PoisonFeedTestsOnPostgres : PoisonFeedTests { protected override DatabaseKind Kind => DatabaseKind.Postgres; }
public sealed class PoisonFeedTestsOnSqlite : PoisonFeedTests { protected override DatabaseKind Kind => DatabaseKind.Sqlite; }
