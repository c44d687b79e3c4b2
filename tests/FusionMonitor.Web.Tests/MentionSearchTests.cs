using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Web.Tests.Infrastructure;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

public sealed class MentionSearchTestsOnPostgres(FusionApp app) : MentionSearchTests(app), IClassFixture<FusionApp>;

public sealed class MentionSearchTestsOnSqlite(SqliteFusionApp app) : MentionSearchTests(app), IClassFixture<SqliteFusionApp>;

/// <summary>
/// <c>GET /api/mentions?q=</c> on each database (PostgreSQL tsvector + GIN, SQLite FTS5): only mentions whose text
/// holds every word, in any case, combined with the other filters and paging; hostile queries are words or a 400,
/// never a 500 and never database query syntax.
/// </summary>
public abstract class MentionSearchTests(FusionApp app)
{
    protected FusionApp App { get; } = app;

    private static async Task<List<string>> TextsAsync(HttpClient c, string query) =>
        (await c.GetFromJsonAsync<JsonElement>($"/api/mentions?{query}")).GetProperty("items").EnumerateArray()
            .Select(m => m.GetProperty("text").GetString()!).ToList();

    [Fact]
    public async Task Only_mentions_holding_every_word_in_any_case_are_listed()
    {
        var c = App.Client();
        var tag = "zq" + Guid.NewGuid().ToString("N")[..8];
        var brand = Unique("Fern Bistro");
        var brandId = await c.BrandAsync(brand);
        var now = DateTimeOffset.UtcNow;
        var texts = new[]
        {
            $"{tag} the oat latte at {brand} was SUPERB",
            $"{tag} superb croissant, weak latte",
            $"{tag} nothing to see here at {brand}",
            $"{tag} Latte art, café crème, \"quoted\" AND more",
            $"someone else mentions superb latte without the tag",
        };
        (await c.PostAsJsonAsync("/api/mentions", texts.Select((t, i) => Mention($"{tag}-{i}", t, now.AddMinutes(-10 + i))).ToList())).EnsureSuccessStatusCode();

        Assert.Equal([texts[1], texts[0]], await TextsAsync(c, $"q={Uri.EscapeDataString($"{tag.ToUpperInvariant()} Superb LATTE")}"));
        Assert.Equal([texts[0]], await TextsAsync(c, $"q={Uri.EscapeDataString($"{tag} superb latte")}&brandId={brandId}"));
        Assert.Equal([texts[3]], await TextsAsync(c, $"q={Uri.EscapeDataString($"{tag} café")}"));
        Assert.Empty(await TextsAsync(c, $"q={Uri.EscapeDataString($"{tag} cafe")}")); // accents are letters of the word
        Assert.Empty(await TextsAsync(c, $"q={Uri.EscapeDataString($"{tag} lat")}"));  // whole words, not prefixes

        // Paging keeps the filter.
        var first = await c.GetFromJsonAsync<JsonElement>($"/api/mentions?q={tag}&limit=2");
        var page1 = first.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("text").GetString()).ToList();
        var page2 = (await c.GetFromJsonAsync<JsonElement>($"/api/mentions?q={tag}&limit=2&cursor={first.GetProperty("nextCursor").GetString()}"))
            .GetProperty("items").EnumerateArray().Select(m => m.GetProperty("text").GetString()).ToList();
        Assert.Equal([texts[3], texts[2]], page1);
        Assert.Equal([texts[1], texts[0]], page2);
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("\"unbalanced")]
    [InlineData("a OR b NOT c NEAR(d e) *")]
    [InlineData("text:foo ^bar -baz + (qux")]
    [InlineData("'; drop table mentions; --")]
    [InlineData("!!! & | <-> :*")]
    public async Task Hostile_queries_are_words_or_a_400_never_a_500(string q)
    {
        var r = await App.Client().GetAsync($"/api/mentions?q={Uri.EscapeDataString(q)}");
        Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
        if (r.StatusCode == HttpStatusCode.BadRequest)
            Assert.True((await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("q", out _));
    }

    [Fact]
    public async Task Operators_are_plain_words()
    {
        var c = App.Client();
        var tag = "zo" + Guid.NewGuid().ToString("N")[..8];
        (await c.PostAsJsonAsync("/api/mentions", new[]
        {
            Mention($"{tag}-1", $"{tag} cats OR dogs", DateTimeOffset.UtcNow.AddMinutes(-2)),
            Mention($"{tag}-2", $"{tag} cats only", DateTimeOffset.UtcNow.AddMinutes(-1)),
        })).EnsureSuccessStatusCode();
        Assert.Equal([$"{tag} cats OR dogs"], await TextsAsync(c, $"q={Uri.EscapeDataString($"{tag} cats OR dogs")}"));
        Assert.Equal(2, (await TextsAsync(c, $"q={Uri.EscapeDataString($"\"{tag}\" *cats*")}")).Count);
    }

    [Fact]
    public async Task Too_long_wordless_or_NUL_queries_are_400_naming_q()
    {
        var c = App.Client();
        foreach (var q in new[] { new string('a', 10_000), "word\0word", "  ...  ", string.Join(' ', Enumerable.Range(0, 30).Select(i => $"w{i}")) })
        {
            var r = await c.GetAsync($"/api/mentions?q={Uri.EscapeDataString(q)}");
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            var body = await r.Content.ReadAsStringAsync();
            Assert.Contains("\"q\"", body);
        }
    }
}
