using FusionMonitor.Storage.Entities;

namespace FusionMonitor.Storage.Tests;

public abstract class EntityStoreTests : StoreTestBase
{
    [Fact]
    public async Task AddBrand_RoundTripsListsTrimmedAndDeduplicated()
    {
        var store = new EntityStore(Db);
        var added = await store.AddBrandAsync(" Apple ", ["AAPL", "aapl", " "], ["iPhone"], ["apple pie"]);
        var read = Assert.Single(await store.BrandsAsync());
        Assert.Equal(added.Id, read.Id);
        Assert.Equal("Apple", read.Name);
        Assert.Equal(["AAPL"], read.Aliases);
        Assert.Equal(["iPhone"], read.Keywords);
        Assert.Equal(["apple pie"], read.Excludes);
    }

    [Fact]
    public async Task AddBrand_SameNameTwice_IsRejected()
    {
        var store = new EntityStore(Db);
        await store.AddBrandAsync("Apple");
        await Assert.ThrowsAsync<DuplicateNameException>(() => store.AddBrandAsync("Apple"));
    }

    [Fact]
    public async Task AddInfluencer_NormalisesHandles()
    {
        var store = new EntityStore(Db);
        await store.AddInfluencerAsync("Nova Reyes", new Dictionary<string, string> { ["Bluesky"] = "@nova.bsky.social" }, ["Nova"]);
        var read = Assert.Single(await store.InfluencersAsync());
        Assert.Equal("nova.bsky.social", read.Handles["bluesky"]);
        Assert.Equal(["Nova"], read.Aliases);
    }

    [Fact]
    public async Task AddPair_Twice_ReturnsTheSamePair()
    {
        var store = new EntityStore(Db);
        var b = await store.AddBrandAsync("Glitter Knits");
        var i = await store.AddInfluencerAsync("Nova Reyes");
        var p1 = await store.AddPairAsync(b.Id, i.Id);
        var p2 = await store.AddPairAsync(b.Id, i.Id);
        Assert.Equal(p1, p2);
        Assert.Single(await store.PairsAsync());
    }

    [Fact]
    public async Task AddPair_UnknownBrand_Throws()
    {
        var store = new EntityStore(Db);
        var i = await store.AddInfluencerAsync("Nova Reyes");
        var e = await Assert.ThrowsAsync<KeyNotFoundException>(() => store.AddPairAsync(999, i.Id));
        Assert.Contains("brand 999", e.Message);
    }
}
