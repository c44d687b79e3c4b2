using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Web.Tests.Infrastructure;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

/// <summary><c>POST /api/alerts/backtest</c> (contract v2): replays stored history under given rules, storing and sending nothing.</summary>
public sealed class AlertBacktestTests(FusionApp app) : IClassFixture<FusionApp>
{
    [Fact]
    public async Task FourCalmWeeksWithOneIncident_FindTheIncidentWithinAnHour_AndNothingElse_AndStoreNothing()
    {
        var c = app.Client();
        var brand = Unique("Calmhaven");
        var brandId = await c.BrandAsync(brand);
        var now = DateTimeOffset.UtcNow;
        var start = now.AddDays(-28);
        // Four calm weeks: a plain remark about the brand every half hour, each worded a little differently.
        var calm = Enumerable.Range(0, 28 * 48).Select(i => Mention(Guid.NewGuid().ToString(),
            $"{brand} store {i % 17} opens at {8 + i % 3} on weekday {i % 7}", start.AddMinutes(30 * i + 7), $"local{i % 400}", 150)).ToList();
        var incidentAt = now.AddDays(-5).AddHours(-3);
        var incident = Enumerable.Range(0, 30).Select(i => Mention(Guid.NewGuid().ToString(),
            $"{brand} lost my order again, awful service, I am furious and want a refund #{i}", incidentAt.AddMinutes(i * 0.5), $"angry{i}", 40_000)).ToList();
        foreach (var batch in calm.Concat(incident).Chunk(500)) (await c.PostAsJsonAsync("/api/mentions", batch)).EnsureSuccessStatusCode();
        var hooksBefore = app.Webhooks.Received.Count;

        var answer = await c.PostAsJsonAsync("/api/alerts/backtest", new { from = start.AddDays(7), to = now, brandId });
        answer.EnsureSuccessStatusCode();
        var alerts = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("alerts").EnumerateArray().ToList();

        var found = Assert.Single(alerts);
        Assert.Equal("negativeSpike", found.GetProperty("kind").GetString());
        Assert.Equal(brandId, found.GetProperty("brandId").GetInt64());
        Assert.Equal(JsonValueKind.Null, found.GetProperty("pairId").ValueKind);
        var opened = found.GetProperty("openedAt").GetDateTimeOffset();
        Assert.InRange(opened, incidentAt, incidentAt.AddHours(1));
        Assert.True(found.GetProperty("resolvedAt").GetDateTimeOffset() > opened);
        Assert.Contains(brand, found.GetProperty("summary").GetString());

        // Stricter rules, given by name: the same history raises nothing.
        var strict = await c.PostAsJsonAsync("/api/alerts/backtest", new { from = start.AddDays(7), to = now, brandId, rules = new { minNegativeVolume = 100_000 } });
        Assert.Empty((await strict.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("alerts").EnumerateArray());

        // Nothing stored, nothing sent.
        var stored = await c.GetFromJsonAsync<JsonElement>("/api/alerts");
        Assert.DoesNotContain(stored.EnumerateArray(), a => a.GetProperty("brandId").ValueKind == JsonValueKind.Number && a.GetProperty("brandId").GetInt64() == brandId);
        await Task.Delay(500);
        Assert.DoesNotContain(app.Webhooks.Received.Skip(hooksBefore), h => h.TryGetProperty("brandId", out var b) && b.ValueKind == JsonValueKind.Number && b.GetInt64() == brandId);
    }

    [Fact]
    public async Task BadRequests_AreProblems_AndAViewerMayNotBacktest()
    {
        var c = app.Client();
        var now = DateTimeOffset.UtcNow;
        var missing = await c.PostAsJsonAsync("/api/alerts/backtest", new { to = now });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("from", await missing.Content.ReadAsStringAsync());
        var backwards = await c.PostAsJsonAsync("/api/alerts/backtest", new { from = now, to = now.AddDays(-1) });
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        var badRules = await c.PostAsJsonAsync("/api/alerts/backtest", new { from = now.AddDays(-1), to = now, rules = new { spikeFactor = 0.5 } });
        Assert.Equal(HttpStatusCode.BadRequest, badRules.StatusCode);
        Assert.Contains("SpikeFactor must be above 1", await badRules.Content.ReadAsStringAsync());
        var badSensitivity = await c.PostAsJsonAsync("/api/alerts/backtest", new { from = now.AddDays(-1), to = now, rules = new { sensitivity = "extreme" } });
        Assert.Equal(HttpStatusCode.BadRequest, badSensitivity.StatusCode);
        var unknownBrand = await c.PostAsJsonAsync("/api/alerts/backtest", new { from = now.AddDays(-1), to = now, brandId = 987_654_321 });
        Assert.Equal(HttpStatusCode.NotFound, unknownBrand.StatusCode);

        var viewer = await (await c.PostAsJsonAsync("/api/keys", new { name = "viewer", role = "viewer" })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var asViewer = await app.Client(viewer.GetProperty("key").GetString()).PostAsJsonAsync("/api/alerts/backtest", new { from = now.AddDays(-1), to = now });
        Assert.Equal(HttpStatusCode.Forbidden, asViewer.StatusCode);
    }
}
