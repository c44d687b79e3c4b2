using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Ingestion.Jobs;
using FusionMonitor.Storage.Sources;
using FusionMonitor.TestSupport;
using FusionMonitor.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

/// <summary>
/// Two app instances on one PostgreSQL database: exactly one consumes the Jetstream source; when it stops, the other
/// takes the source over from the stored cursor and goes on storing. (A crashed holder's lease running out is the
/// lease store's test; here the holder stops and gives its lease back.) Runs with the Hangfire-hosts tests, alone.
/// </summary>
[Collection(nameof(HangfireHostsTests))]
public sealed class JetstreamTakeoverTests
{
    [Fact]
    public async Task One_instance_consumes_and_the_other_takes_over_when_it_stops()
    {
        var first = new FusionApp();
        await ((IAsyncLifetime)first).InitializeAsync();
        var apps = new List<FusionApp> { first };
        try
        {
            var c = first.Client();
            var brand = Unique("Takeover");
            var brandId = await c.BrandAsync(brand);
            // Started after the brand exists: an instance learns of another's new brand only within the catalogue's
            // refresh (15 s), and a stream post filtered out meanwhile is not read again.
            var second = new SharedDatabaseApp(first.ConnectionString);
            await ((IAsyncLifetime)second).InitializeAsync();
            apps.Add(second);
            await using var jet = await JetstreamFixture.StartAsync();
            var t0 = DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds() * 1000;
            jet.AddPost(t0 + 1, "did:plc:a", "before", $"{brand} before the takeover");
            var created = await (await c.PostAsJsonAsync("/api/sources", new
            {
                kind = "jetstream", name = Unique("shared firehose"), intervalSeconds = 3600,
                settings = new { endpoint = jet.Endpoint.ToString(), replaySeconds = 0, maxBatchMilliseconds = 100, startMinutesAgo = 10 },
            })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
            var sourceId = created.GetProperty("id").GetInt64();
            await WaitForMentionsAsync(c, brandId, 1);

            var holder = await Holder(first, sourceId);
            var consuming = apps.Where(a => Consumer(a).Consuming.Contains(sourceId)).ToList();
            var active = Assert.Single(consuming); // exactly one instance reads the stream
            Assert.Equal(Consumer(active).Holder, holder);
            var survivor = apps.Single(a => a != active);

            await ((IAsyncLifetime)active).DisposeAsync();
            apps.Remove(active);
            jet.AddPost(t0 + 2, "did:plc:b", "after", $"{brand} after the takeover");

            await WaitForMentionsAsync(survivor.Client(), brandId, 2);
            Assert.Equal(Consumer(survivor).Holder, await Holder(survivor, sourceId));
            Assert.True(jet.Connections.Count >= 2);
        }
        finally
        {
            foreach (var a in apps) await ((IAsyncLifetime)a).DisposeAsync();
        }
    }

    private static StreamConsumer Consumer(FusionApp app) => app.Services.GetServices<IHostedService>().OfType<StreamConsumer>().Single();

    private static Task<string?> Holder(FusionApp app, long sourceId) =>
        app.Services.GetRequiredService<StreamLeaseStore>().HolderAsync(sourceId, DateTimeOffset.UtcNow);

    private static async Task WaitForMentionsAsync(HttpClient c, long brandId, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await c.GetFromJsonAsync<JsonElement>($"/api/mentions?brandId={brandId}")).GetProperty("items").GetArrayLength() < count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"fewer than {count} mention(s) arrived");
            await Task.Delay(100);
        }
    }

    /// <summary>A second instance on the first one's database.</summary>
    private sealed class SharedDatabaseApp(string connectionString) : FusionApp
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["ConnectionStrings:Postgres"] = connectionString };
    }
}
