using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Web.Tests.Infrastructure;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

public sealed class PartyReadingApiTestsOnPostgres(FusionApp app) : PartyReadingApiTests(app), IClassFixture<FusionApp>;

public sealed class PartyReadingApiTestsOnSqlite(SqliteFusionApp app) : PartyReadingApiTests(app), IClassFixture<SqliteFusionApp>;

/// <summary>
/// Sentiment per party through the HTTP API, on both databases (issue 19): every stored mention carries the polarity
/// toward each brand and influencer it names (<c>targets</c>), and each scope reads its own party's — a defence of the
/// brand with an attack on the influencer lowers her reputation, not the brand's, and the reverse.
/// </summary>
public abstract class PartyReadingApiTests(FusionApp app)
{
    /// <summary>A made-up proper noun, so the names read as names (a hex suffix would not) and no two tests share one.</summary>
    internal static string Name()
    {
        const string consonants = "bcdfghklmnprstvz", vowels = "aeiou";
        var g = Guid.NewGuid().ToByteArray();
        var chars = new char[7];
        for (var k = 0; k < chars.Length; k++) chars[k] = k % 2 == 0 ? consonants[g[k] % consonants.Length] : vowels[g[k] % vowels.Length];
        chars[0] = char.ToUpperInvariant(chars[0]);
        return new string(chars);
    }

    private sealed record World(long BrandId, long InfluencerId, long PairId, string Brand, string Person, string Handle);

    private static async Task<World> WorldAsync(HttpClient c)
    {
        var brand = $"Chez {Name()}";
        var person = $"Roxy {Name()}";
        var handle = Name().ToLowerInvariant() + "vale";
        var brandId = await c.BrandAsync(brand);
        var influencerId = await c.InfluencerAsync(person, handle);
        return new World(brandId, influencerId, await c.PairAsync(brandId, influencerId), brand, person, handle);
    }

    private static async Task<List<JsonElement>> MentionsAsync(HttpClient c, long brandId) =>
        JsonDocument.Parse(await c.GetStringAsync($"/api/mentions?brandId={brandId}&limit=100")).RootElement.GetProperty("items").EnumerateArray().ToList();

