using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Web.Tests.Infrastructure;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests.Security;

/// <summary>Scope applies to writes: a brand-limited analyst key's mentions link, and move scores, only within its brands.</summary>
public sealed class ScopeOnWriteTests(FusionApp app) : IClassFixture<FusionApp>
{
    [Fact]
    public async Task A_scoped_keys_mentions_link_only_to_its_brands_and_move_nothing_outside_them()
    {
        var admin = app.Client();
        var ours = Unique("Oursco");
        var theirs = Unique("Theirsco");
        var oursId = await admin.BrandAsync(ours);
        var theirsId = await admin.BrandAsync(theirs);
        var sharedHandle = "shared" + Guid.NewGuid().ToString("N")[..6];
        var ownHandle = "own" + Guid.NewGuid().ToString("N")[..6];
        var shared = await admin.InfluencerAsync("Sam " + sharedHandle, sharedHandle); // paired with both brands
        var own = await admin.InfluencerAsync("Olive " + ownHandle, ownHandle); // paired with ours only
        var oursShared = await admin.PairAsync(oursId, shared);
        var theirsShared = await admin.PairAsync(theirsId, shared);
        var oursOwn = await admin.PairAsync(oursId, own);
        var key = (await (await admin.PostAsJsonAsync("/api/keys", new { name = Unique("agency"), role = "analyst", brandIds = new[] { oursId } }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        var scoped = app.Client(key);
        var theirsBefore = await ScoreAsync(admin, theirsShared);
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);

        var r = await scoped.PostAsJsonAsync("/api/mentions", new[]
        {
            Mention("both-" + Guid.NewGuid(), $"{ours} and {theirs} with @{sharedHandle} and @{ownHandle}: awful, disgusting, terrible", now, "critic", 90_000),
            Mention("theirs-only-" + Guid.NewGuid(), $"{theirs} is awful, terrible, disgusting", now, "critic", 90_000),
            Mention("shared-only-" + Guid.NewGuid(), $"@{sharedHandle} is awful, terrible, disgusting", now, "critic", 90_000),
            Mention("nothing-" + Guid.NewGuid(), "an unrelated remark", now, "critic", 90_000),
        });

        r.EnsureSuccessStatusCode();
        var answer = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, answer.GetProperty("accepted").GetInt32());
        var rejected = answer.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3], rejected.Select(x => x.GetProperty("index").GetInt32()));
        Assert.All(rejected, x => Assert.Contains("names no brand this key may write for", x.GetProperty("reason").GetString()));

        var stored = (await admin.GetFromJsonAsync<JsonElement>($"/api/mentions?brandId={oursId}")).GetProperty("items").EnumerateArray().Single();
        Assert.Equal([oursId], stored.GetProperty("brandIds").EnumerateArray().Select(x => x.GetInt64()));
        Assert.Equal([own], stored.GetProperty("influencerIds").EnumerateArray().Select(x => x.GetInt64())); // shared is paired with theirs too
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>($"/api/mentions?brandId={theirsId}")).GetProperty("items").EnumerateArray());

        Assert.Equal(theirsBefore, await ScoreAsync(admin, theirsShared)); // not moved: neither by the brand nor through the shared influencer
        Assert.True(await ScoreAsync(admin, oursOwn) < 50); // its own pair moved
        Assert.Equal(HttpStatusCode.OK, (await scoped.GetAsync($"/api/pairs/{oursShared}")).StatusCode);
    }

    private static async Task<double> ScoreAsync(HttpClient c, long pairId) =>
        (await c.GetFromJsonAsync<JsonElement>($"/api/pairs/{pairId}")).GetProperty("score").GetDouble();
}
