using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.TestSupport;
using FusionMonitor.Web.Tests.Infrastructure;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

public sealed class AlertRulesApiTestsOnPostgres(FusionApp app) : AlertRulesApiTests(app), IClassFixture<FusionApp>;

public sealed class AlertRulesApiTestsOnSqlite(SqliteFusionApp app) : AlertRulesApiTests(app), IClassFixture<SqliteFusionApp>;

/// <summary>
/// A brand's own alert rules (<c>GET/PUT /api/brands/{id}/alert-rules</c>) on each database: stored as the differences
/// from the configured rules, in force for that brand (the backtest without rules replays under them), bad changes a
/// 400 that stores nothing, and only an admin may change them.
/// </summary>
public abstract class AlertRulesApiTests(FusionApp app)
{
    [Fact]
    public async Task Saved_changes_are_the_brands_rules_in_force_and_an_empty_object_restores_the_configured_ones()
    {
        var c = app.Client();
        var brand = Unique("Rulewell");
        var brandId = await c.BrandAsync(brand);
        var other = await c.BrandAsync(Unique("Otherwell"));
        var now = DateTimeOffset.UtcNow;
        // Ten calm days, then an outcry five days ago: under the configured rules a backtest finds it.
        var calm = Enumerable.Range(0, 10 * 24).Select(i => Mention(Guid.NewGuid().ToString(),
            $"{brand} shop {i % 13} opens at {8 + i % 3} on weekday {i % 7}", now.AddDays(-15).AddHours(i), $"local{i % 300}", 150)).ToList();
        var incidentAt = now.AddDays(-5);
        var incident = DistinctComplaints.All.Select((text, i) => Mention(Guid.NewGuid().ToString(), $"{brand}: {text}", incidentAt.AddMinutes(i), $"upset{i}", 40_000)).ToList();
        foreach (var batch in calm.Concat(incident).Chunk(500)) (await c.PostAsJsonAsync("/api/mentions", batch)).EnsureSuccessStatusCode();

        var configured = await c.GetFromJsonAsync<JsonElement>($"/api/brands/{brandId}/alert-rules");
        Assert.Equal("medium", configured.GetProperty("rules").GetProperty("sensitivity").GetString());
        Assert.Empty(configured.GetProperty("changes").EnumerateObject());
        Assert.Equal(JsonValueKind.Null, configured.GetProperty("updatedAt").ValueKind);
        Assert.Single(await BacktestAsync(c, brandId, now));

        var saved = await c.PutAsJsonAsync($"/api/brands/{brandId}/alert-rules", new { sensitivity = "low", minNegativeVolume = 100_000, dropWindow = "06:00:00" });
        saved.EnsureSuccessStatusCode();
        var view = await saved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("low", view.GetProperty("rules").GetProperty("sensitivity").GetString());
        Assert.Equal(100_000, view.GetProperty("rules").GetProperty("minNegativeVolume").GetDouble());
        Assert.Equal("06:00:00", view.GetProperty("rules").GetProperty("dropWindow").GetString());
        Assert.Equal(3, view.GetProperty("rules").GetProperty("spikeFactor").GetDouble()); // not named: the configured value
        Assert.Equal(["sensitivity", "minNegativeVolume", "dropWindow"], view.GetProperty("changes").EnumerateObject().Select(p => p.Name));
        Assert.True(view.GetProperty("updatedAt").GetDateTimeOffset() > now.AddMinutes(-1));
        // In force: the same history replayed without rules now raises nothing; another brand keeps the configured rules.
        Assert.Empty(await BacktestAsync(c, brandId, now));
        Assert.Equal("medium", (await c.GetFromJsonAsync<JsonElement>($"/api/brands/{other}/alert-rules")).GetProperty("rules").GetProperty("sensitivity").GetString());

        (await c.PutAsJsonAsync($"/api/brands/{brandId}/alert-rules", new { })).EnsureSuccessStatusCode();
        var restored = await c.GetFromJsonAsync<JsonElement>($"/api/brands/{brandId}/alert-rules");
        Assert.Empty(restored.GetProperty("changes").EnumerateObject());
        Assert.Equal(25, restored.GetProperty("rules").GetProperty("minNegativeVolume").GetDouble());
        Assert.Single(await BacktestAsync(c, brandId, now));
    }

    [Fact]
    public async Task Bad_changes_are_a_400_naming_rules_and_store_nothing_and_only_an_admin_may_change_rules()
    {
        var c = app.Client();
        var brandId = await c.BrandAsync(Unique("Strictwell"));
        (await c.PutAsJsonAsync($"/api/brands/{brandId}/alert-rules", new { dropPoints = 15 })).EnsureSuccessStatusCode();

        foreach (var (body, says) in new (object Body, string Says)[]
                 {
                     (new { spikeFactor = 0.5 }, "SpikeFactor must be above 1"),
                     (new { sensitivity = "extreme" }, "rules could not be read"),
                     (new { spikeFactorr = 4 }, "spikeFactorr"),
                     (new { dropWindow = "soon" }, "rules could not be read"),
                     (new { scoreBelow = (double?)null }, "rules could not be read"),
                     (new { dropWindow = "3650.00:00:00" }, "DropWindow must be at most 92 days"),
                     (new { cooldown = "10675199.02:48:05" }, "Cooldown must be at most 92 days"),
                 })
        {
            var answer = await c.PutAsJsonAsync($"/api/brands/{brandId}/alert-rules", body);
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains(says, problem.GetProperty("errors").GetProperty("rules")[0].GetString());
        }
        var array = await c.PutAsync($"/api/brands/{brandId}/alert-rules", new StringContent("[1, 2]", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, array.StatusCode);
        // Nothing of those was stored: the earlier change stands alone.
        var kept = await c.GetFromJsonAsync<JsonElement>($"/api/brands/{brandId}/alert-rules");
        Assert.Equal(["dropPoints"], kept.GetProperty("changes").EnumerateObject().Select(p => p.Name));
        Assert.Equal(15, kept.GetProperty("rules").GetProperty("dropPoints").GetDouble());

        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync("/api/brands/987654321/alert-rules")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.PutAsJsonAsync("/api/brands/987654321/alert-rules", new { dropPoints = 5 })).StatusCode);
        foreach (var role in new[] { "viewer", "analyst" })
        {
            var key = await (await c.PostAsJsonAsync("/api/keys", new { name = role, role })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
            var asRole = app.Client(key.GetProperty("key").GetString());
            Assert.Equal(HttpStatusCode.OK, (await asRole.GetAsync($"/api/brands/{brandId}/alert-rules")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await asRole.PutAsJsonAsync($"/api/brands/{brandId}/alert-rules", new { dropPoints = 5 })).StatusCode);
        }

        // The rules go with their brand.
        Assert.Equal(HttpStatusCode.NoContent, (await c.DeleteAsync($"/api/brands/{brandId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync($"/api/brands/{brandId}/alert-rules")).StatusCode);
    }

    private static async Task<List<JsonElement>> BacktestAsync(HttpClient c, long brandId, DateTimeOffset now)
    {
        var answer = await c.PostAsJsonAsync("/api/alerts/backtest", new { from = now.AddDays(-8), to = now, brandId });
        answer.EnsureSuccessStatusCode();
        return (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("alerts").EnumerateArray().Where(a => a.GetProperty("kind").GetString() == "negativeSpike").ToList();
    }
}