    private static JsonElement TargetOf(JsonElement mention, string kind, long id) =>
        mention.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("kind").GetString() == kind && t.GetProperty("id").GetInt64() == id);

    [Fact]
    public async Task Every_stored_mention_carries_the_polarity_toward_each_brand_and_influencer_it_names()
    {
        var c = app.Client();
        var w = await WorldAsync(c);
        var now = DateTimeOffset.UtcNow;
        var quarrel = $"{w.Brand}'s staff did nothing wrong, {w.Person} is an entitled bully";
        var own = $"Dinner at {w.Brand} tonight was wonderful, thank you so much for having me!";
        var russian = $"{w.Brand} и {w.Person}: это ужасно, полное разочарование, никогда больше";
        (await c.PostAsJsonAsync("/api/mentions", new[]
        {
            Mention(Unique("q"), quarrel, now.AddMinutes(-3), "witness", 900),
            Mention(Unique("own"), own, now.AddMinutes(-2), w.Handle, 2_000_000, source: "bluesky"), // her own post: she is its author, not named
            Mention(Unique("ru"), russian, now.AddMinutes(-1), "reader", 900),
        })).EnsureSuccessStatusCode();

        var items = await MentionsAsync(c, w.BrandId);
        var q = items.Single(m => m.GetProperty("text").GetString() == quarrel);
        var towardBrand = TargetOf(q, "brand", w.BrandId);
        var towardHer = TargetOf(q, "influencer", w.InfluencerId);
        Assert.Equal(2, q.GetProperty("targets").GetArrayLength());
        Assert.Equal("negative", towardHer.GetProperty("label").GetString());
        Assert.True(towardHer.GetProperty("polarity").GetDouble() < -0.3, $"toward her: {towardHer}");
        Assert.NotEqual("negative", towardBrand.GetProperty("label").GetString());
        Assert.True(towardBrand.GetProperty("polarity").GetDouble() > towardHer.GetProperty("polarity").GetDouble() + 0.5, $"toward the brand: {towardBrand}");

        // Matched through its author only, she gets the text's own reading; the brand named in it is read where it is named.
        var o = items.Single(m => m.GetProperty("text").GetString() == own);
        Assert.Equal(o.GetProperty("sentiment").GetProperty("polarity").GetDouble(), TargetOf(o, "influencer", w.InfluencerId).GetProperty("polarity").GetDouble(), 1e-6);
        Assert.Equal("positive", TargetOf(o, "brand", w.BrandId).GetProperty("label").GetString());

        // A language without a model: nothing is read, toward anyone.
        var r = items.Single(m => m.GetProperty("text").GetString() == russian);
        Assert.False(r.GetProperty("scored").GetBoolean());
        Assert.Equal(0, r.GetProperty("targets").GetArrayLength());
        // The analysts' CSV carries the same readings: language, whether it was read, and the polarity toward each party.
        var csv = await c.GetStringAsync($"/api/mentions?brandId={w.BrandId}&format=csv");
        using (var reader = new CsvHelper.CsvReader(new StringReader(csv), System.Globalization.CultureInfo.InvariantCulture))
        {
            var rows = reader.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToDictionary(x => (string)x["Text"]);
            var qRow = rows[quarrel];
            Assert.Equal("True", qRow["Scored"]);
            Assert.Contains($"influencer:{w.InfluencerId}:negative:", (string)qRow["Targets"]);
            Assert.Contains($"brand:{w.BrandId}:", (string)qRow["Targets"]);
            Assert.Equal("False", rows[russian]["Scored"]);
            Assert.Equal("", rows[russian]["Targets"]);
            Assert.Equal("ru", rows[russian]["Lang"]);
        }

        // …and the brand's view counts it, as the pair's does.
        Assert.Equal(1, JsonDocument.Parse(await c.GetStringAsync($"/api/brands/{w.BrandId}")).RootElement.GetProperty("unscoredMentions").GetInt64());
        Assert.Equal(1, JsonDocument.Parse(await c.GetStringAsync($"/api/pairs/{w.PairId}")).RootElement.GetProperty("unscoredMentions").GetInt64());
    }

    [Fact]
    public async Task A_defence_of_the_brand_with_an_attack_on_the_influencer_lowers_only_her_and_the_reverse_only_the_brand()
    {
        var c = app.Client();
        var now = DateTimeOffset.UtcNow;

        var defended = await WorldAsync(c);
        string[] forBrand =
        [
            $"{defended.Brand}'s staff did nothing wrong, {defended.Person} is an entitled bully",
            $"Honestly {defended.Brand} handled it perfectly and the waiters were lovely. {defended.Person} was rude and petty.",
            $"{defended.Person} owes everyone an apology for that tantrum; {defended.Brand} treated her kindly and deserves better.",
        ];
        var blamed = await WorldAsync(c);
        string[] forHer =
        [
            $"Good on {blamed.Person} for speaking up. {blamed.Brand} ruined my anniversary dinner too.",
            $"{blamed.Person} handled it with grace; {blamed.Brand} should be ashamed of that cold, filthy food",
            $"Love {blamed.Person} for being honest about {blamed.Brand}, the worst restaurant in town",
        ];
        (await c.PostAsJsonAsync("/api/mentions", forBrand.Select((t, i) => Mention(Unique("d"), t, now.AddMinutes(-10 + i), $"diner{i}", 3_000))
            .Concat(forHer.Select((t, i) => Mention(Unique("b"), t, now.AddMinutes(-5 + i), $"guest{i}", 3_000))).ToArray())).EnsureSuccessStatusCode();

        var d = JsonDocument.Parse(await c.GetStringAsync($"/api/pairs/{defended.PairId}")).RootElement;
        var dc = d.GetProperty("components");
        Assert.True(dc.GetProperty("influencer").GetDouble() < -0.5, $"her reputation falls: {d}");
        Assert.True(dc.GetProperty("brand").GetDouble() > 0, $"the brand's does not: {d}");
        Assert.True(dc.GetProperty("coMention").GetDouble() < 0, $"the pair reads the lower of the two: {d}");
        // The drivers of the fall show each party's reading: against her, for the brand.
        var driver = d.GetProperty("drivers").EnumerateArray().First();
        Assert.True(driver.GetProperty("towardInfluencer").GetDouble() < 0, $"{driver}");
        Assert.True(driver.GetProperty("towardBrand").GetDouble() > 0, $"{driver}");

        var b = JsonDocument.Parse(await c.GetStringAsync($"/api/pairs/{blamed.PairId}")).RootElement;
        var bc = b.GetProperty("components");
        Assert.True(bc.GetProperty("brand").GetDouble() < 0, $"the brand's reputation falls: {b}");
        Assert.True(bc.GetProperty("influencer").GetDouble() > 0, $"hers does not: {b}");
        Assert.True(bc.GetProperty("coMention").GetDouble() < 0, $"the pair reads the lower of the two: {b}");
    }
}

