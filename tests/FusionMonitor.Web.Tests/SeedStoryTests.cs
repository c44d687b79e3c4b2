using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Web.Tests.Infrastructure;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

/// <summary>
/// The story the Fusion Score comes from (shared/seeds/002), through the public API: the concert in the brand's
/// sweater and the follower jump lift the artist–sweater score; the petty restaurant post a week later drops
/// artist–restaurant clearly and, through her own reputation, artist–sweater too.
/// </summary>
public sealed class SeedStoryTests(FusionApp app) : IClassFixture<FusionApp>
{
    [Fact]
    public async Task ConcertLiftsTheSweaterPair_PettyPostDropsTheRestaurantPairAndSpillsOntoTheSweater()
    {
        var c = app.Client();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var sweater = $"Lumen Knits {tag}";
        var restaurant = $"Gilded Salmon {tag}";
        var artist = $"Nova Reyes {tag}";
        var handle = $"nova{tag}";
        var artistId = await c.InfluencerAsync(artist, handle);
        var sweaterPair = await c.PairAsync(await c.BrandAsync(sweater), artistId);
        var restaurantPair = await c.PairAsync(await c.BrandAsync(restaurant), artistId);
        var now = DateTimeOffset.UtcNow;
        var concert = now.AddDays(-8);

        // Before: ordinary, mildly positive chatter about her and both brands.
        await PushAsync(c, Enumerable.Range(0, 6).Select(i => Mention($"{tag}-pre-{i}", $"Had dinner at {restaurant} after seeing {artist} walk by, nice evening.", concert.AddDays(-2).AddHours(i), $"local{i}", 800)));
        var s0 = await ScoresAsync(c);

        // The concert: co-mentions from fans and press, her own posts, and her audience growing by 100,000.
        await PushAsync(c, Enumerable.Range(0, 25).Select(i => Mention($"{tag}-concert-{i}",
            $"{artist} was amazing tonight in that glittery {sweater} sweater, absolutely loved the show!", concert.AddMinutes(i * 5), $"fan{tag}{i}", 20_000 + i * 1000)));
        await PushAsync(c, Enumerable.Range(0, 4).Select(i => Mention($"{tag}-own-{i}",
            $"Thank you all! Loved performing in my {sweater} sweater, best night ever", concert.AddHours(i * 12), handle, 1_000_000 + i * 33_000)));
        var s1 = await ScoresAsync(c);
        Assert.True(s1[sweaterPair] - s0[sweaterPair] >= 1.0, $"the concert should lift artist–sweater: {s0[sweaterPair]:F1} → {s1[sweaterPair]:F1}");

        // A week later: the petty post about the restaurant, and the public's negative reaction to her.
        var petty = now.AddHours(-2);
        await PushAsync(c, [Mention($"{tag}-petty", $"Worst salmon of my life at {restaurant}. The waiters were useless and rude, terrible service. Never again.", petty, handle, 1_100_000)]);
        await PushAsync(c, Enumerable.Range(0, 20).Select(i => Mention($"{tag}-reply-{i}",
            $"{artist} blaming the waiters at {restaurant} is so petty and rude, really disappointing behaviour", petty.AddMinutes(3 + i), $"critic{tag}{i}", 5_000 + i * 500)));
        var s2 = await ScoresAsync(c);

        var restaurantDrop = s1[restaurantPair] - s2[restaurantPair];
        var sweaterDrop = s1[sweaterPair] - s2[sweaterPair];
        Assert.True(restaurantDrop >= 4, $"artist–restaurant should drop clearly: {s1[restaurantPair]:F1} → {s2[restaurantPair]:F1}");
        Assert.True(sweaterDrop >= 0.5, $"artist–sweater should drop too (spill-over): {s1[sweaterPair]:F1} → {s2[sweaterPair]:F1}");
        Assert.True(sweaterDrop < restaurantDrop, "the restaurant, named in the post, drops more than the sweater brand");
    }

    private static async Task PushAsync(HttpClient c, IEnumerable<object> mentions)
    {
        var r = await (await c.PostAsJsonAsync("/api/mentions", mentions.ToArray())).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(r.GetProperty("rejected").EnumerateArray());
    }

    private static async Task<Dictionary<long, double>> ScoresAsync(HttpClient c) =>
        (await c.GetFromJsonAsync<JsonElement>("/api/pairs")).EnumerateArray()
            .ToDictionary(p => p.GetProperty("id").GetInt64(), p => p.GetProperty("score").GetDouble());
}
