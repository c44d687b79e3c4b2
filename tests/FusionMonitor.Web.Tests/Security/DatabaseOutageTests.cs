using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.TestSupport;
using FusionMonitor.Web.Tests.Infrastructure;
using Npgsql;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests.Security;

/// <summary>The app on a PostgreSQL server of its own, which the test kills and starts again under load.</summary>
public sealed class OutageApp : FusionApp
{
    public PostgresServer.PrivatePostgresServer Database { get; } = PostgresServer.StartPrivate();

    protected override Task<string> CreateDatabaseAsync() => Database.Server.CreateDatabaseAsync("outage");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Database.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class DatabaseOutageTests(OutageApp app) : IClassFixture<OutageApp>
{
    [Fact]
    public async Task Killing_postgres_under_load_gives_503s_never_500s_stores_exactly_what_was_accepted_and_recovers_alone()
    {
        var c = app.Client();
        var brand = Unique("Outageco");
        await c.BrandAsync(brand);
        var source = "outage-" + Guid.NewGuid().ToString("N")[..8];
        var statuses = new ConcurrentBag<HttpStatusCode>();
        var health = new ConcurrentBag<HttpStatusCode>();
        var accepted = 0;
        var duplicates = 0;
        var sent = 0;
        using var stop = new CancellationTokenSource();

        async Task PostLoop(int writer)
        {
            for (var batch = 0; !stop.IsCancellationRequested; batch++)
            {
                var items = Enumerable.Range(0, 20).Select(i => Mention($"{writer}-{batch}-{i}", $"{brand} item {i} of batch {batch}: pretty good", DateTimeOffset.UtcNow.AddMinutes(-1), source: source)).ToList();
                Interlocked.Add(ref sent, items.Count);
                // Resend the same batch until it is answered: what a client does with a 503 and its Retry-After.
                while (true)
                {
                    var r = await c.PostAsJsonAsync("/api/mentions", items);
                    statuses.Add(r.StatusCode);
                    if (r.StatusCode == HttpStatusCode.OK)
                    {
                        var answer = await r.Content.ReadFromJsonAsync<JsonElement>();
                        Interlocked.Add(ref accepted, answer.GetProperty("accepted").GetInt32());
                        Interlocked.Add(ref duplicates, answer.GetProperty("duplicates").GetInt32());
                        break;
                    }
                    if (r.StatusCode != HttpStatusCode.ServiceUnavailable) return; // anything else fails the test below
                    Assert.True(r.Headers.RetryAfter is not null, "a 503 says when to retry");
                    await Task.Delay(200);
                }
            }
        }

        async Task HealthLoop()
        {
            var anonymous = app.Client(null);
            while (!stop.IsCancellationRequested)
            {
                health.Add((await anonymous.GetAsync("/healthz")).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/livez")).StatusCode);
                await Task.Delay(100);
            }
        }

        var load = new[] { PostLoop(1), PostLoop(2), HealthLoop() };
        await Task.Delay(1_500);
        app.Database.Kill();
        await Task.Delay(2_500);
        app.Database.Start();
        // Load goes on until batches succeed again, then a little longer.
        var okBefore = statuses.Count(x => x == HttpStatusCode.OK);
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline && statuses.Count(x => x == HttpStatusCode.OK) < okBefore + 6;) await Task.Delay(200);
        await Task.Delay(500);
        stop.Cancel();
        await Task.WhenAll(load);

        Assert.All(statuses, x => Assert.True(x is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"unexpected {(int)x} {x}"));
        Assert.Contains(HttpStatusCode.ServiceUnavailable, statuses); // the outage was met
        Assert.Contains(HttpStatusCode.ServiceUnavailable, health); // readiness said so
        var ready = HttpStatusCode.ServiceUnavailable;
        for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline && ready != HttpStatusCode.OK; await Task.Delay(100))
            ready = (await app.Client(null).GetAsync("/healthz")).StatusCode;
        Assert.Equal(HttpStatusCode.OK, ready); // and says ready again, by itself

        // Every batch was answered 200 in the end, and what those answers accepted is what is stored. (A commit whose
        // acknowledgement died with the server was answered 503; its resend then counts duplicates, stored once.)
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var count = new NpgsqlCommand("select count(*) from mentions where source = @s", conn);
        count.Parameters.AddWithValue("s", source);
        var stored = (long)(await count.ExecuteScalarAsync())!;
        Assert.Equal(sent, accepted + duplicates);
        Assert.Equal(sent, stored);
        Assert.True(accepted > 0 && statuses.Count(x => x == HttpStatusCode.OK) > okBefore, "batches went through after the restart");

        // The app serves again without a restart.
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/api/pairs")).StatusCode);
        (await c.PostAsJsonAsync("/api/mentions", new[] { Mention(Guid.NewGuid().ToString(), $"{brand} after the outage", DateTimeOffset.UtcNow, source: source) })).EnsureSuccessStatusCode();
    }
}
