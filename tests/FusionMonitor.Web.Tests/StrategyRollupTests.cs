using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Core.Strategy;
using FusionMonitor.Ingestion.Strategy;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Maintenance;
using FusionMonitor.Storage.Strategy;
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

    [Fact]
    public async Task A_year_s_voices_read_from_the_authors_running_totals_equal_the_day_rows_over_every_window()
    {
        var c = App.Client();
        var brand = Unique("Tallow Lantern");
        var other = Unique("Wick and Ember");
        var brandId = await c.BrandAsync(brand);
        var otherId = await c.BrandAsync(other);
        var today = TimeBuckets.DayOf(DateTimeOffset.UtcNow);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var mentions = new List<object>();
        for (var i = 0; i < 90; i++)
        {
            var text = string.Format(Reviews[i % Reviews.Length], brand) + (i % 5 == 0 ? $" The staff at {other} were rude." : "") + $" ({i})";
            var at = today.AddHours(12 - (i % 45) * 24 - i % 5); // 45 days, authors on several of them
            mentions.Add(new
            {
                source = i % 4 == 0 ? "bluesky" : "test", externalId = $"{tag}-{i}", text, createdAt = at, url = $"https://example.org/{tag}/{i}", lang = "en",
                author = new { handle = $"Lamp{tag}{i % 11}", name = "l", followers = 40 * (i % 7 + 1) },
            });
        }
        // Twins: the same two posts on the same two recent days, one of them also posting long before, so within a
        // recent window they tie exactly and only the totals' rounding could part them.
        foreach (var (twin, days) in new[] { ("twina", new[] { 2, 3, 40 }), ("twinb", new[] { 2, 3 }) })
            foreach (var d in days)
                mentions.Add(new
                {
                    source = "test", externalId = $"{tag}-{twin}-{d}", text = $"Lovely evening at {brand}, the staff were wonderful", createdAt = today.AddDays(-d).AddHours(9),
                    url = $"https://example.org/{tag}/{twin}/{d}", lang = "en", author = new { handle = $"{twin}{tag}", name = "t", followers = 900 },
                });
        // One who posted only 35 days ago: retention takes all of their days, and their totals with them.
        mentions.Add(new
        {
            source = "test", externalId = $"{tag}-gone", text = $"The waiter at {brand} was rude", createdAt = today.AddDays(-35).AddHours(9),
            url = $"https://example.org/{tag}/gone", lang = "en", author = new { handle = $"gone{tag}", name = "g", followers = 100 },
        });
        (await c.PostAsJsonAsync("/api/mentions", mentions)).EnsureSuccessStatusCode();

        var store = App.Services.GetRequiredService<StrategyRollupStore>();
        var end = today.AddDays(1);
        var windows = new[] { (today.AddDays(-366), end), (today.AddDays(-44), end), (today.AddDays(-40), end), (today.AddDays(-30), end), (today.AddDays(-4), end),
            (today.AddDays(-44), today.AddDays(-3)), (today.AddDays(-1), end) };
        var compared = 0;
        async Task CompareAsync(string after)
        {
            foreach (var id in new[] { brandId, otherId })
                foreach (var (from, to) in windows)
                    foreach (var limit in new[] { 1, 3, 100 })
                    {
                        var days = Voices.Rank(await store.VoicesAsync(id, from, to, limit, default, StrategyRollupStore.VoicesRead.Days), limit);
                        foreach (var read in new[] { StrategyRollupStore.VoicesRead.Totals, StrategyRollupStore.VoicesRead.Auto })
                        {
                            var other = Voices.Rank(await store.VoicesAsync(id, from, to, limit, default, read), limit);
                            var where = $"{after}: brand {id}, {from:MM-dd}..{to:MM-dd}, limit {limit}, {read}";
                            Assert.True(days.Select(v => (v.Platform, v.Handle, v.Mentions, v.Reach)).SequenceEqual(other.Select(v => (v.Platform, v.Handle, v.Mentions, v.Reach))),
                                $"{where}: {string.Join(", ", days.Select(v => v.Handle))} against {string.Join(", ", other.Select(v => v.Handle))}");
                            for (var k = 0; k < days.Count; k++)
                            {
                                Assert.True(Math.Abs(days[k].Weight - other[k].Weight) <= 1e-9 * (1 + days[k].Weight), where);
                                Assert.True(Math.Abs(days[k].Polarity - other[k].Polarity) <= 1e-9, where);
                            }
                            compared += days.Count;
                        }
                    }
        }
        await CompareAsync("ingest");
        var recent = Voices.Rank(await store.VoicesAsync(brandId, today.AddDays(-4), end, 100, default, StrategyRollupStore.VoicesRead.Totals), 100);
        Assert.Equal(recent.Single(v => v.Handle == $"twina{tag}").Weight, recent.Single(v => v.Handle == $"twinb{tag}").Weight, 9);
        Assert.Contains(Voices.Rank(await store.VoicesAsync(brandId, today.AddDays(-366), end, 100, default, StrategyRollupStore.VoicesRead.Totals), 100),
            v => v.Handle == $"gone{tag}");

        var listed = await c.GetFromJsonAsync<JsonElement>($"/api/mentions?brandId={brandId}&limit=200", Web);
        var first = listed.GetProperty("items").EnumerateArray().First(m => m.GetProperty("text").GetString()!.Contains("delicious"));
        (await c.PatchAsJsonAsync($"/api/mentions/{first.GetProperty("id").GetInt64()}/sentiment", new { label = "negative" })).EnsureSuccessStatusCode();
        await CompareAsync("a correction");
        (await c.PostAsJsonAsync("/api/erasures", new { author = $"test:lamp{tag}6" })).EnsureSuccessStatusCode();
        await CompareAsync("an erasure");
        var db = App.Services.GetRequiredService<FusionDatabase>();
        await using (var conn = await db.OpenAsync())
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = $"select count(*) from rollup_brand_voice_totals where platform = 'test' and handle = 'lamp{tag}6'"; // the handle is personal data, not only its sums
            Assert.Equal(0L, Convert.ToInt64(await cmd.ExecuteScalarAsync()));
        }

        // Retention prunes the day rows older than 30 days, a few at a time: the totals lose what they held.
        await App.Services.GetRequiredService<RetentionStore>().PruneAsync(RetentionStore.VoiceRollups, today.AddDays(-30), 7, default);
        await CompareAsync("retention");
        await using (var conn = await db.OpenAsync())
        {
            // Every author's totals are what their remaining days add up to, and none is left without a day.
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = $"""
                select count(*) from rollup_brand_voice_totals t where t.brand_id in ({brandId}, {otherId}) and t.mentions <>
                    coalesce((select sum(d.mentions) from rollup_brand_voice_daily d where d.brand_id = t.brand_id and d.platform = t.platform and d.handle = t.handle), -1)
                """;
            Assert.Equal(0L, Convert.ToInt64(await cmd.ExecuteScalarAsync()));
            cmd.CommandText = $"select count(*) from rollup_brand_voice_totals where brand_id in ({brandId}, {otherId}) and handle like '%{tag}%'";
            Assert.True(Convert.ToInt64(await cmd.ExecuteScalarAsync()) > 0);
            cmd.CommandText = $"select count(*) from rollup_brand_voice_totals where handle = 'gone{tag}'";
            Assert.Equal(0L, Convert.ToInt64(await cmd.ExecuteScalarAsync()));
        }

        // A rebuild writes both again from the stored mentions (the days retention pruned come back, as their mentions are kept).
        await App.Services.GetRequiredService<StrategyRollupRebuild>().RunAsync([brandId, otherId]);
        await CompareAsync("a rebuild");
        Assert.True(compared > 500, compared.ToString());
    }
}
