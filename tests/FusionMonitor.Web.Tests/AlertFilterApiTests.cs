using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Web.Tests.Infrastructure;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

public sealed class AlertFilterApiTestsOnPostgres(FusionApp app) : AlertFilterApiTests(app), IClassFixture<FusionApp>;

public sealed class AlertFilterApiTestsOnSqlite(SqliteFusionApp app) : AlertFilterApiTests(app), IClassFixture<SqliteFusionApp>;

/// <summary>
/// The inbox's filters through <c>GET /api/alerts</c> on each database: status, kind, severity, brand and assignee,
/// combined with "and", several values with commas; every malformed value a 400 that names it.
/// </summary>
public abstract class AlertFilterApiTests(FusionApp app)
{
    [Fact]
    public async Task Each_filter_keeps_what_matches_and_drops_what_does_not()
    {
        var c = app.Client();
        var brand = Unique("Filterby Bakes");
        var brandId = await c.BrandAsync(brand);
        var now = DateTimeOffset.UtcNow;
        (await c.PostAsJsonAsync("/api/mentions", Complaints.CalmPast(brand, now))).EnsureSuccessStatusCode();
        (await c.PostAsJsonAsync("/api/mentions", Complaints.Burst(brand, "", now))).EnsureSuccessStatusCode();
        var alert = await OpenAlertAsync(c, brandId);
        var id = alert.GetProperty("id").GetInt64();
        var severity = alert.GetProperty("severity").GetString()!;
        var other = new[] { "low", "medium", "high", "critical" }.First(s => s != severity);

        async Task<List<long>> Ids(string query) =>
            (await c.GetFromJsonAsync<JsonElement>($"/api/alerts?{query}")).EnumerateArray().Select(a => a.GetProperty("id").GetInt64()).ToList();

        Assert.Contains(id, await Ids($"brandId={brandId}"));
        Assert.Contains(id, await Ids($"brandId={brandId}&kind=negativeSpike&status=open"));
        Assert.Contains(id, await Ids($"brandId={brandId}&kind=scoreDrop,negativeSpike&status=open,acknowledged"));
        Assert.DoesNotContain(id, await Ids($"brandId={brandId}&kind=scoreDrop"));
        Assert.DoesNotContain(id, await Ids($"brandId={brandId}&status=resolved"));
        Assert.Contains(id, await Ids($"brandId={brandId}&severity={severity}"));
        Assert.Contains(id, await Ids($"brandId={brandId}&severity=low,medium,high,critical"));
        Assert.DoesNotContain(id, await Ids($"brandId={brandId}&severity={other}"));
        Assert.All((await c.GetFromJsonAsync<JsonElement>($"/api/alerts?severity={severity}")).EnumerateArray(),
            a => Assert.Equal(severity, a.GetProperty("severity").GetString()));
        Assert.DoesNotContain(id, await Ids($"brandId={await c.BrandAsync(Unique("Other Bakes"))}"));

        // Assignee: nobody yet; then a colleague, found by name and as "anyone", not as the caller ("me").
        Assert.Contains(id, await Ids($"brandId={brandId}&assignee=nobody"));
        Assert.DoesNotContain(id, await Ids($"brandId={brandId}&assignee=anyone"));
        var colleague = Unique("filter-ana").Replace(' ', '-');
        (await c.PostAsJsonAsync("/api/users", new { name = colleague, password = "a-long-password-1", role = "viewer" })).EnsureSuccessStatusCode();
        (await c.PostAsJsonAsync($"/api/alerts/{id}/assign", new { assignee = colleague })).EnsureSuccessStatusCode();
        Assert.Contains(id, await Ids($"brandId={brandId}&assignee=anyone"));
        Assert.Contains(id, await Ids($"assignee={colleague}"));
        Assert.DoesNotContain(id, await Ids($"brandId={brandId}&assignee=nobody"));
        Assert.DoesNotContain(id, await Ids($"brandId={brandId}&assignee=me"));
        var listed = (await c.GetFromJsonAsync<JsonElement>($"/api/alerts?assignee={colleague}")).EnumerateArray().Single();
        Assert.Equal(colleague, listed.GetProperty("card").GetProperty("assignee").GetString());
        Assert.Equal($"Assigned to {colleague}", listed.GetProperty("card").GetProperty("assigneeText").GetString());
    }

    [Theory]
    [InlineData("status=closed", "status")]
    [InlineData("kind=spike", "kind")]
    [InlineData("kind=negativeSpike,,bogus", "kind")]
    [InlineData("severity=urgent", "severity")]
    [InlineData("severity=High", "severity")]
    [InlineData("brandId=abc", "brandId")]
    [InlineData("brandId=-3", "brandId")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    public async Task A_malformed_filter_is_a_400_that_names_it(string query, string field)
    {
        var response = await app.Client().GetAsync($"/api/alerts?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        Assert.Contains(" must ", messages[0].GetString());
    }

    private static async Task<JsonElement> OpenAlertAsync(HttpClient c, long brandId)
    {
        // Scoring thirty-odd mentions with the shipped models takes a while on a loaded two-core machine: wait by the clock.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(3))
        {
            var mine = (await c.GetFromJsonAsync<JsonElement>($"/api/alerts?status=open&brandId={brandId}&kind=negativeSpike")).EnumerateArray().ToList();
            if (mine.Count > 0) return mine[0];
            await Task.Delay(200);
        }
        throw new TimeoutException("no alert opened for the burst");
    }
}
