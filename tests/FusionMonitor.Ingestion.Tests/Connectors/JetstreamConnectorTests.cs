using System.Net.WebSockets;
using System.Text.Json;
using FusionMonitor.Ingestion.Connectors;
using FusionMonitor.TestSupport;

namespace FusionMonitor.Ingestion.Tests.Connectors;

public sealed class JetstreamConnectorTests
{
    private const long T = 1_741_947_667_000_000; // 2025-03-14T10:21:07Z in microseconds
    private const string Did = "did:plc:abcd1234efgh5678ijkl9012";

    private static IStreamConnector Connector(ConnectorHarness h) => (IStreamConnector)h.Get("jetstream");

    [Fact]
    public async Task Posts_come_through_in_order_resumed_from_the_cursor_minus_the_replay_margin_and_other_events_are_skipped()
    {
        await using var jet = await JetstreamFixture.StartAsync();
        jet.AddPost(T - 10_000_000, Did, "old", "before the cursor's replay margin");
        jet.AddPost(T + 1, Did, "3lkq7xyzab2s2", "Acme Widget — so good #acme", createdAt: new DateTimeOffset(2025, 3, 14, 10, 21, 0, TimeSpan.Zero));
        jet.AddNoise(T + 2, Did);
        jet.AddPost(T + 10, Did, "future", "a post dated in the future by its client", lang: "de", createdAt: new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var harness = new ConnectorHarness();
        var items = new List<StreamItem>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var source = ConnectorHarness.Source("jetstream", new { endpoint = jet.Endpoint.ToString(), replaySeconds = 5 });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Connector(harness).ConsumeAsync(source, T + 5_000_000, (item, _) =>
        {
            items.Add(item);
            if (items.Count(i => i.Mention is not null) == 2) cts.Cancel();
            return ValueTask.CompletedTask;
        }, cts.Token));

        var query = Assert.Single(jet.Connections);
        Assert.Equal("app.bsky.feed.post", query["wantedCollections"]);
        Assert.Equal((T).ToString(System.Globalization.CultureInfo.InvariantCulture), query["cursor"]);
        var posts = items.Where(i => i.Mention is not null).Select(i => i.Mention!).ToList();
        Assert.Equal(["at://" + Did + "/app.bsky.feed.post/3lkq7xyzab2s2", "at://" + Did + "/app.bsky.feed.post/future"], posts.Select(p => p.ExternalId));
        var first = posts[0];
        Assert.Equal("bluesky", first.Source); // the search connector's source and id: a post found both ways is stored once
        Assert.Equal("Acme Widget — so good #acme", first.Text);
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 10, 21, 0, TimeSpan.Zero), first.CreatedAt);
        Assert.Equal(Did, first.Author.Handle);
        Assert.Equal($"https://bsky.app/profile/{Did}/post/3lkq7xyzab2s2", first.Url);
        Assert.Equal("en", first.Lang);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds((T + 10) / 1000), posts[1].CreatedAt); // never later than the event
        Assert.Equal(6, items.Count); // two posts and four events that are no posts, each with its position
        Assert.All(items.Where(i => i.Mention is null), i => Assert.Null(i.RejectReason));
        Assert.Equal(items.Select(i => i.Position).Order(), items.Select(i => i.Position));
    }

    [Fact]
    public async Task A_dropped_connection_surfaces_as_an_error_so_the_consumer_reconnects()
    {
        await using var jet = await JetstreamFixture.StartAsync();
        jet.AddPost(T, Did, "a", "one");
        jet.AddPost(T + 1, Did, "b", "two");
        jet.DropAfter = 1;
        using var harness = new ConnectorHarness();
        var seen = 0;

        await Assert.ThrowsAsync<WebSocketException>(() => Connector(harness).ConsumeAsync(
            ConnectorHarness.Source("jetstream", new { endpoint = jet.Endpoint.ToString() }), null, (_, _) => { seen++; return ValueTask.CompletedTask; }, CancellationToken.None));
        Assert.Equal(1, seen);
        Assert.False(Assert.Single(jet.Connections).ContainsKey("cursor"));
    }

    [Fact]
    public async Task A_test_fetch_reads_a_short_window_and_leaves_the_cursor_alone()
    {
        await using var jet = await JetstreamFixture.StartAsync();
        jet.AddPost(T, Did, "a", "Lumen Knits is lovely");
        jet.AddPost(T + 1, "did:plc:other", "b", "{\"not\": json}");
        jet.Add(T + 2, "{not json at all");
        using var harness = new ConnectorHarness();
        var cursor = JsonSerializer.Serialize(new { timeUs = T - 1 });

        var result = await harness.Get("jetstream").FetchAsync(ConnectorHarness.Source("jetstream", new { endpoint = jet.Endpoint.ToString(), replaySeconds = 0 }, cursor), default);

        Assert.Equal(2, result.Mentions.Count);
        Assert.Equal(cursor, result.NextCursor);
        Assert.StartsWith("event is not JSON", Assert.Single(result.Rejected).Reason);
    }

    [Fact]
    public async Task A_poison_event_is_rejected_with_its_position_and_the_stream_goes_on()
    {
        await using var jet = await JetstreamFixture.StartAsync();
        // An unpaired surrogate escape in a post's text, a date past the calendar, a time_us that is not a number.
        jet.Add(T, "{\"did\":\"" + Did + "\",\"time_us\":" + T + ",\"kind\":\"commit\",\"commit\":{\"operation\":\"create\",\"collection\":\"app.bsky.feed.post\",\"rkey\":\"bad\",\"record\":{\"text\":\"Acme \\ud800 broken\"}}}");
        jet.Add(T + 1, """{"time_us":"soon","kind":"commit"}""");
        jet.AddPost(T + 2, Did, "good", "Acme after the poison");
        var items = await ItemsUpToTheFirstMentionAsync(jet);

        var poison = items[0];
        Assert.Equal(T, poison.Position); // the cursor moves past it
        Assert.Contains("not valid text", poison.RejectReason, StringComparison.Ordinal);
        Assert.Contains("ud800", poison.Payload, StringComparison.Ordinal);
        Assert.Equal("at://" + Did + "/app.bsky.feed.post/good", items.Single(i => i.Mention is not null).Mention!.ExternalId);
    }

    [Theory]
    [InlineData(9_000_000_000_000_000_000)] // the year 2255
    [InlineData(-1)]
    [InlineData(5)]
    public async Task An_event_whose_time_us_is_no_plausible_time_is_rejected_without_moving_the_position(long hostile)
    {
        await using var jet = await JetstreamFixture.StartAsync();
        jet.Add(T, "{\"did\":\"" + Did + "\",\"time_us\":" + hostile + ",\"kind\":\"commit\",\"commit\":{\"operation\":\"create\",\"collection\":\"app.bsky.feed.post\",\"rkey\":\"far\",\"record\":{\"text\":\"Acme from the future\"}}}");
        jet.AddPost(T + 2, Did, "good", "Acme after it");
        var items = await ItemsUpToTheFirstMentionAsync(jet);

        Assert.Equal(0, items[0].Position); // a position of 0 never moves the consumer's cursor (it keeps the largest)
        Assert.Contains("not a plausible time", items[0].RejectReason, StringComparison.Ordinal);
        Assert.Equal(T + 2, items.Single(i => i.Mention is not null).Position);
    }

    /// <summary>Consumes the stream from its start and returns every item up to and with the first mention.</summary>
    private static async Task<List<StreamItem>> ItemsUpToTheFirstMentionAsync(JetstreamFixture jet)
    {
        using var harness = new ConnectorHarness();
        var items = new List<StreamItem>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Connector(harness).ConsumeAsync(
            ConnectorHarness.Source("jetstream", new { endpoint = jet.Endpoint.ToString() }), null, (item, _) =>
            {
                items.Add(item);
                if (item.Mention is not null) cts.Cancel();
                return ValueTask.CompletedTask;
            }, cts.Token));
        return items;
    }

    [Fact]
    public async Task The_socket_goes_through_the_network_guard()
    {
        await using var jet = await JetstreamFixture.StartAsync();
        jet.AddPost(T, Did, "a", "never read");
        using var harness = new ConnectorHarness(network: o => o.AllowPrivateNetworks = false);

        var e = await Assert.ThrowsAsync<ConnectorException>(() => Connector(harness).ConsumeAsync(
            ConnectorHarness.Source("jetstream", new { endpoint = jet.Endpoint.ToString() }), null, (_, _) => ValueTask.CompletedTask, CancellationToken.None));

        Assert.Contains("refused", e.Message, StringComparison.Ordinal);
        Assert.Contains("loopback", e.Message, StringComparison.Ordinal);
        Assert.Empty(jet.Connections);
    }

    [Fact]
    public void Settings_problems_are_reported_all_at_once()
    {
        using var harness = new ConnectorHarness();

        var problems = harness.Get("jetstream").ValidateSettings(JsonSerializer.SerializeToElement(new { endpoint = "https://not-a-socket.example", replaySeconds = -1, batchSize = 0 }));

        Assert.Equal(3, problems.Count);
        Assert.Empty(harness.Get("jetstream").ValidateSettings(JsonSerializer.SerializeToElement(new { })));
    }
}
