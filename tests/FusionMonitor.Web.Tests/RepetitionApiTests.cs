using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Core.Text;
using FusionMonitor.Web.Tests.Infrastructure;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

public sealed class RepetitionApiTestsOnPostgres(FusionApp app) : RepetitionApiTests(app), IClassFixture<FusionApp>;

public sealed class RepetitionApiTestsOnSqlite(SqliteFusionApp app) : RepetitionApiTests(app), IClassFixture<SqliteFusionApp>;

/// <summary>
/// Repeats and coordination through the real pipeline, on each database (docs/fusion-score.md, "Repeats and
/// coordination"): one account posting one complaint thirty times, and thirty accounts pasting one text, each move a
/// pair at most a quarter as far as thirty different people with different complaints; the pasted text is named as
/// coordinated in the pair's explanation, as one driver.
/// </summary>
public abstract class RepetitionApiTests(FusionApp app)
{
    /// <summary>Thirty different complaints, no two of them near duplicates (the test checks).</summary>
    private static readonly string[] Complaints =
    [
        "awful quality, my parcel vanished and support never answered a single email",
        "terrible sweater, it shrank to a child's size after one gentle wash",
        "they charged me twice for one jacket and refuse to refund me, disgraceful",
        "horrible stitching, the seams split open on the very first day I wore it",
        "worst sizing ever, a medium fits like an extra small, useless",
        "rude staff hung up on me three times when I asked about a return",
        "disgusting dye, the colour bled all over my white sheets in the wash",
        "pathetic stock, I queued forty minutes to hear nothing was left",
        "broken zipper after two days and they laughed at my repair request",
        "ruined delivery, the courier dumped my box in a puddle and left",
        "dreadful fabric, it pills everywhere and looks ten years old already",
        "scam discount codes that never work at checkout, so dishonest",
        "the app crashes every time I try to pay, furious and fed up",
        "cheap buttons fell off before I even got home, embarrassing rubbish",
        "false advertising, the photos look nothing like the real coat",
        "they lost my refund for six weeks and keep lying about it",
        "my order came with someone else's worn shoes inside, gross",
        "the lining tore at the armpit during a job interview, humiliating",
        "shipping took a month and the tracking page was always blank",
        "itchy wool that gave me a rash, I regret every penny spent",
        "manager shouted at my mother in the store, absolutely shameful",
        "the boots leak water the moment you step on wet grass, junk",
        "customer chat bot loops forever and no human ever replies, infuriating",
        "they sent the wrong colour three times in a row, incompetent",
        "overpriced hoodie fell apart quicker than fast fashion, a joke",
        "the scarf smelled of chemicals so strong it gave me headaches",
        "returns label was rejected by the post office twice, hopeless company",
        "my daughter's party dress ripped before the cake, heartbreaking failure",
        "they cancelled my order without telling me and kept the money",
        "the belt buckle snapped in a week, flimsy and badly made garbage",
    ];

    [Fact]
    public async Task Repeats_and_pasted_texts_move_a_pair_at_most_a_quarter_as_far_as_as_many_people()
    {
        var c = app.Client();
        var now = DateTimeOffset.UtcNow;
        // All thirty within one UTC day (the window voices are grouped in), also when the test runs just after midnight.
        var start = now.TimeOfDay < TimeSpan.FromHours(1) ? new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddHours(-3) : now.AddMinutes(-40);

        async Task<(double Move, JsonElement View)> MoveAsync(string label, Func<int, string, string, (string Handle, string Text)> post)
        {
            var brand = Unique("Threadbare " + label);
            var handle = $"mara{Guid.NewGuid().ToString("N")[..6]}";
            var pairId = await c.PairAsync(await c.BrandAsync(brand), await c.InfluencerAsync("Mara " + handle, handle));
            var items = Enumerable.Range(0, 30).Select(i =>
            {
                var (author, text) = post(i, brand, handle);
                return Mention(Guid.NewGuid().ToString(), text, start.AddMinutes(i), author, 800);
            }).ToList();
            var report = await (await c.PostAsJsonAsync("/api/mentions", items)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(30, report.GetProperty("accepted").GetInt32());
            var view = await c.GetFromJsonAsync<JsonElement>($"/api/pairs/{pairId}");
            return (50 - view.GetProperty("score").GetDouble(), view);
        }

        for (var i = 0; i < Complaints.Length; i++)
            for (var j = i + 1; j < Complaints.Length; j++) Assert.False(NearDuplicate.Similar(Complaints[i], Complaints[j]), $"{Complaints[i]} / {Complaints[j]}");
        var (people, _) = await MoveAsync("people", (i, brand, h) => ($"shopper{i}{Guid.NewGuid().ToString("N")[..4]}", $"{Complaints[i]} @{h} {brand}"));
        var repeater = $"angry{Guid.NewGuid().ToString("N")[..6]}";
        var (repeats, _) = await MoveAsync("repeats", (_, brand, h) =>
            (repeater, $"{Complaints[0]} @{h} {brand}"));
        var (pasted, view) = await MoveAsync("pasted", (i, brand, h) =>
            ($"acct{i}{Guid.NewGuid().ToString("N")[..4]}", $"{Complaints[1]} @{h} {brand}"));

        Assert.True(people > 4, $"thirty people moved the pair {people:0.0} points");
        Assert.True(repeats > 0 && repeats <= people / 4, $"repeats {repeats:0.00} vs people {people:0.00}");
        Assert.True(pasted > 0 && pasted <= people / 4, $"pasted {pasted:0.00} vs people {people:0.00}");

        var explanation = view.GetProperty("explanation").GetString()!;
        Assert.Contains("coordinated: @acct", explanation);
        Assert.Contains("29 more accounts posting near-identical text", explanation);
        var drivers = view.GetProperty("drivers").EnumerateArray().ToList();
        var group = Assert.Single(drivers);
        Assert.Equal(30, group.GetProperty("accounts").GetInt32());
        Assert.True(group.GetProperty("coordinated").GetBoolean());
        Assert.True(group.GetProperty("points").GetDouble() < 0);
    }
}
