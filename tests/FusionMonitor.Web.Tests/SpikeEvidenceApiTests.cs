using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.TestSupport;
using FusionMonitor.Web.Tests.Infrastructure;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

public sealed class SpikeEvidenceApiTestsOnPostgres(FusionApp app) : SpikeEvidenceApiTests(app), IClassFixture<FusionApp>;

public sealed class SpikeEvidenceApiTestsOnSqlite(SqliteFusionApp app) : SpikeEvidenceApiTests(app), IClassFixture<SqliteFusionApp>;

/// <summary>
/// A brand spike's evidence is read from the spike window's own mentions in the alert's direction, on each database:
/// a brand whose strongest stored mentions are older praise from big accounts still shows the complaints that raised
/// its negative spike, one per author, a pasted text from many accounts as one mention flagged coordinated.
/// </summary>
public abstract class SpikeEvidenceApiTests(FusionApp app)
{
    [Fact]
    public async Task A_negative_spike_shows_the_windows_complaints_even_when_the_brands_top_mentions_are_older_praise()
    {
        var c = app.Client();
        var brand = Unique("Copperleaf");
        var brandId = await c.BrandAsync(brand);
        var now = DateTimeOffset.UtcNow;
        // The past: praise from big accounts (the brand's strongest mentions), one a day.
        var past = Enumerable.Range(1, 10).Select(d => Mention(Guid.NewGuid().ToString(), $"I love {brand}, great people and a great shop, day {d}",
            now.AddDays(-d), $"star{d}", 5_000_000)).ToArray();
        (await c.PostAsJsonAsync("/api/mentions", past)).EnsureSuccessStatusCode();
        // The incident: twenty people with different complaints, and ten accounts pasting one text, from small accounts.
        const string pasted = "everyone boycott this shop now, they lied to us about where the cotton comes from, awful";
        var burst = Enumerable.Range(0, 20).Select(i => Mention(Guid.NewGuid().ToString(), $"{brand} was awful: {DistinctComplaints.All[i]}",
                now.AddMinutes(-20 + i * 0.5), $"buyer{i}", 300))
            .Concat(Enumerable.Range(0, 10).Select(i => Mention(Guid.NewGuid().ToString(), $"{brand}: {pasted}", now.AddMinutes(-15 + i * 0.5), $"paste{i}", 300)))
            .ToArray();
        (await c.PostAsJsonAsync("/api/mentions", burst)).EnsureSuccessStatusCode();

        var top = await SpikeEvidenceAsync(c, a => a.GetProperty("brandId").GetInt64() == brandId && a.GetProperty("pairId").ValueKind == JsonValueKind.Null);

        var group = AssertFromTheWindow(top, now, pasted);
        Assert.All(top, m => Assert.DoesNotContain("love", m.GetProperty("text").GetString()));
        Assert.StartsWith("paste", group.GetProperty("author").GetString());
        Assert.All(top.Where(m => !m.GetProperty("coordinated").GetBoolean()), m => Assert.Equal(1, m.GetProperty("accounts").GetInt32()));
    }

    [Fact]
    public async Task A_pair_spike_shows_the_windows_co_mentions_even_when_the_pairs_top_mentions_are_older_praise()
    {
        var c = app.Client();
        var brand = Unique("Tidewell");
        var handle = $"tide{Guid.NewGuid().ToString("N")[..6]}";
        var brandId = await c.BrandAsync(brand);
        var pairId = await c.PairAsync(brandId, await c.InfluencerAsync("Tia " + handle, handle));
        var now = DateTimeOffset.UtcNow;
        // The pair's past: praise of both from big accounts, which holds every place of the pair's top lists.
        var past = Enumerable.Range(1, 10).Select(d => Mention(Guid.NewGuid().ToString(), $"I love {brand} with @{handle}, a great pairing, week {d}",
            now.AddDays(-d), $"star{d}", 5_000_000)).ToArray();
        (await c.PostAsJsonAsync("/api/mentions", past)).EnsureSuccessStatusCode();
        // The incident: twenty people with different complaints about the two, and ten accounts pasting one text.
        const string pasted = "never buy what this pair sells, the collab is a scam and they ignore every refund, awful";
        var burst = Enumerable.Range(0, 20).Select(i => Mention(Guid.NewGuid().ToString(), $"@{handle} and {brand}: {DistinctComplaints.All[i]}",
                now.AddMinutes(-20 + i * 0.5), $"fan{i}", 300))
            .Concat(Enumerable.Range(0, 10).Select(i => Mention(Guid.NewGuid().ToString(), $"@{handle} {brand}: {pasted}", now.AddMinutes(-15 + i * 0.5), $"copy{i}", 300)))
            .ToArray();
        (await c.PostAsJsonAsync("/api/mentions", burst)).EnsureSuccessStatusCode();

        var top = await SpikeEvidenceAsync(c, a => a.GetProperty("pairId") is { ValueKind: JsonValueKind.Number } p && p.GetInt64() == pairId);

        AssertFromTheWindow(top, now, pasted);
        Assert.All(top, m => Assert.Contains(handle, m.GetProperty("text").GetString()));
    }

    /// <summary>The top mentions of the first open negative spike <paramref name="which"/> picks, once one has opened.</summary>
    private static async Task<List<JsonElement>> SpikeEvidenceAsync(HttpClient c, Func<JsonElement, bool> which)
    {
        JsonElement? alert = null;
        for (var i = 0; i < 300 && alert is null; i++)
        {
            var open = await c.GetFromJsonAsync<JsonElement>("/api/alerts?status=open");
            alert = open.EnumerateArray().Cast<JsonElement?>().FirstOrDefault(a => a!.Value.GetProperty("kind").GetString() == "negativeSpike" && which(a.Value));
            if (alert is null) await Task.Delay(200);
        }
        Assert.NotNull(alert);
        return alert!.Value.GetProperty("evidence").GetProperty("topMentions").EnumerateArray().ToList();
    }

    /// <summary>Evidence read from the spike window: negative, of the last hour, one per author, with the ten accounts
    /// pasting <paramref name="pasted"/> as one coordinated group (returned).</summary>
    private static JsonElement AssertFromTheWindow(List<JsonElement> top, DateTimeOffset now, string pasted)
    {
        Assert.NotEmpty(top);
        Assert.All(top, m => Assert.True(m.GetProperty("polarity").GetDouble() < 0, m.ToString()));
        Assert.All(top, m => Assert.True(m.GetProperty("createdAt").GetDateTimeOffset() >= now.AddHours(-1), m.ToString()));
        Assert.Equal(top.Count, top.Select(m => m.GetProperty("author").GetString()).Distinct().Count());
        var group = Assert.Single(top, m => m.GetProperty("coordinated").GetBoolean());
        Assert.Equal(10, group.GetProperty("accounts").GetInt32());
        Assert.Contains(pasted, group.GetProperty("text").GetString());
        return group;
    }
}
