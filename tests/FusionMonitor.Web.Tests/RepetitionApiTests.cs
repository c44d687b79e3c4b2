using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Core.Text;
using FusionMonitor.TestSupport;
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

        for (var i = 0; i < DistinctComplaints.All.Length; i++)
            for (var j = i + 1; j < DistinctComplaints.All.Length; j++) Assert.False(NearDuplicate.Similar(DistinctComplaints.All[i], DistinctComplaints.All[j]), $"{DistinctComplaints.All[i]} / {DistinctComplaints.All[j]}");
        var (people, _) = await MoveAsync("people", (i, brand, h) => ($"shopper{i}{Guid.NewGuid().ToString("N")[..4]}", $"{DistinctComplaints.All[i]} @{h} {brand}"));
        var repeater = $"angry{Guid.NewGuid().ToString("N")[..6]}";
        var (repeats, _) = await MoveAsync("repeats", (_, brand, h) =>
            (repeater, $"{DistinctComplaints.All[0]} @{h} {brand}"));
        var (pasted, view) = await MoveAsync("pasted", (i, brand, h) =>
            ($"acct{i}{Guid.NewGuid().ToString("N")[..4]}", $"{DistinctComplaints.All[1]} @{h} {brand}"));

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
        Assert.Contains(DistinctComplaints.All[1], group.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Accounts_pasting_one_text_take_one_driver_and_leave_the_others_to_other_people()
    {
        var c = app.Client();
        var now = DateTimeOffset.UtcNow;
        var start = now.TimeOfDay < TimeSpan.FromHours(1) ? new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddHours(-3) : now.AddMinutes(-40);
        var brand = Unique("Threadbare top");
        var handle = $"mara{Guid.NewGuid().ToString("N")[..6]}";
        var pairId = await c.PairAsync(await c.BrandAsync(brand), await c.InfluencerAsync("Mara " + handle, handle));
        // Six big accounts paste one text (each outweighs any of the people), four people write their own.
        var items = Enumerable.Range(0, 6).Select(i => Mention(Guid.NewGuid().ToString(), $"{DistinctComplaints.All[2]} @{handle} {brand}",
                start.AddMinutes(i), $"paste{i}{Guid.NewGuid().ToString("N")[..4]}", 90_000))
            .Concat(Enumerable.Range(0, 4).Select(i => Mention(Guid.NewGuid().ToString(), $"{DistinctComplaints.All[10 + i]} @{handle} {brand}",
                start.AddMinutes(10 + i), $"own{i}{Guid.NewGuid().ToString("N")[..4]}", 40)))
            .ToList();
        var report = await (await c.PostAsJsonAsync("/api/mentions", items)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(10, report.GetProperty("accepted").GetInt32());

        var drivers = (await c.GetFromJsonAsync<JsonElement>($"/api/pairs/{pairId}")).GetProperty("drivers").EnumerateArray().ToList();
        Assert.Equal(5, drivers.Count);
        var group = Assert.Single(drivers, d => d.GetProperty("coordinated").GetBoolean());
        Assert.Equal(6, group.GetProperty("accounts").GetInt32());
        Assert.Equal(4, drivers.Count(d => d.GetProperty("author").GetString()!.StartsWith("own")));
    }
}
