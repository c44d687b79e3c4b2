using System.Text.Json;
using FusionMonitor.Ingestion.Connectors;

namespace FusionMonitor.Ingestion.Tests.Connectors;

public sealed class YouTubeConnectorTests
{
    private static string Thread(string id, string publishedAt, string? textOriginal = "At 0:45 the Acme widget's hinge breaks", string author = "@widgetfan", string likes = "21") => $$"""
        {
          "kind": "youtube#commentThread", "id": "{{id}}",
          "snippet": {
            "channelId": "UCabc", "videoId": "dQw4w9WgXcQ",
            "topLevelComment": { "kind": "youtube#comment", "id": "{{id}}",
              "snippet": {
                "videoId": "dQw4w9WgXcQ",
                "textDisplay": "At <a href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=45\">0:45</a> the Acme widget&#39;s hinge breaks",
                {{(textOriginal is null ? "" : $"\"textOriginal\": {JsonSerializer.Serialize(textOriginal)},")}}
                "authorDisplayName": "{{author}}", "likeCount": {{likes}},
                "publishedAt": "{{publishedAt}}", "updatedAt": "{{publishedAt}}" } },
            "canReply": true, "totalReplyCount": 3, "isPublic": true
          }
        }
        """;

    private static string Page(string? next, params string[] threads) =>
        $$"""{ "kind": "youtube#commentThreadListResponse", {{(next is null ? "" : $"\"nextPageToken\": \"{next}\",")}} "items": [{{string.Join(",", threads)}}] }""";

    private static object Settings(FakeSourceServer server, int maxPages = 5) =>
        new { apiKey = "secret-key", videoId = "dQw4w9WgXcQ", baseUrl = server.BaseUri.ToString(), maxPages, overlapHours = 0 };

    [Fact]
    public async Task Comment_threads_become_mentions_and_pages_follow_the_token()
    {
        await using var server = await FakeSourceServer.StartAsync((ctx, seen) => FakeSourceServer.Write(ctx, seen.Query("pageToken") switch
        {
            null => Page("p2", Thread("UgxA", "2025-03-14T10:36:55Z")),
            "p2" => Page(null, Thread("UgxB", "2025-03-14T09:00:00Z", textOriginal: null, author: "", likes: "0")),
            _ => Page(null),
        }));
        using var harness = new ConnectorHarness();

        var result = await harness.Get("youtube").FetchAsync(ConnectorHarness.Source("youtube", Settings(server)), default);

        Assert.Equal(["UgxA", "UgxB"], result.Mentions.Select(m => m.ExternalId));
        var a = result.Mentions[0];
        Assert.Equal("youtube", a.Source);
        Assert.Equal("At 0:45 the Acme widget's hinge breaks", a.Text);
        Assert.Equal("widgetfan", a.Author.Handle);
        Assert.Equal((21L, 3L), (a.Engagement!.Likes, a.Engagement.Replies));
        Assert.Equal("https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgxA", a.Url);
        var b = result.Mentions[1];
        Assert.Equal("At 0:45 (https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=45) the Acme widget's hinge breaks", b.Text); // from textDisplay
        Assert.Equal("[deleted]", b.Author.Handle);
        Assert.Equal("secret-key", server.Requests[0].Query("key"));
        Assert.Equal("time", server.Requests[0].Query("order"));
        Assert.Equal(2, result.Requests);
    }

    [Fact]
    public async Task A_rerun_stops_at_the_newest_comment_already_read()
    {
        await using var server = await FakeSourceServer.StartAsync((ctx, seen) => FakeSourceServer.Write(ctx, seen.Query("pageToken") switch
        {
            null => Page("p2", Thread("new", "2025-03-14T10:00:00Z"), Thread("old", "2025-03-13T10:00:00Z")),
            _ => Page(null, Thread("older", "2025-03-01T10:00:00Z")),
        }));
        using var harness = new ConnectorHarness();
        var first = await harness.Get("youtube").FetchAsync(ConnectorHarness.Source("youtube", Settings(server)), default);

        var rerun = await harness.Get("youtube").FetchAsync(ConnectorHarness.Source("youtube", Settings(server), first.NextCursor), default);

        Assert.Equal(["new", "old", "older"], first.Mentions.Select(m => m.ExternalId));
        Assert.Equal(["new", "old"], rerun.Mentions.Select(m => m.ExternalId)); // the known page again: same keys, no deeper paging
        Assert.Equal(1, rerun.Requests);
    }

    [Fact]
    public async Task Quota_exhaustion_is_reported_as_such()
    {
        await using var server = await FakeSourceServer.StartAsync((ctx, _) => FakeSourceServer.Write(ctx,
            """{"error":{"code":403,"message":"quota","errors":[{"message":"quota","domain":"youtube.quota","reason":"quotaExceeded"}]}}""", status: 403));
        using var harness = new ConnectorHarness();

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => harness.Get("youtube").FetchAsync(ConnectorHarness.Source("youtube", Settings(server)), default));

        Assert.Contains("quotaExceeded", ex.Message);
        Assert.DoesNotContain("secret-key", ex.Message);
    }

    [Fact]
    public async Task Bad_threads_are_rejected_and_the_rest_kept()
    {
        await using var server = await FakeSourceServer.StartAsync((ctx, _) => FakeSourceServer.Write(ctx,
            Page(null, Thread("ok", "2025-03-14T10:00:00Z"), """{"id":"x","snippet":{}}""", Thread("nodate", "whenever"))));
        using var harness = new ConnectorHarness();

        var result = await harness.Get("youtube").FetchAsync(ConnectorHarness.Source("youtube", Settings(server)), default);

        Assert.Equal("ok", result.Mentions.Single().ExternalId);
        Assert.Equal([1, 2], result.Rejected.Select(r => r.Index));
    }

    [Fact]
    public void Settings_need_a_key_and_exactly_one_of_video_and_channel()
    {
        using var harness = new ConnectorHarness();
        var problems = harness.Get("youtube").ValidateSettings(ConnectorHarness.Source("youtube", new { videoId = "a", channelId = "b" }).Settings);
        Assert.Equal(2, problems.Count);
    }

    [Fact]
    public void Every_connector_kind_is_registered()
    {
        using var harness = new ConnectorHarness();
        Assert.Equal(["appstore", "bluesky", "hackernews", "jetstream", "mastodon", "reddit", "rss", "youtube"], harness.Registry.Kinds.Order());
    }
}
