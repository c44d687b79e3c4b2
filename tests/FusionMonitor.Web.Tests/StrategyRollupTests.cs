using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Ingestion.Strategy;
using FusionMonitor.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

public sealed class StrategyRollupTestsOnPostgres(FusionApp app) : StrategyRollupTests(app), IClassFixture<FusionApp>;

public sealed class StrategyRollupTestsOnSqlite(SqliteFusionApp app) : StrategyRollupTests(app), IClassFixture<SqliteFusionApp>;

/// <summary>
/// The voices and aspects reads come from rollups written with each batch (issue 21: ≤ 100 ms for a year of data):
/// through the HTTP API on each database, they answer what the scan of the brand's mentions they replaced answers,
/// after a batch naming two brands (each with aspects of its own), a repeat author on one day, stars, a text in another language, a correction
/// and an erasure.
/// </summary>
public abstract class StrategyRollupTests(FusionApp app)
{
    protected FusionApp App { get; } = app;

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static readonly string[] Reviews =
    [
        "The staff at {0} were lovely, but the prices are outrageous.", "{0}: the food was delicious and the waiter so kind",
        "delivery from {0} took two weeks, awful", "{0} app kept crashing at checkout, useless", "great value at {0}, cheap and tasty",
        "the {0} store was filthy and the music far too loud", "our server at {0} was rude and slow", "{0} shipping was quick, parcel arrived on time",
        "went to {0} on Friday", "{0} is overpriced, not worth the money", "lovely atmosphere at {0}, clean tables, friendly host",
        "the coffee at {0} is stale and the cashier ignored us", "{0} refunded me at once, brilliant customer service",
    ];

    [Fact]
    public async Task Voices_and_aspects_read_from_the_rollups_what_a_scan_of_the_mentions_reads()
    {
        var c = App.Client();
        var brand = Unique("Copper Kettle");
        var other = Unique("Brass Pan");
        var brandId = await c.BrandAsync(brand);
        var otherId = await c.BrandAsync(other);
        var now = DateTimeOffset.UtcNow;
        var tag = Guid.NewGuid().ToString("N")[..6];
        var mentions = new List<object>();
        for (var i = 0; i < 40; i++)
        {
            var text = string.Format(Reviews[i % Reviews.Length], brand) + (i % 4 == 0 ? $" The staff at {other} were rude, the prices fair." : "") + $" ({i})";
            var at = now.AddHours(-(i % 10) * 23 - i % 3); // repeat authors within a day and across days
            mentions.Add(new
            {
                source = i % 5 == 0 ? "bluesky" : "test", externalId = $"{tag}-{i}", text, createdAt = at, url = $"https://example.org/{tag}/{i}",
                lang = i == 7 ? "fr" : "en", author = Author(i, at),
                engagement = new { likes = i, reposts = i % 4, replies = 1 }, rating = i % 6 == 0 ? 1 + i % 5 : (int?)null,
            });
        }
        (await c.PostAsJsonAsync("/api/mentions", mentions)).EnsureSuccessStatusCode();
        object Author(int i, DateTimeOffset at)
        {
            var handle = $"{(i % 2 == 0 ? "@" : "")}Guest{tag}{i % 9}";
            var followers = 50 * (i + 1) * (i % 3 + 1);
            // Some authors the score doubts (a new account following thousands, a very busy one), on some of their mentions.
            return (i % 7) switch
            {
                1 => new { handle, name = "g", followers, following = 4_000, posts = 30, createdAt = at.AddDays(-2).ToString("O") },
                3 => new { handle, name = "g", followers, following = 50, posts = 90_000, createdAt = at.AddDays(-300).ToString("O") },
                _ => (object)new { handle, name = "g", followers },
            };
        }

        // An analyst corrects one, and one author is erased: both leave the rollups as a scan would read them.
        var listed = await c.GetFromJsonAsync<JsonElement>($"/api/mentions?brandId={brandId}&limit=100", Web);
        var first = listed.GetProperty("items").EnumerateArray().First(m => m.GetProperty("text").GetString()!.Contains("delicious"));
        (await c.PatchAsJsonAsync($"/api/mentions/{first.GetProperty("id").GetInt64()}/sentiment", new { label = "negative" })).EnsureSuccessStatusCode();
        (await c.PostAsJsonAsync("/api/erasures", new { author = $"test:guest{tag}4" })).EnsureSuccessStatusCode();

        var reads = App.Services.GetRequiredService<StrategyReadModel>();
        var from = TimeBuckets.DayOf(now).AddDays(-12);
        var to = TimeBuckets.DayOf(now).AddDays(1);
        var window = $"from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}";
        await CompareAsync();

        // A rebuild (fusion recompute, fusion rescore) writes the same rows again from the stored mentions.
        await App.Services.GetRequiredService<StrategyRollupRebuild>().RunAsync([brandId, otherId]);
        await CompareAsync();

        async Task CompareAsync()
        {
            foreach (var id in new[] { brandId, otherId })
            {
                var voices = (await c.GetFromJsonAsync<JsonElement>($"/api/brands/{id}/voices?{window}&limit=100", Web)).EnumerateArray().ToList();
                var scanned = await reads.VoicesFromMentionsAsync(id, from, to, 100);
                Assert.NotEmpty(scanned);
                Assert.Equal(scanned.Select(v => (v.Platform, v.Handle, v.Mentions, v.Reach)),
                    voices.Select(v => (v.GetProperty("platform").GetString()!, v.GetProperty("handle").GetString()!, v.GetProperty("mentions").GetInt64(), v.GetProperty("reach").GetInt64())));
                for (var i = 0; i < scanned.Count; i++)
                {
                    Assert.Equal(scanned[i].Weight, voices[i].GetProperty("weight").GetDouble(), 0.002);
                    Assert.Equal(scanned[i].Polarity, voices[i].GetProperty("polarity").GetDouble(), 0.0002);
                }
                Assert.DoesNotContain(voices, v => v.GetProperty("handle").GetString() == $"guest{tag}4");

                var aspects = (await c.GetFromJsonAsync<JsonElement>($"/api/brands/{id}/aspects?{window}", Web)).EnumerateArray().ToList();
                var expected = await reads.AspectsFromMentionsAsync(id, from, to);
                Assert.NotEmpty(expected);
                Assert.Equal(expected.Select(a => (a.Aspect, a.Mentions)), aspects.Select(a => (a.GetProperty("aspect").GetString()!, a.GetProperty("mentions").GetInt64())));
                for (var i = 0; i < expected.Count; i++)
                {
                    Assert.Equal(expected[i].Performance, aspects[i].GetProperty("performance").GetDouble(), 0.0002);
                    Assert.Equal(expected[i].Importance, aspects[i].GetProperty("importance").GetDouble(), 0.0002);
                }
            }
        }
    }
}
