using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Storage.Sources;
using FusionMonitor.TestSupport;
using FusionMonitor.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

/// <summary>
/// A Jetstream source consumed by the app's hosted stream consumer, against a local WebSocket Jetstream: only posts
/// that mention a tracked brand are stored; the connection is dropped mid-stream and the consumer reconnects from the
/// committed cursor; the lease names this instance. On PostgreSQL and on SQLite.
/// </summary>
public abstract class JetstreamSourceTests<TApp>(TApp app) where TApp : FusionApp
{
    [Fact]
    public async Task The_stream_consumer_stores_only_tracked_posts_and_resumes_from_its_cursor_after_a_dropped_connection()
    {
        var c = app.Client();
        var brand = Unique("Lumen");
        var brandId = await c.BrandAsync(brand);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds() * 1000;
        await using var jet = await JetstreamFixture.StartAsync();
        jet.DropAfter = 3;
        jet.AddPost(t0 + 1_000, "did:plc:fan", "p1", $"{brand} jumpers are so cosy, love them");
        jet.AddPost(t0 + 2_000, "did:plc:other", "p2", "nothing about anything we track");
        jet.AddPost(t0 + 3_000, "did:plc:other", "p3", "still nothing");
        jet.AddPost(t0 + 4_000, "did:plc:grump", "p4", $"{brand} lost my parcel again, awful service");
        jet.AddNoise(t0 + 5_000, "did:plc:fan");

        var created = await (await c.PostAsJsonAsync("/api/sources", new
        {
            kind = "jetstream",
            name = Unique("firehose"),
            settings = new { endpoint = jet.Endpoint.ToString(), replaySeconds = 0, maxBatchMilliseconds = 100, startMinutesAgo = 10 },
            intervalSeconds = 3600,
        })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var sourceId = created.GetProperty("id").GetInt64();

        var sw = System.Diagnostics.Stopwatch.StartNew();
        var mentions = await WaitAsync(async () =>
        {
            var items = (await c.GetFromJsonAsync<JsonElement>($"/api/mentions?brandId={brandId}")).GetProperty("items").EnumerateArray().ToList();
            return items.Count == 2 ? items : null;
        });
        var sw1 = sw.Elapsed.TotalSeconds;
        var source = await WaitAsync(async () =>
        {
            var s = (await c.GetFromJsonAsync<JsonElement>("/api/sources")).EnumerateArray().Single(x => x.GetProperty("id").GetInt64() == sourceId);
            return s.GetProperty("cursor").GetString() is { } cur && JsonDocument.Parse(cur).RootElement.GetProperty("timeUs").GetInt64() == t0 + 5_003 ? new[] { s } : null;
        });

        var sw2 = sw.Elapsed.TotalSeconds;
        Assert.All(mentions, m => Assert.Equal("bluesky", m.GetProperty("source").GetString()));
        Assert.Contains(mentions, m => m.GetProperty("externalId").GetString() == "at://did:plc:fan/app.bsky.feed.post/p1");
        Assert.Contains(mentions, m => m.GetProperty("author").GetProperty("handle").GetString() == "did:plc:grump");
        var all = (await c.GetFromJsonAsync<JsonElement>("/api/mentions?limit=500")).GetProperty("items").EnumerateArray();
        Assert.DoesNotContain(all, m => m.GetProperty("text").GetString()!.Contains("nothing", StringComparison.Ordinal)); // filtered before storage
        var connections = jet.Connections.ToList();
        Assert.True(connections.Count >= 3, $"{connections.Count} connection(s)");
        Assert.Equal((t0 + 3_000).ToString(CultureInfo.InvariantCulture), connections[1]["cursor"]); // resumed where the first connection's batch ended
        var holder = await app.Services.GetRequiredService<StreamLeaseStore>().HolderAsync(sourceId, DateTimeOffset.UtcNow);
        Assert.Equal(app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<FusionMonitor.Ingestion.Jobs.StreamConsumer>().Single().Holder, holder);
        var runs = (await c.GetFromJsonAsync<JsonElement>($"/api/sources/{sourceId}/runs")).EnumerateArray().ToList();
        Assert.Equal(2, runs.Where(r => r.GetProperty("error").ValueKind == JsonValueKind.Null).Sum(r => r.GetProperty("new").GetInt32()));
        Assert.Contains(runs, r => r.GetProperty("error").GetString()?.Contains("closed the stream", StringComparison.Ordinal) == true); // each drop is on record
        Console.WriteLine($"jetstream e2e: mentions after {sw1:0.0} s, cursor after {sw2:0.0} s, {connections.Count} connections");
    }

    private static async Task<T> WaitAsync<T>(Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (await probe() is { } value) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the stream consumer did not get there in time");
            await Task.Delay(100);
        }
    }
}

public sealed class JetstreamSourceOnPostgresTests(FusionApp app) : JetstreamSourceTests<FusionApp>(app), IClassFixture<FusionApp>;

public sealed class JetstreamSourceOnSqliteTests(SqliteFusionApp app) : JetstreamSourceTests<SqliteFusionApp>(app), IClassFixture<SqliteFusionApp>;
