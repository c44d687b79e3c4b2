using FusionMonitor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

/// <summary>Runs alone, after the parallel tests: it needs to know which app configured Hangfire last.</summary>
[CollectionDefinition(nameof(HangfireHostsTests), DisableParallelization = true)]
public sealed class HangfireHostsCollection;

/// <summary>
/// Two apps in one process, as the web tests run them. Hangfire logs through one process-wide provider, pointed at
/// the logger factory of the app that configured Hangfire last; when that app stops, the other app's jobs must still
/// run. They used not to: the workers asked the disposed factory for a logger right after fetching a job, failed,
/// and left the job invisible for half an hour (the intermittent SourceJobTests timeout).
/// </summary>
[Collection(nameof(HangfireHostsTests))]
public sealed class HangfireHostsTests
{
    [Fact]
    public async Task Jobs_still_run_after_the_app_that_configured_Hangfire_last_has_stopped()
    {
        var first = new FusionApp();
        await ((IAsyncLifetime)first).InitializeAsync();
        try
        {
            var second = new FusionApp();
            await ((IAsyncLifetime)second).InitializeAsync(); // configures Hangfire's process-wide logging last...
            await ((IAsyncLifetime)second).DisposeAsync(); // ...and takes its logger factory with it

            var c = first.Client();
            var brand = Unique("Outlived");
            await c.BrandAsync(brand);
            var feed = $"""
                <?xml version="1.0" encoding="utf-8"?>
                <rss version="2.0"><channel><title>Reviews</title>
                  <item><guid>o1</guid><title>Lovely</title><description>{brand} made my week, lovely people.</description><pubDate>{DateTimeOffset.UtcNow.AddHours(-1):R}</pubDate></item>
                </channel></rss>
                """;
            await using var server = await LoopbackServer.StartAsync(a => a.MapGet("/feed.xml", () => Results.Text(feed, "application/rss+xml; charset=utf-8")));
            var sourceId = await c.RssSourceAsync(server.BaseUrl + "/feed.xml");

            var run = await first.FetchAndWaitAsync(c, sourceId, expectedRuns: 1);

            Assert.Equal(1, run.GetProperty("new").GetInt32());
        }
        finally
        {
            await ((IAsyncLifetime)first).DisposeAsync();
        }
    }
}
