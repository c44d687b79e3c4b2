using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Core.Alerts;
using FusionMonitor.TestSupport;
using FusionMonitor.Web.Tests.Infrastructure;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

public sealed class ScoreDropGoalTestsOnPostgres(FusionApp app) : ScoreDropGoalTests(app), IClassFixture<FusionApp>;

public sealed class ScoreDropGoalTestsOnSqlite(SqliteFusionApp app) : ScoreDropGoalTests(app), IClassFixture<SqliteFusionApp>;

/// <summary>
/// Issue 17's measured goal, through the API on each database: a pair whose score falls ten points within minutes
/// gets a <c>scoreDrop</c> alert within 60 s of the fall, saying the score before and after.
/// </summary>
public abstract class ScoreDropGoalTests(FusionApp app)
{
    [Fact]
    public async Task A_ten_point_fall_within_minutes_raises_a_score_drop_within_60_seconds()
    {
        var c = app.Client();
        var brand = Unique("Dropwell");
        var handle = $"dana{Guid.NewGuid().ToString("N")[..6]}";
        var pairId = await c.PairAsync(await c.BrandAsync(brand), await c.InfluencerAsync("Dana " + handle, handle));
        var now = DateTimeOffset.UtcNow;

        // Where it stands: a little praise, and the follow-up cycle records the pair's score (a series point at that score,
        // not the neutral 50 an hour with mentions but no record yet shows).
        var praise = new[] { "a lovely, great show, so much fun", "wonderful evening, the staff were kind and warm", "brilliant collab, I love the new colours" };
        (await c.PostAsJsonAsync("/api/mentions", praise.Select((text, i) =>
            Mention(Guid.NewGuid().ToString(), $"@{handle} and {brand}: {text}", now.AddMinutes(-10 + i), $"fan{i}", 800)).ToArray())).EnsureSuccessStatusCode();
        var peak = await ScoreAsync(c, pairId);
        Assert.True(peak > 50.5, $"three people's praise moved the pair to {peak:0.0} only");
        var recorded = Stopwatch.StartNew();
        while (!(await c.GetFromJsonAsync<JsonElement>($"/api/pairs/{pairId}/scores?from={Uri.EscapeDataString(now.AddHours(-2).ToString("O"))}&bucket=hour"))
                   .EnumerateArray().Any(p => p.GetProperty("score").GetDouble() > peak - 0.3))
        {
            Assert.True(recorded.Elapsed < TimeSpan.FromSeconds(30), "the follow-up cycle recorded no score for the pair");
            await Task.Delay(200);
        }

        // Then people complain, two at a time, until the score stands ten points below where it was.
        var complaints = DistinctComplaints.All;
        double score = peak;
        var sent = 0;
        while (peak - score < 10.5)
        {
            Assert.True(sent < complaints.Length, $"thirty complaints moved the pair only {peak - score:0.0} points");
            var batch = complaints.Skip(sent).Take(2).Select((text, i) =>
                Mention(Guid.NewGuid().ToString(), $"@{handle} and {brand}: {text}", now.AddMinutes(-5 + (sent + i) * 0.1), $"upset{sent + i}", 800)).ToArray();
            (await c.PostAsJsonAsync("/api/mentions", batch)).EnsureSuccessStatusCode();
            sent += batch.Length;
            score = await ScoreAsync(c, pairId);
        }

        var fell = Stopwatch.StartNew();
        JsonElement? drop = null;
        while (drop is null && fell.Elapsed < TimeSpan.FromSeconds(60))
        {
            drop = (await c.GetFromJsonAsync<JsonElement>("/api/alerts?status=open")).EnumerateArray().Cast<JsonElement?>()
                .FirstOrDefault(a => a!.Value.GetProperty("pairId") is { ValueKind: JsonValueKind.Number } p && p.GetInt64() == pairId
                    && a.Value.GetProperty("kind").GetString() == "scoreDrop");
            if (drop is null) await Task.Delay(250);
        }
        Assert.True(drop is not null, $"no scoreDrop within 60 s of a fall from {peak:0.0} to {score:0.0}");
        Assert.InRange(drop!.Value.GetProperty("scoreBefore").GetDouble(), peak - 0.5, peak + 0.5);
        Assert.True(drop.Value.GetProperty("scoreAfter").GetDouble() <= peak - 10, drop.Value.ToString());
        Assert.Contains(brand, drop.Value.GetProperty("summary").GetString());

        // Severity from size, reach and speed: ten points within minutes is fast (points a minute since the peak), the
        // complaints' authors reach a few thousand followers (neither wide nor almost nobody), so it reads one step
        // above what its size alone says — on every channel, the card's severity being the alert's.
        var speed = drop.Value.GetProperty("speed").GetDouble();
        Assert.True(speed >= AlertSeverities.FastDrop, $"a fall within minutes measured {speed:0.00} points a minute");
        var reach = drop.Value.GetProperty("evidence").GetProperty("topMentions").EnumerateArray().Sum(m => m.GetProperty("followers").GetInt64());
        Assert.InRange(reach, AlertSeverities.NarrowReach, AlertSeverities.WideReach - 1);
        var bySize = AlertSeverities.OfSize(AlertKind.ScoreDrop, drop.Value.GetProperty("value").GetDouble());
        var expected = AlertSeverities.Name((AlertSeverity)Math.Min((int)bySize + 1, (int)AlertSeverity.Critical));
        Assert.Equal(expected, drop.Value.GetProperty("severity").GetString());
        var card = drop.Value.GetProperty("card");
        Assert.Equal(expected, card.GetProperty("severity").GetString());
        Assert.Contains(card.GetProperty("figures").EnumerateArray(), f => f.GetString()!.StartsWith("Falling fast: ", StringComparison.Ordinal));

        // What changed since it opened, read with the alert: the pair's score then and now (the score it stands at).
        var change = (await c.GetFromJsonAsync<JsonElement>($"/api/alerts/{drop.Value.GetProperty("id").GetInt64()}")).GetProperty("card").GetProperty("change");
        Assert.Equal(JsonValueKind.Number, change.GetProperty("scoreThen").ValueKind);
        Assert.InRange(change.GetProperty("scoreNow").GetDouble(), await ScoreAsync(c, pairId) - 0.05, await ScoreAsync(c, pairId) + 0.05);
        Assert.Contains(change.GetProperty("trend").GetString(), new[] { "falling", "holding", "recovering" });
    }

    private static async Task<double> ScoreAsync(HttpClient c, long pairId) =>
        (await c.GetFromJsonAsync<JsonElement>($"/api/pairs/{pairId}")).GetProperty("score").GetDouble();
}
