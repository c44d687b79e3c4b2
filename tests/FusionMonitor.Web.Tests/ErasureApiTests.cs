using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Cli;
using FusionMonitor.Web.Tests.Infrastructure;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

public sealed class ErasureApiTestsOnPostgres(FusionApp app) : ErasureApiTests(app), IClassFixture<FusionApp>
{
    protected override string[] StoreArgs => ["--postgres", App.ConnectionString];
}

public sealed class ErasureApiTestsOnSqlite(SqliteFusionApp app) : ErasureApiTests(app), IClassFixture<SqliteFusionApp>
{
    protected override string[] StoreArgs => ["--sqlite", app.SqlitePath];
}

/// <summary>
/// Erasing one author's data (a GDPR request, issue 15) through the HTTP API and the CLI, on each database: the
/// author's mentions on that platform are gone from every list and search, the scores they moved are rebuilt without
/// them (exactly what a full recompute gives), the same handle on another platform is someone else and stays, and a
/// repeated request erases nothing.
/// </summary>
public abstract class ErasureApiTests(FusionApp app)
{
    protected FusionApp App { get; } = app;

    protected abstract string[] StoreArgs { get; }

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private sealed record World(long BrandId, long OtherBrandId, long PairId, string Troll, string Word);

    /// <summary>Ten fans praise a pair in their own words; one account slates it six times on "test", and the same
    /// handle posts once on "other" about another brand.</summary>
    private static async Task<World> WorldAsync(HttpClient c)
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var brand = Unique("Harbour Bakes");
        var handle = $"ivy{tag}";
        var brandId = await c.BrandAsync(brand);
        var otherBrandId = await c.BrandAsync(Unique("Quayside Teas"));
        var pairId = await c.PairAsync(brandId, await c.InfluencerAsync("Ivy " + tag, handle));
        var troll = $"troll{tag}";
        var word = $"zq{tag}"; // a word only the troll writes, to search for
        var now = DateTimeOffset.UtcNow;
        string[] praise =
        [
            "@{0} at {1} this morning, the croissants are wonderful", "{1} cinnamon buns with @{0}, simply the best",
            "lovely to see @{0} queueing at {1}, great bakery", "@{0} recommended {1} and she was right, delicious",
            "the sourdough at {1} is perfect, thanks @{0}", "{1} is my favourite spot now, @{0} knows good bread",
            "@{0} and {1}, what a wholesome pairing, love it", "friendly staff at {1}, @{0} was so kind to everyone",
            "@{0} made me try {1} and I am hooked, brilliant", "{1} tarts are gorgeous, @{0} has great taste",
        ];
        string[] slating =
        [
            "@{0} and {1} are frauds, stale bread, {2}", "{1} gave me food poisoning and @{0} lies about it {2}",
            "worst bakery ever, {1} and @{0} should be ashamed {2}", "@{0} is paid to hype {1}, disgusting service {2}",
            "rude staff at {1}, @{0} is a liar {2}", "never again {1}, mouldy cake, and @{0} ignores it {2}",
        ];
        var items = praise.Select((t, i) => Mention($"{tag}-p{i}", string.Format(t, handle, brand), now.AddMinutes(-40 + i), $"fan{i}{tag}", 20_000))
            .Concat(slating.Select((t, i) => Mention($"{tag}-t{i}", string.Format(t, handle, brand, word), now.AddMinutes(-30 + i), troll, 50_000)))
            .Append(Mention($"{tag}-o", $"Quayside Teas {otherBrandId} is fine I guess {word}", now.AddMinutes(-5), troll, 50_000, source: "other"))
            .ToList();
        (await c.PostAsJsonAsync("/api/mentions", items)).EnsureSuccessStatusCode();
        return new World(brandId, otherBrandId, pairId, troll, word);
    }

    [Fact]
    public async Task Erasing_an_author_removes_their_mentions_and_rebuilds_the_scores_they_moved()
    {
        var c = App.Client();
        var w = await WorldAsync(c);
        var before = await ScoreAsync(c, w.PairId);
        Assert.Equal(6, (await MentionsAsync(c, $"brandId={w.BrandId}")).Count(m => Author(m) == w.Troll));

        // The platform and handle as an operator may type them: any case, with '@'.
        var erased = await c.PostAsJsonAsync("/api/erasures", new { author = $"Test:@{w.Troll.ToUpperInvariant()}" });
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var outcome = await erased.Content.ReadFromJsonAsync<JsonElement>(Web);
        Assert.Equal($"test:{w.Troll}", outcome.GetProperty("author").GetString());
        Assert.Equal(6, outcome.GetProperty("mentions").GetInt32());
        Assert.True(outcome.GetProperty("scopes").GetInt32() >= 3, outcome.ToString()); // brand, influencer, co-mention

        var mentions = await MentionsAsync(c, $"brandId={w.BrandId}");
        Assert.Equal(10, mentions.Count);
        Assert.DoesNotContain(mentions, m => Author(m) == w.Troll);
        Assert.Empty(await MentionsAsync(c, $"brandId={w.BrandId}&q={w.Word}"));
        var elsewhere = Assert.Single(await MentionsAsync(c, $"q={w.Word}")); // the same handle on another platform is another person
        Assert.Equal("other", elsewhere.GetProperty("source").GetString());

        var after = await ScoreAsync(c, w.PairId);
        Assert.True(after > before + 3, $"without the slating the pair should read higher: {before} → {after}");
        var pair = await (await c.GetAsync($"/api/pairs/{w.PairId}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(w.Troll, pair, StringComparison.OrdinalIgnoreCase);

        // What is left is what a full rebuild from the remaining mentions gives.
        var (code, _, error) = await FusionCli.RunAsync(["recompute", "--no-history", .. StoreArgs]);
        Assert.True(code == 0, error);
        // A tolerance, not rounding to one place: the score is read as of now (it decays between the reads) and a rebuild
        // sums in another order, so the two sit a hair apart and rounding flips when they straddle a …5.
        Assert.Equal(after, await ScoreAsync(c, w.PairId), 0.05);

        var again = await (await c.PostAsJsonAsync("/api/erasures", new { author = $"test:{w.Troll}" })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>(Web);
        Assert.Equal(0, again.GetProperty("mentions").GetInt32());
    }

    [Fact]
    public async Task Fusion_erase_does_the_same_from_the_command_line()
    {
        var c = App.Client();
        var w = await WorldAsync(c);
        var before = await ScoreAsync(c, w.PairId);

        var (code, output, error) = await FusionCli.RunAsync(["erase", "--author", $"test:{w.Troll}", .. StoreArgs]);
        Assert.True(code == 0, error);
        Assert.Contains("erased 6 mention(s)", output);
        Assert.DoesNotContain(await MentionsAsync(c, $"brandId={w.BrandId}"), m => Author(m) == w.Troll);
        Assert.True(await ScoreAsync(c, w.PairId) > before + 3);

        (code, _, error) = await FusionCli.RunAsync(["erase", "--author", "no-colon-here", .. StoreArgs]);
        Assert.Equal(2, code);
        Assert.Contains("platform:handle", error);
    }

    [Fact]
    public async Task Bad_requests_are_problems_and_only_admins_may_erase()
    {
        var c = App.Client();
        foreach (var body in new object[] { new { }, new { author = "" }, new { author = "nova" }, new { author = ":nova" }, new { author = "bluesky:" },
                     new { author = "bluesky:two words" }, new { author = "bluesky:" + new string('x', 400) } })
        {
            var r = await c.PostAsJsonAsync("/api/erasures", body);
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
            Assert.Contains("platform:handle", await r.Content.ReadAsStringAsync());
        }
        var analystKey = (await (await c.PostAsJsonAsync("/api/keys", new { name = "analyst", role = "analyst" })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>(Web)).GetProperty("key").GetString();
        Assert.Equal(HttpStatusCode.Forbidden, (await App.Client(analystKey).PostAsJsonAsync("/api/erasures", new { author = "test:someone" })).StatusCode);
        var limitedAdmin = (await (await c.PostAsJsonAsync("/api/keys", new { name = "brand admin", role = "admin", brandIds = new[] { await c.BrandAsync(Unique("Tidewater")) } }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Web)).GetProperty("key").GetString();
        var refused = await App.Client(limitedAdmin).PostAsJsonAsync("/api/erasures", new { author = "test:someone" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("admin of every brand", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Client(null).PostAsJsonAsync("/api/erasures", new { author = "test:someone" })).StatusCode);
    }

    private static string? Author(JsonElement m) => m.GetProperty("author").GetProperty("handle").GetString();

    private static async Task<List<JsonElement>> MentionsAsync(HttpClient c, string query) =>
        [.. (await c.GetFromJsonAsync<JsonElement>($"/api/mentions?{query}&limit=100", Web)).GetProperty("items").EnumerateArray()];

    private static async Task<double> ScoreAsync(HttpClient c, long pairId) =>
        (await c.GetFromJsonAsync<JsonElement>($"/api/pairs/{pairId}", Web)).GetProperty("score").GetDouble();
}
