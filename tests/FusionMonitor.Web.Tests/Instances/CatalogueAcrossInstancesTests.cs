using System.Net.Http.Json;
using System.Text.Json;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests.Instances;

/// <summary>A change to the brands made on one instance holds on every other at once, and reaches mentions that came just before it.</summary>
[Collection(SeveralInstancesCollection.Name)]
public sealed class CatalogueAcrossInstancesTests(SeveralInstances instances)
{
    [Fact]
    public async Task ABrandCreatedOnA_MatchesAMentionPostedToB_ImmediatelyAfter()
    {
        var a = instances.A.Client(SeveralInstances.AdminKey);
        var b = instances.B.Client(SeveralInstances.AdminKey);
        for (var i = 0; i < 5; i++)
        {
            var brand = Unique("Quickbrand");
            var brandId = await a.BrandAsync(brand);
            var externalId = Guid.NewGuid().ToString();
            (await b.PostAsJsonAsync("/api/mentions", new[] { Mention(externalId, $"{brand} arrived just now", DateTimeOffset.UtcNow) })).EnsureSuccessStatusCode();

            var stored = await b.GetFromJsonAsync<JsonElement>($"/api/mentions?brandId={brandId}");
            Assert.Equal(externalId, Assert.Single(stored.GetProperty("items").EnumerateArray()).GetProperty("externalId").GetString());
        }
    }

    [Fact]
    public async Task AMentionPostedToB_BeforeItsBrandIsCreatedOnA_IsMatchedSoonAfter()
    {
        var a = instances.A.Client(SeveralInstances.AdminKey);
        var b = instances.B.Client(SeveralInstances.AdminKey);
        var brand = Unique("Latebrand");
        var externalId = Guid.NewGuid().ToString();
        (await b.PostAsJsonAsync("/api/mentions", new[] { Mention(externalId, $"{brand} is lovely, nobody tracks it yet", DateTimeOffset.UtcNow) })).EnsureSuccessStatusCode();
        var brandId = await a.BrandAsync(brand);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var items = (await b.GetFromJsonAsync<JsonElement>($"/api/mentions?brandId={brandId}")).GetProperty("items");
            if (items.GetArrayLength() == 1)
            {
                Assert.Equal(externalId, items[0].GetProperty("externalId").GetString());
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"the earlier mention was not re-matched to the new brand within 30 s:\nA: {instances.A.RecentOutput}\nB: {instances.B.RecentOutput}");
            await Task.Delay(250);
        }
    }
}
