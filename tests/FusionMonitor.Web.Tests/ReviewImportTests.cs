using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Cli;
using FusionMonitor.Web.Tests.Infrastructure;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

/// <summary>
/// A review platform's export imported with <c>fusion import</c> (the CLI, into the app's database): the reviews are
/// stored with their stars, and the stars move the brand's and the pair's score as docs/fusion-score.md says — the
/// same words with one star pull a pair down, with five stars lift it.
/// </summary>
public sealed class ReviewImportTests(FusionApp app) : IClassFixture<FusionApp>
{
    [Fact]
    public async Task Imported_app_store_connect_reviews_carry_their_stars_and_the_stars_move_the_pairs()
    {
        var c = app.Client();
        var low = Unique("Loomly");
        var high = Unique("Purlwise");
        var lowBrand = await c.BrandAsync(low);
        var highBrand = await c.BrandAsync(high);
        var lowPair = await c.PairAsync(lowBrand, await c.InfluencerAsync(Unique("Mira"), "m" + Guid.NewGuid().ToString("N")[..8]));
        var highPair = await c.PairAsync(highBrand, await c.InfluencerAsync(Unique("Noor"), "n" + Guid.NewGuid().ToString("N")[..8]));
        var now = DateTimeOffset.UtcNow;
        object Review(string id, string brand, int stars, int hoursAgo) => new
        {
            type = "customerReviews",
            id,
            attributes = new { rating = stars, title = "Update", body = $"I used the {brand} app today to order yarn.", reviewerNickname = "user-" + id, createdDate = now.AddHours(-hoursAgo).ToString("O"), territory = "GBR" },
        };
        var export = new { data = Enumerable.Range(0, 6).SelectMany(i => new[] { Review($"l{i}-{low}", low, 1, i + 1), Review($"h{i}-{high}", high, 5, i + 1) }).ToArray(), links = new { self = "https://api.appstoreconnect.apple.com/v1/apps/1/customerReviews" } };
        var file = Path.Combine(Path.GetTempPath(), $"asc-reviews-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(export));
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();
            var code = await CliApp.RunAsync(["import", "--file", file, "--postgres", app.ConnectionString], new CliConsole(new StringReader(""), output, error));
            Assert.True(code == 0, $"fusion import failed ({code}): {output}{error}");
            Assert.Contains("12 accepted", output.ToString());
            Assert.Contains("AppStoreConnectJson review export", error.ToString());
        }
        finally
        {
            File.Delete(file);
        }

        var lowMentions = (await c.GetFromJsonAsync<JsonElement>($"/api/mentions?brandId={lowBrand}")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(6, lowMentions.Count);
        Assert.All(lowMentions, m => Assert.Equal(1, m.GetProperty("rating").GetInt32()));
        Assert.All(lowMentions, m => Assert.Equal("appstoreconnect:gbr", m.GetProperty("source").GetString()));
        var lowScore = (await c.GetFromJsonAsync<JsonElement>($"/api/pairs/{lowPair}")).GetProperty("score").GetDouble();
        var highScore = (await c.GetFromJsonAsync<JsonElement>($"/api/pairs/{highPair}")).GetProperty("score").GetDouble();
        Assert.True(lowScore < 50, $"one-star reviews left the pair at {lowScore}");
        Assert.True(highScore > 50, $"five-star reviews left the pair at {highScore}");
    }
}
