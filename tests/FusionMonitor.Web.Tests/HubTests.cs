using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

public sealed class HubTests(FusionApp app) : IClassFixture<FusionApp>
{
    [Fact]
    public async Task SubscribedClient_ReceivesScoreUpdatesAndScoredMentionsOfItsBrand()
    {
        var c = app.Client();
        var (brand, person, brandId, pairId) = await NewPairAsync(c, "Arcwave", "Priya");

        await using var hub = app.Hub(FusionApp.AdminKey);
        var scores = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        var mentions = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<JsonElement>("scoreUpdated", e => { if (e.GetProperty("pairId").GetInt64() == pairId) scores.TrySetResult(e); });
        hub.On<JsonElement>("mentionScored", e => { if (e.GetProperty("brandIds").EnumerateArray().Any(b => b.GetInt64() == brandId)) mentions.TrySetResult(e); });
        await hub.StartAsync();
        await hub.InvokeAsync("SubscribeBrand", brandId);

        (await c.PostAsJsonAsync("/api/mentions", new[] { Mention(Guid.NewGuid().ToString(), $"{person} and {brand} together, loved it!", DateTimeOffset.UtcNow, "fan", 90_000) }))
            .EnsureSuccessStatusCode();

        var score = await scores.Task.WaitAsync(TimeSpan.FromSeconds(90));
        Assert.Equal(brandId, score.GetProperty("brandId").GetInt64());
        Assert.True(score.GetProperty("delta").GetDouble() > 0);
        var mention = await mentions.Task.WaitAsync(TimeSpan.FromSeconds(90));
        Assert.Equal("positive", mention.GetProperty("label").GetString());
    }

    [Fact]
    public async Task ScoreOnlySubscriber_GetsScoreUpdatesButNotEveryMention()
    {
        var c = app.Client();
        var (brand, person, brandId, pairId) = await NewPairAsync(c, "Lumen", "Tomas");

        await using var hub = app.Hub(FusionApp.AdminKey);
        var mentions = new ConcurrentQueue<JsonElement>();
        var score = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<JsonElement>("mentionScored", e => { if (e.GetProperty("brandIds").EnumerateArray().Any(b => b.GetInt64() == brandId)) mentions.Enqueue(e); });
        hub.On<JsonElement>("scoreUpdated", e => { if (e.GetProperty("pairId").GetInt64() == pairId) score.TrySetResult(e); });
        await hub.StartAsync();
        await hub.InvokeAsync("SubscribeBrandScores", brandId);
        await hub.InvokeAsync("SubscribeAllScores");

        (await c.PostAsJsonAsync("/api/mentions", new[] { Mention(Guid.NewGuid().ToString(), $"{person} and {brand} together, loved it!", DateTimeOffset.UtcNow, "fan", 90_000) }))
            .EnsureSuccessStatusCode();

        // A commit's mentionScored events are sent before its scoreUpdated, and one connection's messages keep their
        // order: once the score has arrived, a mention event would have too.
        Assert.Equal(brandId, (await score.Task.WaitAsync(TimeSpan.FromSeconds(90))).GetProperty("brandId").GetInt64());
        Assert.Empty(mentions);
    }

    [Fact]
    public async Task ScopedClient_CannotSubscribeToAnotherBrand_AndHearsNothingAboutIt()
    {
        var admin = app.Client();
        var a = await admin.BrandAsync(Unique("Alpha"));
        var bName = Unique("Beta");
        var b = await admin.BrandAsync(bName);
        var aName = (await admin.GetFromJsonAsync<JsonElement>("/api/brands")).EnumerateArray().Single(x => x.GetProperty("id").GetInt64() == a).GetProperty("name").GetString();
        var key = (await (await admin.PostAsJsonAsync("/api/keys", new { name = "alpha", role = "viewer", brandIds = new[] { a } }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;

        await using var hub = app.Hub(key);
        var received = new ConcurrentQueue<JsonElement>();
        var sawA = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<JsonElement>("mentionScored", e =>
        {
            received.Enqueue(e);
            if (e.GetProperty("brandIds").EnumerateArray().Any(x => x.GetInt64() == a)) sawA.TrySetResult();
        });
        await hub.StartAsync();
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("SubscribeBrand", b));
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("SubscribeBrandScores", b));
        await hub.InvokeAsync("SubscribeAll");

        // B's mention first, then A's: by the time A's arrives, B's would have too, had it been sent.
        (await admin.PostAsJsonAsync("/api/mentions", new[] { Mention(Guid.NewGuid().ToString(), $"{bName} is great", DateTimeOffset.UtcNow) })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/mentions", new[] { Mention(Guid.NewGuid().ToString(), $"{aName} is great", DateTimeOffset.UtcNow) })).EnsureSuccessStatusCode();
        await sawA.Task.WaitAsync(TimeSpan.FromSeconds(90));
        Assert.DoesNotContain(received, e => e.GetProperty("brandIds").EnumerateArray().Any(x => x.GetInt64() == b));
    }

    /// <summary>A fresh brand and influencer with unique names, paired.</summary>
    private static async Task<(string Brand, string Person, long BrandId, long PairId)> NewPairAsync(HttpClient c, string brand, string person)
    {
        brand = Unique(brand);
        person = Unique(person);
        var brandId = await c.BrandAsync(brand);
        var pairId = await c.PairAsync(brandId, await c.InfluencerAsync(person, "h" + Guid.NewGuid().ToString("N")[..6]));
        return (brand, person, brandId, pairId);
    }

    [Fact]
    public async Task Hub_WithoutAKey_RefusesTheConnection()
    {
        await using var hub = app.Hub("wrong-key");
        await Assert.ThrowsAnyAsync<Exception>(() => hub.StartAsync());
    }
}
