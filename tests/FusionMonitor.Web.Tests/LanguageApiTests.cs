using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Cli;
using FusionMonitor.Web.Tests.Infrastructure;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

/// <summary>The app on the embedded default, SQLite (Hangfire in memory), instead of PostgreSQL.</summary>
public class SqliteFusionApp : FusionApp
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "fusion-tests", $"{Guid.NewGuid():N}.db");

    /// <summary>The database file, for CLI verbs run against the same store.</summary>
    public string SqlitePath => _path;

    protected override Task<string> CreateDatabaseAsync() => Task.FromResult("");

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Storage:SqlitePath"] = _path };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var f in new[] { _path, _path + "-wal", _path + "-shm" }) File.Delete(f);
    }
}

/// <summary>The app with language detection off: every post read by the English model and counted, as before issue 19.</summary>
public sealed class EnglishOnlyApp : FusionApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Sentiment:DetectLanguages"] = "false" };
}

/// <summary>
/// Sentiment per language through the HTTP API, on both databases: each mention's language and whether a model read
/// it, mentions in a language without a model stored and listed but moving no score and raising no alert, and the
/// pair view counting them.
/// </summary>
public abstract class LanguageApiTests(FusionApp app)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task Mentions_in_a_language_without_a_model_are_listed_unscored_move_no_score_raise_no_alert_and_are_counted()
    {
        var c = app.Client();
        var brand = Unique("Brightcart");
        var person = Unique("Dana Ortiz");
        var brandId = await c.BrandAsync(brand);
        var pairId = await c.PairAsync(brandId, await c.InfluencerAsync(person, Unique("dana").Replace(' ', '-')));

        // Thirty angry posts in Russian, a language without a model, declared English by a careless feed: the text
        // overrules the feed, and they must not open a negative spike nor lower the score.
        var russian = Enumerable.Range(0, 30).Select(i => Mention(Unique("ru"),
            $"{brand} и {person} снова потеряли мой заказ, это ужасно, верните деньги, никогда больше {i}", Now.AddMinutes(-20 + i * 0.5), $"angry{i}", 40_000)).ToArray();
        var english = Enumerable.Range(0, 3).Select(i => Mention(Unique("en"),
            $"Loved the new {brand} collection that {person} wore tonight, absolutely gorgeous {i}", Now.AddMinutes(-3 - i), $"fan{i}", 5_000)).ToArray();
        var push = await c.PostAsJsonAsync("/api/mentions", russian.Concat(english).ToArray());
        push.EnsureSuccessStatusCode();

        var list = JsonDocument.Parse(await c.GetStringAsync($"/api/mentions?brandId={brandId}&limit=100")).RootElement.GetProperty("items");
        Assert.Equal(33, list.GetArrayLength());
        var items = list.EnumerateArray().ToList();
        Assert.Equal(30, items.Count(m => m.GetProperty("lang").GetString() == "ru" && !m.GetProperty("scored").GetBoolean()));
        Assert.Equal(3, items.Count(m => m.GetProperty("lang").GetString() == "en" && m.GetProperty("scored").GetBoolean()));

        var pair = JsonDocument.Parse(await c.GetStringAsync($"/api/pairs/{pairId}")).RootElement;
        Assert.Equal(30, pair.GetProperty("unscoredMentions").GetInt64());
        Assert.Equal(3, pair.GetProperty("mentions").GetInt64());
        Assert.True(pair.GetProperty("score").GetDouble() > 50, $"only the three English compliments count: {pair}");

        // The alert evaluation runs every second in this app; give it a few cycles over the burst.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var alerts = JsonDocument.Parse(await c.GetStringAsync("/api/alerts")).RootElement.EnumerateArray()
            .Where(a => a.GetProperty("brandId").ValueKind == JsonValueKind.Number && a.GetProperty("brandId").GetInt64() == brandId).ToList();
        Assert.Empty(alerts);
    }

    [Fact]
    public async Task A_name_in_the_post_is_no_evidence_of_its_language()
    {
        // Read whole, each of these short English posts is Dutch to the detector: the brand's made-up name and her
        // Dutch one outvote the few English words. The language is read from the words around the names the matcher
        // found, so they are English and scored — else a new brand's quiet past would be unread, the brand would look
        // as if it had no history, and a burst of complaints would raise nothing.
        var c = app.Client();
        const string brand = "Changewell Knits 1daa0a3c";
        const string person = "Wouter van den Berg";
        var brandId = await c.BrandAsync(brand);
        await c.PairAsync(brandId, await c.InfluencerAsync(person, Unique("wouter").Replace(' ', '-')));
        string[] texts = [$"{brand} opened a new shop", $"{person} wore {brand} again"];
        var whole = JsonDocument.Parse(await (await c.PostAsJsonAsync("/api/sentiment", new { texts })).Content.ReadAsStringAsync()).RootElement;
        Assert.All(whole.EnumerateArray(), r => Assert.NotEqual("en", r.GetProperty("lang").GetString()));

        var named = JsonDocument.Parse(await (await c.PostAsJsonAsync("/api/sentiment", new { texts, targets = new[] { brand, person } })).Content.ReadAsStringAsync()).RootElement;
        Assert.All(named.EnumerateArray(), r => Assert.Equal(("en", true), (r.GetProperty("lang").GetString(), r.GetProperty("scored").GetBoolean())));

        (await c.PostAsJsonAsync("/api/mentions", texts.Select((t, i) => Mention(Unique("n"), t, Now.AddDays(-1 - i), $"calm{i}", 200)).ToArray())).EnsureSuccessStatusCode();
        var list = JsonDocument.Parse(await c.GetStringAsync($"/api/mentions?brandId={brandId}&limit=10")).RootElement.GetProperty("items");
        Assert.Equal(2, list.GetArrayLength());
        Assert.All(list.EnumerateArray(), m => Assert.Equal(("en", true), (m.GetProperty("lang").GetString(), m.GetProperty("scored").GetBoolean())));
    }

    [Fact]
    public async Task Sentiment_answers_each_texts_language_and_whether_a_model_read_it()
    {
        var answer = await app.Client().PostAsJsonAsync("/api/sentiment", new
        {
            texts = new[] { "I absolutely love this, best purchase ever", "Das ist wirklich furchtbar, ich bin total enttäuscht", "この店は本当にひどい", "🔥🔥🔥" },
        });
        answer.EnsureSuccessStatusCode();
        var rows = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.EnumerateArray().ToList();
        Assert.Equal(["en", "de", "ja", "und"], rows.Select(r => r.GetProperty("lang").GetString()));
        Assert.Equal([true, true, false, true], rows.Select(r => r.GetProperty("scored").GetBoolean()));
        Assert.Equal("positive", rows[0].GetProperty("label").GetString());
        Assert.Equal("negative", rows[1].GetProperty("label").GetString()); // read by the German model
        Assert.Equal(0, rows[2].GetProperty("polarity").GetDouble()); // the unscored placeholder
    }
}