/// <summary>The app with per-party reading off (<c>Sentiment:ReadParties=false</c>): mentions stored as before issue 19's per-party readings.</summary>
public sealed class NoPartiesApp : FusionApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Sentiment:ReadParties"] = "false" };
}

/// <summary>The same on SQLite.</summary>
public sealed class NoPartiesSqliteApp : SqliteFusionApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings) { ["Sentiment:ReadParties"] = "false" };
}

public sealed class RescorePartiesTestsOnPostgres(NoPartiesApp app) : RescorePartiesTests(app), IClassFixture<NoPartiesApp>
{
    protected override string[] StoreArgs => ["--postgres", App.ConnectionString];
}

public sealed class RescorePartiesTestsOnSqlite(NoPartiesSqliteApp app) : RescorePartiesTests(app), IClassFixture<NoPartiesSqliteApp>
{
    protected override string[] StoreArgs => ["--sqlite", app.SqlitePath];
}

/// <summary><c>fusion rescore</c> reads per party the mentions stored without per-party readings, and rebuilds the scores from them.</summary>
public abstract class RescorePartiesTests(FusionApp app)
{
    protected FusionApp App { get; } = app;

    protected abstract string[] StoreArgs { get; }

    [Fact]
    public async Task Rescore_fills_the_targets_of_stored_mentions_and_each_scope_then_reads_its_own_party()
    {
        var c = App.Client();
        var brand = "Chez " + PartyReadingApiTests.Name();
        var person = "Roxy " + PartyReadingApiTests.Name();
        var brandId = await c.BrandAsync(brand);
        var influencerId = await c.InfluencerAsync(person, Unique("roxy").Replace(' ', '-'));
        var pairId = await c.PairAsync(brandId, influencerId);
        var now = DateTimeOffset.UtcNow;
        string[] texts =
        [
            $"{brand}'s staff did nothing wrong, {person} is an entitled bully",
            $"Honestly {brand} handled it perfectly and the waiters were lovely. {person} was rude and petty.",
            $"{person} owes everyone an apology for that tantrum; {brand} treated her kindly and deserves better.",
        ];
        (await c.PostAsJsonAsync("/api/mentions", texts.Select((t, i) => Mention(Unique("r"), t, now.AddMinutes(-10 + i), $"diner{i}", 3_000)).ToArray())).EnsureSuccessStatusCode();
        Assert.All(await ListAsync(c, brandId), m => Assert.Equal(0, m.GetProperty("targets").GetArrayLength())); // stored without per-party readings
        var before = JsonDocument.Parse(await c.GetStringAsync($"/api/pairs/{pairId}")).RootElement.GetProperty("components");

        var output = new StringWriter();
        var error = new StringWriter();
        var code = await FusionMonitor.Cli.CliApp.RunAsync(["rescore", .. StoreArgs], new FusionMonitor.Cli.CliConsole(new StringReader(""), output, error));
        Assert.True(code == 0, $"rescore failed: {output}{error}");

        var items = await ListAsync(c, brandId);
        Assert.All(items, m =>
        {
            var targets = m.GetProperty("targets").EnumerateArray().ToList();
            Assert.Equal([("brand", brandId), ("influencer", influencerId)], targets.Select(t => (t.GetProperty("kind").GetString(), t.GetProperty("id").GetInt64())));
            Assert.Equal("negative", targets[1].GetProperty("label").GetString());
        });
        var after = JsonDocument.Parse(await c.GetStringAsync($"/api/pairs/{pairId}")).RootElement;
        var components = after.GetProperty("components");
        Assert.True(components.GetProperty("brand").GetDouble() > 0, $"the brand reads the defence now: {after}");
        Assert.True(components.GetProperty("influencer").GetDouble() < 0, $"she reads the attack: {after}");
        Assert.NotEqual(before.GetProperty("brand").GetDouble(), components.GetProperty("brand").GetDouble());

        // A second run has nothing left to read.
        var again = new StringWriter();
        Assert.Equal(0, await FusionMonitor.Cli.CliApp.RunAsync(["rescore", .. StoreArgs], new FusionMonitor.Cli.CliConsole(new StringReader(""), again, error)));
        Assert.Contains("re-scored 0 mention(s)", again.ToString());
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient c, long brandId) =>
        JsonDocument.Parse(await c.GetStringAsync($"/api/mentions?brandId={brandId}&limit=100")).RootElement.GetProperty("items").EnumerateArray().ToList();
}
