using System.Net.Http.Json;
using System.Text.Json;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests.Instances;

/// <summary>Two instances, one leader: an incident whose mentions arrive through both is raised and paged once.</summary>
[Collection(SeveralInstancesCollection.Name)]
public sealed class AlertsAcrossInstancesTests(SeveralInstances instances)
{
    [Fact]
    public async Task ANegativeBurstPostedToBothInstances_RaisesEachAlertOnce_AndPagesItOnce()
    {
        var a = instances.A.Client(SeveralInstances.AdminKey);
        var b = instances.B.Client(SeveralInstances.AdminKey);
        var brand = Unique("Twinstore");
        var brandId = await a.BrandAsync(brand);
        var now = DateTimeOffset.UtcNow;
        // A calm past, so the brand knows what normal is (a brand seen only today is learning and raises no spike).
        var past = Enumerable.Range(1, 10).Select(d => Mention(Guid.NewGuid().ToString(), $"{brand} opened a new shop", now.AddDays(-d), $"calm{d}", 200)).ToArray();
        (await a.PostAsJsonAsync("/api/mentions", past)).EnsureSuccessStatusCode();
        var burst = Enumerable.Range(0, 40).Select(i => Mention(Guid.NewGuid().ToString(),
            $"{brand} lost my order again, awful service, I am furious and want a refund", now.AddMinutes(-20 + i * 0.5), $"angry{i}", 40_000)).ToList();
        // Half through each instance, at the same time, as a load balancer would spread them.
        await Task.WhenAll(
            Enumerable.Range(0, 4).Select(k => (k % 2 == 0 ? a : b).PostAsJsonAsync("/api/mentions", burst.Skip(k * 10).Take(10)).ContinueWith(t => t.Result.EnsureSuccessStatusCode())));

        List<JsonElement> ours = [];
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (ours.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            ours = await AlertsOfAsync(b, brandId);
        }
        Assert.True(ours.Count > 0, "no alert for the burst within 60 s");
        // Several more cycles on both instances: nothing is raised again.
        await Task.Delay(TimeSpan.FromSeconds(6));
        ours = await AlertsOfAsync(a, brandId);
        var incidents = ours.GroupBy(x => (x.GetProperty("kind").GetString(), x.GetProperty("pairId").ToString())).ToList();
        Assert.All(incidents, g => Assert.Single(g));

        var ids = ours.Select(x => x.GetProperty("id").GetInt64()).ToHashSet();
        var pages = instances.Webhooks.Received.Where(h => h.GetProperty("event").GetString() == "opened" && ids.Contains(h.GetProperty("id").GetInt64()))
            .GroupBy(h => h.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(ids.Count, pages.Count);
        Assert.All(pages, g => Assert.Single(g));
    }

    private static async Task<List<JsonElement>> AlertsOfAsync(HttpClient c, long brandId) =>
        (await c.GetFromJsonAsync<JsonElement>("/api/alerts")).EnumerateArray()
            .Where(x => x.GetProperty("brandId").ValueKind == JsonValueKind.Number && x.GetProperty("brandId").GetInt64() == brandId).ToList();
}
