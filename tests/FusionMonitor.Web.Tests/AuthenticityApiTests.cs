using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.TestSupport;
using FusionMonitor.Web.Tests.Infrastructure;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

public sealed class AuthenticityApiTestsOnPostgres(FusionApp app) : AuthenticityApiTests(app), IClassFixture<FusionApp>;

public sealed class AuthenticityApiTestsOnSqlite(SqliteFusionApp app) : AuthenticityApiTests(app), IClassFixture<SqliteFusionApp>;

/// <summary>
/// The authenticity weight per author through the real pipeline, on each database (docs/fusion-score.md,
/// "Authenticity"): the profile fields pushed with a mention are stored with it, and a burst of complaints from day-old
/// accounts that follow thousands and are followed by nobody moves a pair far less than the same complaints from
/// established accounts; the drivers and the explanation say why.
/// </summary>
public abstract class AuthenticityApiTests(FusionApp app)
{
    private const int People = 20;

    [Fact]
    public async Task Complaints_from_day_old_accounts_following_thousands_move_a_pair_far_less_and_the_driver_says_why()
    {
        var c = app.Client();
        var now = DateTimeOffset.UtcNow;

        async Task<(double Move, JsonElement View, string Brand)> MoveAsync(string label, Func<int, DateTimeOffset, object> author)
        {
            var brand = Unique("Loomwell " + label);
            var handle = $"ines{Guid.NewGuid().ToString("N")[..6]}";
            var pairId = await c.PairAsync(await c.BrandAsync(brand), await c.InfluencerAsync("Ines " + handle, handle));
            var items = Enumerable.Range(0, People).Select(i =>
            {
                var at = now.AddMinutes(-40 + i);
                var id = Guid.NewGuid().ToString();
                return (object)new
                {
                    source = "test", externalId = id, text = $"{DistinctComplaints.All[i]} @{handle} {brand}", createdAt = at,
                    url = $"https://example.org/{id}", lang = "en", author = author(i, at),
                    engagement = new { likes = 2, reposts = 0, replies = 1 },
                };
            }).ToList();
            var report = await (await c.PostAsJsonAsync("/api/mentions", items)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(People, report.GetProperty("accepted").GetInt32());
            var view = await c.GetFromJsonAsync<JsonElement>($"/api/pairs/{pairId}");
            return (50 - view.GetProperty("score").GetDouble(), view, brand);
        }

        // The same complaints, the same reach (no followers): only the profiles differ.
        var (established, establishedView, _) = await MoveAsync("people", (i, at) => new
        {
            handle = $"regular{i}{Guid.NewGuid().ToString("N")[..4]}", followers = 0, following = 60, posts = 1_800,
            createdAt = at.AddYears(-3).ToString("O"),
        });
        var (burst, view, brand) = await MoveAsync("burst", (i, at) => new
        {
            handle = $"fresh{i}{Guid.NewGuid().ToString("N")[..4]}", followers = 0, following = 3_000 + i, posts = 25,
            createdAt = at.AddDays(-1).ToString("O"),
        });

        Assert.True(established > 2, $"{People} established accounts moved the pair {established:0.00} points");
        Assert.True(burst > 0 && burst <= established * 0.35, $"the burst moved it {burst:0.00}, established accounts {established:0.00}");

        const string Why = "new account, follows far more than follow it, weighed \u00d70.2";
        var drivers = view.GetProperty("drivers").EnumerateArray().ToList();
        Assert.NotEmpty(drivers);
        Assert.All(drivers, d =>
        {
            Assert.Equal(0.2, d.GetProperty("authenticity").GetDouble(), 1e-9);
            Assert.Equal(Why, d.GetProperty("authenticityNote").GetString());
        });
        Assert.Contains("; " + Why + ")", view.GetProperty("explanation").GetString());
        Assert.All(establishedView.GetProperty("drivers").EnumerateArray(), d =>
        {
            Assert.Equal(1, d.GetProperty("authenticity").GetDouble());
            Assert.Equal(JsonValueKind.Null, d.GetProperty("authenticityNote").ValueKind);
        });

        // Stored with the mention, and shown back in the mention list.
        var brandId = view.GetProperty("brandId").GetInt64();
        var listed = (await c.GetFromJsonAsync<JsonElement>($"/api/mentions?brandId={brandId}&limit=100")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(People, listed.Count);
        Assert.All(listed, m =>
        {
            var a = m.GetProperty("author");
            Assert.True(a.GetProperty("following").GetInt64() >= 3_000);
            Assert.Equal(25, a.GetProperty("posts").GetInt64());
            Assert.True(now - a.GetProperty("createdAt").GetDateTimeOffset() > TimeSpan.FromHours(23));
        });
        Assert.Contains(brand, listed[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_bad_profile_field_rejects_that_mention_with_a_reason_and_keeps_the_rest()
    {
        var c = app.Client();
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        object Item(string id, object author) => new { source = "test", externalId = id, text = "fine words about nothing in particular", createdAt = now, author };
        var prefix = Guid.NewGuid().ToString("N")[..8];
        var response = await c.PostAsJsonAsync("/api/mentions", new[]
        {
            Item(prefix + "a", new { handle = "ok", following = 10, posts = 3, createdAt = now.AddDays(-400).ToString("O") }),
            Item(prefix + "b", new { handle = "when", createdAt = "last tuesday" }),
            Item(prefix + "c", new { handle = "future", createdAt = now.AddDays(3).ToString("O") }),
            Item(prefix + "d", new { handle = "neg", following = -1 }),
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, report.GetProperty("accepted").GetInt32());
        var reasons = report.GetProperty("rejected").EnumerateArray().ToDictionary(r => r.GetProperty("index").GetInt32(), r => r.GetProperty("reason").GetString()!);
        Assert.Contains("author.createdAt 'last tuesday' is not an ISO-8601 timestamp", reasons[1]);
        Assert.Contains("author.createdAt", reasons[2]);
        Assert.Contains("in the future", reasons[2]);
        Assert.Contains("author.following is negative", reasons[3]);
    }
}
