using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Web.Tests.Infrastructure;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

public sealed class AlertApiTests(FusionApp app) : IClassFixture<FusionApp>
{
    [Fact]
    public async Task NegativeBurst_OpensAnAlertWithEvidence_ThatCanBeAcknowledged()
    {
        var c = app.Client();
        var brand = Unique("Brightcart");
        var brandId = await c.BrandAsync(brand);
        var now = DateTimeOffset.UtcNow;
        // A brand with a calm past: a brand seen only today is still learning what normal is and raises no spike.
        var past = Enumerable.Range(1, 10).Select(d => Mention(Guid.NewGuid().ToString(), $"{brand} opened a new shop", now.AddDays(-d), $"calm{d}", 200)).ToArray();
        (await c.PostAsJsonAsync("/api/mentions", past)).EnsureSuccessStatusCode();
        var burst = Enumerable.Range(0, 30).Select(i => Mention(Guid.NewGuid().ToString(),
            $"{brand} lost my order again, awful service, I am furious and want a refund", now.AddMinutes(-20 + i * 0.5), $"angry{i}", 40_000)).ToArray();
        (await c.PostAsJsonAsync("/api/mentions", burst)).EnsureSuccessStatusCode();

        JsonElement? alert = null;
        for (var i = 0; i < 300 && alert is null; i++) // the evaluation runs at once after the commit; allow for a loaded machine
        {
            var open = await c.GetFromJsonAsync<JsonElement>("/api/alerts?status=open");
            alert = open.EnumerateArray().Cast<JsonElement?>().FirstOrDefault(a => a!.Value.GetProperty("brandId").ValueKind == JsonValueKind.Number
                && a.Value.GetProperty("brandId").GetInt64() == brandId && a.Value.GetProperty("kind").GetString() == "negativeSpike");
            if (alert is null) await Task.Delay(200);
        }
        Assert.NotNull(alert);
        var a = alert!.Value;
        Assert.False(string.IsNullOrWhiteSpace(a.GetProperty("summary").GetString()));
        var top = a.GetProperty("evidence").GetProperty("topMentions").EnumerateArray().ToList();
        Assert.NotEmpty(top);
        // Contract v2: severity, the brand in words, no pair fields for a brand alert, each top mention with its text, one per author.
        Assert.Contains(a.GetProperty("severity").GetString(), new[] { "low", "medium", "high", "critical" });
        Assert.Equal(brand, a.GetProperty("brandName").GetString());
        Assert.Contains(brand, a.GetProperty("summary").GetString());
        Assert.Equal(JsonValueKind.Null, a.GetProperty("influencerName").ValueKind);
        Assert.Equal(JsonValueKind.Null, a.GetProperty("scoreBefore").ValueKind);
        Assert.Equal(JsonValueKind.Null, a.GetProperty("scoreAfter").ValueKind);
        Assert.All(top, m => Assert.Contains("lost my order", m.GetProperty("text").GetString()));
        Assert.Equal(top.Count, top.Select(m => m.GetProperty("author").GetString()).Distinct().Count());
        Assert.All(top, m => Assert.Equal(40_000, m.GetProperty("followers").GetInt64()));
        Assert.All(top, m => Assert.StartsWith("http", m.GetProperty("url").GetString()));
        Assert.All(top, m => Assert.True(m.GetProperty("polarity").GetDouble() < 0));
        Assert.All(top, m => Assert.True(m.GetProperty("createdAt").GetDateTimeOffset() <= DateTimeOffset.UtcNow));

        var id = a.GetProperty("id").GetInt64();

        // The configured webhook heard about it too, as JSON with the alert's id, kind and evidence.
        JsonElement? hook = null;
        for (var i = 0; i < 600 && hook is null; i++)
        {
            hook = app.Webhooks.Received.Cast<JsonElement?>().FirstOrDefault(h => h!.Value.GetProperty("id").GetInt64() == id);
            if (hook is null) await Task.Delay(100);
        }
        Assert.NotNull(hook);
        Assert.Equal("opened", hook!.Value.GetProperty("event").GetString());
        Assert.Equal("negativeSpike", hook.Value.GetProperty("kind").GetString());
        Assert.Equal(brandId, hook.Value.GetProperty("brandId").GetInt64());

        // Scope applies to writes: a key limited to another brand cannot acknowledge it (to that key it is not there).
        var otherBrand = await c.BrandAsync(Unique("Elsewhere"));
        var otherKey = (await (await c.PostAsJsonAsync("/api/keys", new { name = Unique("other"), role = "viewer", brandIds = new[] { otherBrand } }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await app.Client(otherKey).PostAsync($"/api/alerts/{id}/ack", null)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await app.Client(otherKey).PostAsync($"/api/alerts/{id}/resolve", null)).StatusCode);
        Assert.Contains((await c.GetFromJsonAsync<JsonElement>("/api/alerts?status=open")).EnumerateArray(), x => x.GetProperty("id").GetInt64() == id);

        (await c.PostAsync($"/api/alerts/{id}/ack", null)).EnsureSuccessStatusCode();
        var acknowledged = await c.GetFromJsonAsync<JsonElement>("/api/alerts?status=acknowledged");
        Assert.Contains(acknowledged.EnumerateArray(), x => x.GetProperty("id").GetInt64() == id);
    }

    [Fact]
    public async Task ListAlerts_UnknownStatus_IsA400()
    {
        var r = await app.Client().GetAsync("/api/alerts?status=bogus");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, r.StatusCode);
    }

    [Fact]
    public async Task Ack_UnknownAlert_Is404()
    {
        var r = await app.Client().PostAsync("/api/alerts/99999999/ack", null);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, r.StatusCode);
    }
}