public sealed class LanguageApiTestsOnPostgres(FusionApp app) : LanguageApiTests(app), IClassFixture<FusionApp>;

public sealed class LanguageApiTestsOnSqlite(SqliteFusionApp app) : LanguageApiTests(app), IClassFixture<SqliteFusionApp>;

/// <summary>
/// <c>fusion rescore</c> fills the language and <c>scored</c> of mentions stored without them (here: by an app with
/// detection off, as every mention stored before issue 19 was read) and rebuilds the scores without the unscored ones.
/// </summary>
public sealed class RescoreLanguageTests(EnglishOnlyApp app) : IClassFixture<EnglishOnlyApp>
{
    [Fact]
    public async Task Rescore_detects_the_language_reads_each_mention_with_its_model_and_rebuilds_the_scores()
    {
        var c = app.Client();
        var now = DateTimeOffset.UtcNow;
        var brand = Unique("Lumen Knits");
        var person = Unique("Nova Reyes");
        var brandId = await c.BrandAsync(brand);
        var pairId = await c.PairAsync(brandId, await c.InfluencerAsync(person, Unique("nova").Replace(' ', '-')));
        object[] mentions =
        [
            .. Enumerable.Range(0, 6).Select(i => Mention(Unique("ru"), $"{person} и {brand}: это ужасно, полное разочарование, никогда больше {i}", now.AddMinutes(-30 + i), $"ru{i}", 30_000)),
            .. Enumerable.Range(0, 2).Select(i => Mention(Unique("de"), $"{person} trägt {brand} und es ist wunderbar, ich liebe es {i}", now.AddMinutes(-10 + i), $"de{i}", 3_000)),
        ];
        (await c.PostAsJsonAsync("/api/mentions", mentions)).EnsureSuccessStatusCode();
        var before = JsonDocument.Parse(await c.GetStringAsync($"/api/pairs/{pairId}")).RootElement;
        Assert.Equal(8, before.GetProperty("mentions").GetInt64()); // detection off: all eight read by the English model
        Assert.Equal(0, before.GetProperty("unscoredMentions").GetInt64());
        Assert.All(JsonDocument.Parse(await c.GetStringAsync($"/api/mentions?brandId={brandId}")).RootElement.GetProperty("items").EnumerateArray(),
            m => Assert.EndsWith("+no-language-detection", m.GetProperty("modelVersion").GetString()));

        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(["rescore", "--postgres", app.ConnectionString], new CliConsole(new StringReader(""), output, error));
        Assert.True(code == 0, $"rescore failed: {output}{error}");

        var items = JsonDocument.Parse(await c.GetStringAsync($"/api/mentions?brandId={brandId}&limit=100")).RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.All(items.Where(m => m.GetProperty("externalId").GetString()!.StartsWith("ru", StringComparison.Ordinal)), m =>
        {
            Assert.Equal("ru", m.GetProperty("lang").GetString());
            Assert.False(m.GetProperty("scored").GetBoolean());
        });
        Assert.All(items.Where(m => m.GetProperty("externalId").GetString()!.StartsWith("de", StringComparison.Ordinal)), m =>
        {
            Assert.Equal("de", m.GetProperty("lang").GetString());
            Assert.True(m.GetProperty("scored").GetBoolean());
            Assert.StartsWith("fusion-sentiment-de-", m.GetProperty("modelVersion").GetString());
            Assert.Equal("positive", m.GetProperty("sentiment").GetProperty("label").GetString());
        });
        var after = JsonDocument.Parse(await c.GetStringAsync($"/api/pairs/{pairId}")).RootElement;
        Assert.Equal(2, after.GetProperty("mentions").GetInt64());
        Assert.Equal(6, after.GetProperty("unscoredMentions").GetInt64());
        Assert.True(after.GetProperty("score").GetDouble() > 50, $"only the German praise counts now: {after}");

        // A second run has nothing left to read.
        var again = new StringWriter();
        Assert.Equal(0, await CliApp.RunAsync(["rescore", "--postgres", app.ConnectionString], new CliConsole(new StringReader(""), again, error)));
        Assert.Contains("re-scored 0 mention(s)", again.ToString());
    }
}
