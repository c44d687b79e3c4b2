using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.TestSupport;
using FusionMonitor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FusionMonitor.Web.Tests.Instances;

/// <summary>An instance dies in the middle of a fetch (killed, no shutdown): another picks its work up within a minute.</summary>
[Collection(SeveralInstancesCollection.Name)]
public sealed class CrashedInstanceTests
{
    [Fact]
    public async Task KillingTheDispatchingInstanceMidFetch_TheOtherFetchesTheSourceWithinAboutAMinute()
    {
        await using var redis = await RedisServer.StartAsync();
        var database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("crash");
        await using var webhooks = new WebhookSink();
        await webhooks.StartAsync();
        var settings = SeveralInstances.Settings(database, redis.Configuration, webhooks.Url);

        // The feed never answers the first request (the instance doing it will die), and answers every later one.
        var requests = 0;
        var firstArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var feed = $"""
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>Reviews</title>
              <item><guid>k1</guid><title>Fine</title><description>Survivor Bakery made my week.</description><pubDate>{DateTimeOffset.UtcNow.AddHours(-1):R}</pubDate></item>
            </channel></rss>
            """;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed.xml", async () =>
        {
            if (Interlocked.Increment(ref requests) == 1)
            {
                firstArrived.TrySetResult();
                await hold.Task;
            }
            return Results.Text(feed, "application/rss+xml; charset=utf-8");
        }));

        try
        {
            // Alone, the first instance dispatches and starts the fetch...
            await using var first = await AppProcess.StartAsync("first", settings);
            var sourceId = await first.Client(SeveralInstances.AdminKey).RssSourceAsync(server.BaseUrl + "/feed.xml");
            await firstArrived.Task.WaitAsync(TimeSpan.FromSeconds(60));
            // ...a second one joins, and the first dies with the source's fetch (and Hangfire's job) in its hands.
            await using var second = await AppProcess.StartAsync("second", settings);
            first.Kill();
            var killed = Stopwatch.StartNew();

            using var c = second.Client(SeveralInstances.AdminKey);
            JsonElement? run = null;
            while (run is null && killed.Elapsed < TimeSpan.FromSeconds(90))
            {
                await Task.Delay(500);
                run = (await c.GetFromJsonAsync<JsonElement>($"/api/sources/{sourceId}/runs")).EnumerateArray().Cast<JsonElement?>().FirstOrDefault();
            }
            Assert.True(run is not null, $"no fetch of the source in 90 s after the kill:\n{second.RecentOutput}");
            Assert.True(killed.Elapsed < TimeSpan.FromSeconds(75), $"the source waited {killed.Elapsed.TotalSeconds:F0} s after its fetcher died");
            Assert.Equal(JsonValueKind.Null, run!.Value.GetProperty("error").ValueKind);
            Assert.Equal(1, run.Value.GetProperty("new").GetInt32());
            Assert.Equal(2, Volatile.Read(ref requests));
        }
        finally
        {
            hold.TrySetResult();
        }
    }
}
