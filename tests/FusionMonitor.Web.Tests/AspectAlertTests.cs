using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Web.Tests.Infrastructure;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

/// <summary>The app with the aspect check every two seconds (the default is hourly), on PostgreSQL.</summary>
public class AspectWatchApp : FusionApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Strategy:AspectCheckEvery"] = "00:00:02" };
}

/// <summary>The same on SQLite.</summary>
public sealed class SqliteAspectWatchApp : FusionApp
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"fusion-web-{Guid.NewGuid():N}.db");

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["ConnectionStrings:Postgres"] = "",
        ["Storage:SqlitePath"] = _path,
        ["Strategy:AspectCheckEvery"] = "00:00:02",
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
            if (File.Exists(file)) File.Delete(file);
    }
}

public sealed class AspectAlertTestsOnPostgres(AspectWatchApp app) : AspectAlertTests(app), IClassFixture<AspectWatchApp>;

public sealed class AspectAlertTestsOnSqlite(SqliteAspectWatchApp app) : AspectAlertTests(app), IClassFixture<SqliteAspectWatchApp>;

/// <summary>An aspect that matters more while the brand does worse on it raises aspectSlipping, once (issue 21).</summary>
public abstract class AspectAlertTests(FusionApp app)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Prices_that_went_from_praised_aside_to_slated_and_decisive_raise_one_aspectSlipping_alert()
    {
        var c = app.Client();
        var brand = Unique("Copper Kettle Diner");
        var brandId = await c.BrandAsync(brand);
        var now = DateTimeOffset.UtcNow;
        // The 30 days before: fair prices said in passing, the verdict set by other things (price does not move it).
        string[] before =
        [
            "prices at {0} are fair, but the staff were rude and the food was cold", "good value at {0}, however our waiter ignored us for ages",
            "{0} is affordable enough, but the toilets were filthy and the soup was bland", "cheap prices at {0}, though the service was awful",
            "the bill at {0} was reasonable, but the dish arrived greasy and late", "{0} has a fair price, yet the manager was dismissive",
            "great value at {0} but the meal was tasteless and stale", "{0}: affordable, but the staff could not care less",
            "the prices at {0} are fine, but the food was disgusting", "{0} is good value for money, however the place was dirty",
            "a bargain at {0}, but our waitress was rude", "{0} was cheap, though the pizza was burnt and cold",
        ];
        // The last 30 days: prices slated, and they decide the verdict.
        string[] lately =
        [
            "{0} is a total rip-off, the prices are outrageous", "way overpriced at {0}, never again", "the bill at {0} was a joke, absurdly expensive",
            "{0} has become far too expensive, awful value", "{0} charged us a fortune for tiny plates, ridiculous prices",
            "not worth the money at {0} any more, terrible value", "{0} raised its prices again, shameful rip-off",
            "overpriced and greedy, {0} has lost me", "{0}: the price is insulting for what you get", "furious at the cost of a simple lunch at {0}, so expensive",
            "{0} is daylight robbery now, outrageous bill", "stopped going to {0}, the prices are a scam",
        ];
        var mentions = before.Select((t, i) => Mention(Guid.NewGuid().ToString(), string.Format(t, brand), now.AddDays(-45).AddHours(i), $"regular{i}", 300))
            .Concat(lately.Select((t, i) => Mention(Guid.NewGuid().ToString(), string.Format(t, brand), now.AddDays(-3).AddHours(i), $"diner{i}", 300))).ToList();
        (await c.PostAsJsonAsync("/api/mentions", mentions)).EnsureSuccessStatusCode();

        var alert = await SlippingAsync(c, brandId, n => n >= 1);
        var a = Assert.Single(alert);
        Assert.Equal("open", a.GetProperty("status").GetString());
        Assert.Equal("Aspect slipping", a.GetProperty("card").GetProperty("kindText").GetString());
        var summary = a.GetProperty("summary").GetString()!;
        Assert.StartsWith("Price matters more to", summary);
        Assert.True(a.GetProperty("value").GetDouble() >= 0.2, a.ToString());             // performance fell at least the rule's margin
        Assert.Contains(a.GetProperty("card").GetProperty("figures").EnumerateArray(), f => f.GetString()!.StartsWith("Performance fell"));

        // Checked again every two seconds: still one, for prices only, this week.
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.Equal(a.GetProperty("id").GetInt64(), Assert.Single(await SlippingAsync(c, brandId, _ => true)).GetProperty("id").GetInt64());
    }

    private static async Task<List<JsonElement>> SlippingAsync(HttpClient c, long brandId, Func<int, bool> enough)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var alerts = (await c.GetFromJsonAsync<JsonElement>("/api/alerts", Web)).EnumerateArray()
                .Where(a => a.GetProperty("kind").GetString() == "aspectSlipping" && a.GetProperty("brandId").GetInt64() == brandId).ToList();
            if (enough(alerts.Count)) return alerts;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"aspectSlipping alerts of brand {brandId}: {alerts.Count}");
            await Task.Delay(500);
        }
    }
}
