using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Web.Tests.Infrastructure;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

public sealed class StrategyApiTestsOnPostgres(FusionApp app) : StrategyApiTests(app), IClassFixture<FusionApp>;

public sealed class StrategyApiTestsOnSqlite(SqliteFusionApp app) : StrategyApiTests(app), IClassFixture<SqliteFusionApp>;

/// <summary>
/// The strategy layer (issue 21, contract v2) through the HTTP API on each database: goals judged from the score and
/// its trend, the voices that move a brand, and importance–performance by aspect.
/// </summary>
public abstract class StrategyApiTests(FusionApp app)
{
    protected FusionApp App { get; } = app;

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task A_pair_goal_follows_the_score_at_risk_after_complaints_met_after_praise()
    {
        var c = App.Client();
        var brand = Unique("Marlow Knitwear");
        var handle = $"nova{Guid.NewGuid().ToString("N")[..6]}";
        var brandId = await c.BrandAsync(brand);
        var pairId = await c.PairAsync(brandId, await c.InfluencerAsync("Nova " + handle, handle));
        var now = DateTimeOffset.UtcNow;
        var by = now.AddDays(30);

        var created = await c.PostAsJsonAsync("/api/goals", new { pairId, target = 58, by, milestones = new[] { new { at = now.AddDays(10), target = 54 } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var goal = await created.Content.ReadFromJsonAsync<JsonElement>(Web);
        var id = goal.GetProperty("id").GetInt64();
        Assert.Equal($"/api/goals/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(50, goal.GetProperty("now").GetDouble(), 3);          // no evidence yet: neutral…
        Assert.Equal("atRisk", goal.GetProperty("status").GetString());    // …and no trend to get it to 58
        Assert.Equal(JsonValueKind.Null, goal.GetProperty("eta").ValueKind);
        Assert.Equal(58, goal.GetProperty("target").GetDouble());
        Assert.Equal(by.ToUnixTimeSeconds(), goal.GetProperty("by").GetDateTimeOffset().ToUnixTimeSeconds());
        var milestone = Assert.Single(goal.GetProperty("milestones").EnumerateArray());
        Assert.Equal(54, milestone.GetProperty("target").GetDouble());
        Assert.Equal("atRisk", milestone.GetProperty("status").GetString());

        // Praise: the score passes the target, the goal is met (and its ETA is now).
        // Ten people, each in their own words (one text pasted by ten accounts would count as one voice).
        string[] praised =
        [
            "in her {0} sweater tonight, absolutely gorgeous, love it 😍", "the {0} cardigan on stage was stunning, I love it",
            "wore {0} to the gala and looked amazing, great choice", "that {0} jumper is perfect, I want one now 😍",
            "honestly the best outfit this year, {0} did a wonderful job", "so happy to see {0} on her again, lovely colours",
            "{0} knits on her look fantastic, great quality too", "obsessed with her cosy {0} look tonight, love love love",
            "she makes {0} look brilliant, what a great pairing", "just ordered the {0} scarf she wore, it is beautiful",
        ];
        var praise = Enumerable.Range(0, 10).Select(i => Mention($"{handle}-p{i}", $"@{handle} " + string.Format(praised[i], brand),
            now.AddMinutes(-30 + i), $"fan{i}", 40_000)).ToList();
        (await c.PostAsJsonAsync("/api/mentions", praise)).EnsureSuccessStatusCode();
        var met = await GoalAsync(c, id);
        var score = await ScoreAsync(c, pairId);
        Assert.True(score >= 58, $"the praise should lift the pair past 58: {score}");
        Assert.Equal(score, met.GetProperty("now").GetDouble(), 0.05); // read a moment apart: a tolerance, not rounding
        Assert.Equal("met", met.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, met.GetProperty("eta").ValueKind);

        // Complaints: the score falls below the target again, and with no rising trend the goal is at risk.
        // Twenty-five people, each in their own words (a numbered template would read as one pasted voice).
        var complaints = Enumerable.Range(0, 25).Select(i => Mention($"{handle}-c{i}", $"@{handle} " + string.Format(Complaints.Texts[i], brand),
            now.AddMinutes(-15 + i * 0.5), $"angry{i}", 40_000)).ToList();
        (await c.PostAsJsonAsync("/api/mentions", complaints)).EnsureSuccessStatusCode();
        var atRisk = await GoalAsync(c, id);
        score = await ScoreAsync(c, pairId);
        Assert.True(score < 58, $"the complaints should sink the pair below 58: {score}");
        Assert.Equal(score, atRisk.GetProperty("now").GetDouble(), 0.05);
        Assert.Equal("atRisk", atRisk.GetProperty("status").GetString());

        // Listed with its brand; deleted, it is gone.
        var listed = await c.GetFromJsonAsync<JsonElement>($"/api/goals?brandId={brandId}", Web);
        Assert.Contains(listed.EnumerateArray(), g => g.GetProperty("id").GetInt64() == id && g.GetProperty("pairId").GetInt64() == pairId);
        Assert.Equal(HttpStatusCode.NoContent, (await c.DeleteAsync($"/api/goals/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync($"/api/goals/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_brand_goal_reads_the_trend_of_its_history_and_projects_an_eta()
    {
        var c = App.Client();
        var brand = Unique("Chez Marlin");
        var brandId = await c.BrandAsync(brand);
        var now = DateTimeOffset.UtcNow;
        // Ten days of steady praise: the brand's own score has been rising day by day.
        var praise = Enumerable.Range(0, 30).Select(i => Mention(Guid.NewGuid().ToString(), $"Dinner at {brand} was wonderful, lovely evening, highly recommend!",
            now.AddHours(-240 + i * 8), $"diner{i}", 2_000)).ToList();
        (await c.PostAsJsonAsync("/api/mentions", praise)).EnsureSuccessStatusCode();

        var probe = await (await c.PostAsJsonAsync("/api/goals", new { brandId, target = 100, by = now.AddDays(1) })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>(Web);
        var score = probe.GetProperty("now").GetDouble();
        Assert.True(score > 55, $"the brand's own score should have risen: {score}");
        Assert.True(probe.GetProperty("trendPerDay").GetDouble() > 0, probe.ToString());
        Assert.Equal("atRisk", probe.GetProperty("status").GetString()); // 100 by tomorrow is out of reach

        var target = Math.Min(99, Math.Round(score + 2));
        var goal = await (await c.PostAsJsonAsync("/api/goals", new { brandId, target, by = now.AddDays(120) })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>(Web);
        Assert.Equal("onTrack", goal.GetProperty("status").GetString());
        var eta = goal.GetProperty("eta").GetDateTimeOffset();
        Assert.True(eta > now && eta < now.AddDays(120), $"eta {eta}");
        Assert.True(goal.GetProperty("projected").GetDouble() >= target);
        // Read back, it is the goal stored: the same date, target and judgement.
        var read = await GoalAsync(c, goal.GetProperty("id").GetInt64());
        foreach (var field in new[] { "id", "brandId", "pairId", "target", "by", "status", "createdAt", "milestones" })
            Assert.Equal(goal.GetProperty(field).ToString(), read.GetProperty(field).ToString());
    }

    [Fact]
    public async Task Bad_goals_are_clear_problems()
    {
        var c = App.Client();
        var brandId = await c.BrandAsync(Unique("Lark Denim"));
        var pairId = await c.PairAsync(brandId, await c.InfluencerAsync(Unique("Roxy"), $"roxy{Guid.NewGuid().ToString("N")[..6]}"));
        var by = DateTimeOffset.UtcNow.AddDays(7);

        async Task Expect(HttpStatusCode code, object body, string? field = null)
        {
            var r = await c.PostAsJsonAsync("/api/goals", body);
            var text = await r.Content.ReadAsStringAsync();
            Assert.True(code == r.StatusCode, $"{body}: {(int)r.StatusCode} {text}");
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
            if (field is not null) Assert.Contains($"\"{field}", text);
        }

        await Expect(HttpStatusCode.BadRequest, new { pairId, brandId, target = 60, by }, "pairId");
        await Expect(HttpStatusCode.BadRequest, new { target = 60, by }, "pairId");
        await Expect(HttpStatusCode.BadRequest, new { brandId, target = 101, by }, "target");
        await Expect(HttpStatusCode.BadRequest, new { brandId, target = -1, by }, "target");
        await Expect(HttpStatusCode.BadRequest, new { brandId, by }, "target");
        await Expect(HttpStatusCode.BadRequest, new { brandId, target = 60, by = DateTimeOffset.UtcNow.AddDays(-1) }, "by");
        await Expect(HttpStatusCode.BadRequest, new { brandId, target = 60 }, "by");
        await Expect(HttpStatusCode.BadRequest, new { brandId, target = 60, by, milestones = new[] { new { at = by.AddDays(1), target = 55 } } }, "milestones[0].at");
        await Expect(HttpStatusCode.BadRequest, new { brandId, target = 60, by, milestones = new[] { new { at = by.AddDays(-1), target = 555 } } }, "milestones[0].target");
        await Expect(HttpStatusCode.BadRequest, new { brandId, target = 60, by = "9999-12-31T00:00:00Z" }, "by");
        await Expect(HttpStatusCode.BadRequest, new { brandId, target = 1e300, by }, "target");
        await Expect(HttpStatusCode.BadRequest, new { brandId, target = 60, by, milestones = new object?[] { null } }, "milestones[0]");
        await Expect(HttpStatusCode.BadRequest, new { brandId = -3, target = 60, by }, "brandId");
        foreach (var raw in new[] { "[]", "\"goal\"", "null", "{\"brandId\": \"x\", \"target\": 60}", "{\"brandId\": 1, \"target\": \"high\"}", "{\"brandId\": 1, \"by\": \"soon\"}", "{" })
        {
            var r = await c.PostAsync("/api/goals", new StringContent(raw, System.Text.Encoding.UTF8, "application/json"));
            Assert.True(r.StatusCode == HttpStatusCode.BadRequest, $"{raw}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        }
        await Expect(HttpStatusCode.NotFound, new { pairId = pairId + 100_000, target = 60, by });
        await Expect(HttpStatusCode.NotFound, new { brandId = brandId + 100_000, target = 60, by });
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync("/api/goals/987654321")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await c.GetAsync("/api/goals")).StatusCode);

        // A viewer reads goals but does not set them; a key limited to another brand sees none of this one's.
        var viewer = await KeyAsync(c, "viewer", null);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/goals", new { brandId, target = 60, by })).StatusCode);
        var id = (await (await c.PostAsJsonAsync("/api/goals", new { pairId, target = 60, by })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Web))
            .GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/goals/{id}")).StatusCode);
        var other = await KeyAsync(c, "analyst", await c.BrandAsync(Unique("Other")));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/goals/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync("/api/goals", new { pairId, target = 60, by })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/api/goals/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/brands/{brandId}/voices")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/brands/{brandId}/aspects")).StatusCode);

        // A goal goes with its pair, and a brand's with the brand.
        var brandGoal = (await (await c.PostAsJsonAsync("/api/goals", new { brandId, target = 60, by })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Web))
            .GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await c.DeleteAsync($"/api/pairs/{pairId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync($"/api/goals/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync($"/api/goals/{brandGoal}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await c.DeleteAsync($"/api/brands/{brandId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync($"/api/goals/{brandGoal}")).StatusCode);
    }

    [Fact]
    public async Task Voices_rank_a_prolific_positive_loud_author_above_many_casual_ones_and_tracking_takes_two_calls()
    {
        var c = App.Client();
        var brand = Unique("Kettle & Crumb");
        var brandId = await c.BrandAsync(brand);
        var now = DateTimeOffset.UtcNow;
        var star = $"bakerbee{Guid.NewGuid().ToString("N")[..6]}";
        var mentions = new List<object>();
        for (var i = 0; i < 8; i++)
            mentions.Add(Mention(Guid.NewGuid().ToString(), $"Another morning at {brand}: the sourdough is unreal, best bakery in town, love it!", now.AddHours(-i * 20),
                "@" + star.ToUpperInvariant(), 250_000, source: "bluesky"));
        for (var i = 0; i < 15; i++)
            mentions.Add(Mention(Guid.NewGuid().ToString(), i % 3 == 0 ? $"{brand} was fine I guess" : $"had a nice croissant at {brand}", now.AddHours(-i * 5),
                $"casual{i}", 40, source: "bluesky"));
        mentions.Add(Mention(Guid.NewGuid().ToString(), $"{brand} again, lovely", now.AddDays(-45), "oldtimer", 900_000, source: "bluesky")); // outside the window
        (await c.PostAsJsonAsync("/api/mentions", mentions)).EnsureSuccessStatusCode();

        // A brand nobody has written about yet has no voices, over any window (its pages open: they were a 500).
        var quiet = await c.BrandAsync(Unique("Quiet Corner"));
        foreach (var window in new[] { "", $"?from={now.AddDays(-366):O}&to={now:O}".Replace("+", "%2B") })
            Assert.Equal(0, (await c.GetFromJsonAsync<JsonElement>($"/api/brands/{quiet}/voices{window}", Web)).GetArrayLength());

        var voices = (await c.GetFromJsonAsync<JsonElement>($"/api/brands/{brandId}/voices", Web)).EnumerateArray().ToList();
        Assert.Equal(16, voices.Count);
        var top = voices[0];
        Assert.Equal(star, top.GetProperty("handle").GetString());                  // the handle as a tracker names it
        Assert.Equal("bluesky", top.GetProperty("platform").GetString());
        Assert.Equal(8, top.GetProperty("mentions").GetInt64());
        Assert.Equal(250_000, top.GetProperty("reach").GetInt64());
        Assert.True(top.GetProperty("polarity").GetDouble() > 0.3, top.ToString());
        Assert.Equal(JsonValueKind.Null, top.GetProperty("influencerId").ValueKind);
        Assert.Equal(JsonValueKind.Null, top.GetProperty("pairId").ValueKind);
        Assert.True(top.GetProperty("suggested").GetBoolean(), top.ToString());     // eight loud posts: past Strategy:SuggestWeight
        Assert.DoesNotContain(voices.Skip(1), v => v.GetProperty("suggested").GetBoolean()); // one casual post each: below it
        var weights = voices.Select(v => v.GetProperty("weight").GetDouble()).ToList();
        Assert.Equal(weights.OrderDescending(), weights);                           // heaviest first
        Assert.True(weights[0] > 2 * weights[1], string.Join(", ", weights));
        Assert.DoesNotContain(voices, v => v.GetProperty("handle").GetString() == "oldtimer");
        Assert.Equal(3, (await c.GetFromJsonAsync<JsonElement>($"/api/brands/{brandId}/voices?limit=3", Web)).GetArrayLength());
        var longer = await c.GetFromJsonAsync<JsonElement>($"/api/brands/{brandId}/voices?from={Uri.EscapeDataString(now.AddDays(-60).ToString("O"))}", Web);
        Assert.Contains(longer.EnumerateArray(), v => v.GetProperty("handle").GetString() == "oldtimer");

        // Tracking the voice takes two calls: the influencer with her handle, then the pair.
        var influencer = await (await c.PostAsJsonAsync("/api/influencers", new { name = Unique("Bee"), handles = new Dictionary<string, string> { ["bluesky"] = star } }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Web);
        (await c.PostAsJsonAsync("/api/pairs", new { brandId, influencerId = influencer.GetProperty("id").GetInt64() })).EnsureSuccessStatusCode();
        var tracked = (await c.GetFromJsonAsync<JsonElement>($"/api/brands/{brandId}/voices?limit=1", Web))[0];
        Assert.Equal(influencer.GetProperty("id").GetInt64(), tracked.GetProperty("influencerId").GetInt64());
        Assert.True(tracked.GetProperty("pairId").GetInt64() > 0, tracked.ToString());
        Assert.False(tracked.GetProperty("suggested").GetBoolean(), tracked.ToString()); // followed now: no longer suggested

        foreach (var bad in new[] { "limit=0", "limit=101", "limit=x", "from=2026-13-01", $"from={Uri.EscapeDataString(now.ToString("O"))}&to={Uri.EscapeDataString(now.AddDays(-1).ToString("O"))}",
                     $"from={Uri.EscapeDataString(now.AddDays(-400).ToString("O"))}" })
            Assert.Equal(HttpStatusCode.BadRequest, (await c.GetAsync($"/api/brands/{brandId}/voices?{bad}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync($"/api/brands/{brandId + 100_000}/voices")).StatusCode);
    }

    [Fact]
    public async Task Voices_weigh_an_author_the_score_doubts_below_an_equally_prolific_genuine_one()
    {
        var c = App.Client();
        var brand = Unique("Lantern Roasters");
        var brandId = await c.BrandAsync(brand);
        var now = DateTimeOffset.UtcNow;
        var tag = Guid.NewGuid().ToString("N")[..6];
        var genuine = $"regular{tag}";
        var fresh = $"fresh{tag}";
        var posts = new List<object>();
        for (var i = 0; i < 6; i++)
        {
            var at = now.AddHours(-3 - i * 7);
            var text = $"{brand} roasts the best beans in town, I love their espresso ({i})";
            // The same words, reach and engagement: only the profiles differ (AuthenticityApiTests' two kinds of account).
            posts.Add(new
            {
                source = "bluesky", externalId = $"{tag}-g{i}", text, createdAt = at, url = $"https://example.org/{tag}/g{i}", lang = "en",
                author = new { handle = genuine, followers = 0, following = 60, posts = 1_800, createdAt = at.AddYears(-3).ToString("O") },
                engagement = new { likes = 2, reposts = 0, replies = 1 },
            });
            posts.Add(new
            {
                source = "bluesky", externalId = $"{tag}-f{i}", text, createdAt = at, url = $"https://example.org/{tag}/f{i}", lang = "en",
                author = new { handle = fresh, followers = 0, following = 3_000, posts = 25, createdAt = now.AddDays(-1).ToString("O") },
                engagement = new { likes = 2, reposts = 0, replies = 1 },
            });
        }
        (await c.PostAsJsonAsync("/api/mentions", posts)).EnsureSuccessStatusCode();

        var voices = (await c.GetFromJsonAsync<JsonElement>($"/api/brands/{brandId}/voices", Web)).EnumerateArray().ToList();
        Assert.Equal([genuine, fresh], voices.Select(v => v.GetProperty("handle").GetString()));
        Assert.Equal(6, voices[0].GetProperty("mentions").GetInt64());
        Assert.Equal(6, voices[1].GetProperty("mentions").GetInt64());
        // The score's authenticity weight (a day-old account following 3,000 and followed by nobody: the floor, 0.2) on every mention.
        Assert.Equal(0.2, voices[1].GetProperty("weight").GetDouble() / voices[0].GetProperty("weight").GetDouble(), 0.005); // weights are rounded to 3 places
        Assert.True(voices[1].GetProperty("weight").GetDouble() > 0, voices[1].ToString());
        Assert.Equal(voices[0].GetProperty("polarity").GetDouble(), voices[1].GetProperty("polarity").GetDouble(), 1e-3);
    }

    [Fact]
    public async Task Which_brands_she_moves_ranks_the_brands_her_handles_wrote_about_heaviest_first_with_her_pairs()
    {
        var c = App.Client();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var loved = Unique("Juniper Bakes");
        var liked = Unique("Fern Florist");
        var unnamed = Unique("Cedar Cycles");
        var lovedId = await c.BrandAsync(loved);
        var likedId = await c.BrandAsync(liked);
        var unnamedId = await c.BrandAsync(unnamed);
        var influencer = await (await c.PostAsJsonAsync("/api/influencers", new
        {
            name = Unique("Mira"), handles = new Dictionary<string, string> { ["bluesky"] = $"mira{tag}", ["mastodon"] = $"@Mira{tag}" },
        })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Web);
        var id = influencer.GetProperty("id").GetInt64();
        var pairId = await c.PairAsync(lovedId, id);
        var now = DateTimeOffset.UtcNow;
        var posts = new List<object>();
        for (var i = 0; i < 5; i++)
            posts.Add(Mention(Guid.NewGuid().ToString(), $"{loved} sourdough again, the best bakery in town, I adore it ({i})", now.AddHours(-i * 30), $"mira{tag}", 80_000, source: "bluesky"));
        posts.Add(Mention(Guid.NewGuid().ToString(), $"picked up tulips at {liked}, nice enough", now.AddHours(-3), $"MIRA{tag}", 80_000, source: "bluesky"));
        posts.Add(Mention(Guid.NewGuid().ToString(), $"{liked} had lovely peonies today", now.AddHours(-4), $"mira{tag}", 1_200, source: "mastodon"));
        posts.Add(Mention(Guid.NewGuid().ToString(), $"{unnamed} fixed my bike fast, great people", now.AddHours(-2), $"someoneelse{tag}", 90_000, source: "bluesky"));
        posts.Add(Mention(Guid.NewGuid().ToString(), $"{loved} is wonderful", now.AddDays(-50), $"mira{tag}", 80_000, source: "bluesky")); // outside the window
        (await c.PostAsJsonAsync("/api/mentions", posts)).EnsureSuccessStatusCode();

        var brands = (await c.GetFromJsonAsync<JsonElement>($"/api/influencers/{id}/brands", Web)).EnumerateArray().ToList();
        Assert.Equal([lovedId, likedId], brands.Select(b => b.GetProperty("brandId").GetInt64()));
        Assert.Equal(loved, brands[0].GetProperty("brandName").GetString());
        Assert.Equal(5, brands[0].GetProperty("mentions").GetInt64());
        Assert.Equal(pairId, brands[0].GetProperty("pairId").GetInt64());
        Assert.Equal(80_000, brands[0].GetProperty("reach").GetInt64());
        Assert.True(brands[0].GetProperty("polarity").GetDouble() > 0.3, brands[0].ToString());
        Assert.True(brands[0].GetProperty("weight").GetDouble() > brands[1].GetProperty("weight").GetDouble(), $"{brands[0]} {brands[1]}");
        Assert.Equal(2, brands[1].GetProperty("mentions").GetInt64());   // both her handles count
        Assert.Equal(JsonValueKind.Null, brands[1].GetProperty("pairId").ValueKind);

        // The same figures the brand's own voices read shows for her handle.
        var voice = (await c.GetFromJsonAsync<JsonElement>($"/api/brands/{lovedId}/voices", Web)).EnumerateArray().Single(v => v.GetProperty("handle").GetString() == $"mira{tag}");
        Assert.Equal(voice.GetProperty("weight").GetDouble(), brands[0].GetProperty("weight").GetDouble(), 0.002);
        Assert.Equal(6, (await c.GetFromJsonAsync<JsonElement>($"/api/influencers/{id}/brands?from={Uri.EscapeDataString(now.AddDays(-60).ToString("O"))}", Web))[0]
            .GetProperty("mentions").GetInt64());
        Assert.Single((await c.GetFromJsonAsync<JsonElement>($"/api/influencers/{id}/brands?limit=1", Web)).EnumerateArray());

        // A key limited to one brand sees that brand only; bad windows are a 400, an unknown influencer a 404.
        var limited = await KeyAsync(c, "viewer", likedId);
        Assert.Equal([likedId], (await limited.GetFromJsonAsync<JsonElement>($"/api/influencers/{id}/brands", Web)).EnumerateArray().Select(b => b.GetProperty("brandId").GetInt64()));
        foreach (var bad in new[] { "limit=0", "limit=101", "from=2026-13-01", $"from={Uri.EscapeDataString(now.AddDays(-400).ToString("O"))}" })
        {
            var r = await c.GetAsync($"/api/influencers/{id}/brands?{bad}");
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Contains(bad.Split('=')[0], await r.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync($"/api/influencers/{id + 100_000}/brands")).StatusCode);
        Assert.DoesNotContain(unnamedId, brands.Select(b => b.GetProperty("brandId").GetInt64()));
    }

    [Fact]
    public async Task Aspects_put_the_slated_aspect_where_it_needs_attention_and_the_praised_one_above_zero()
    {
        var c = App.Client();
        var brand = Unique("The Gilded Salmon");
        var brandId = await c.BrandAsync(brand);
        var now = DateTimeOffset.UtcNow;
        var texts = new[]
        {
            $"The staff at {brand} were lovely and so friendly, but the prices are outrageous and a total rip-off.",
            $"Our waiter at {brand} was a delight, but the bill was a joke, way overpriced.",
            $"{brand}: great service from the staff, but the price was ridiculous for what you get.",
            $"Friendly staff at {brand}, however it is far too expensive, not worth the money.",
            $"{brand} is a rip-off, overpriced and not worth it.",
            $"Prices at {brand} went up again, so expensive now, awful value.",
            $"Went to {brand} on Friday.",
        };
        (await c.PostAsJsonAsync("/api/mentions", texts.Select((t, i) => Mention(Guid.NewGuid().ToString(), t, now.AddHours(-i), $"guest{i}", 300)).ToList()))
            .EnsureSuccessStatusCode();

        var aspects = (await c.GetFromJsonAsync<JsonElement>($"/api/brands/{brandId}/aspects", Web)).EnumerateArray()
            .ToDictionary(a => a.GetProperty("aspect").GetString()!);
        var price = aspects["price"];
        var staff = aspects["staff"];
        Assert.Equal(6, price.GetProperty("mentions").GetInt64());
        Assert.Equal(4, staff.GetProperty("mentions").GetInt64());
        Assert.True(price.GetProperty("performance").GetDouble() < -0.3, price.ToString());
        Assert.True(staff.GetProperty("performance").GetDouble() > 0.3, staff.ToString());
        Assert.True(price.GetProperty("importance").GetDouble() > staff.GetProperty("importance").GetDouble(), $"{price} {staff}");
        Assert.InRange(price.GetProperty("importance").GetDouble(), 0, 1);
        Assert.Equal("concentrateHere", price.GetProperty("quadrant").GetString());
        Assert.Equal("possibleOverkill", staff.GetProperty("quadrant").GetString());
        Assert.DoesNotContain("delivery", aspects.Keys);

        Assert.Empty((await c.GetFromJsonAsync<JsonElement>($"/api/brands/{brandId}/aspects?from={Uri.EscapeDataString(now.AddDays(-90).ToString("O"))}&to={Uri.EscapeDataString(now.AddDays(-60).ToString("O"))}", Web)).EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await c.GetAsync($"/api/brands/{brandId}/aspects?to=yesterday")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync($"/api/brands/{brandId + 100_000}/aspects")).StatusCode);
    }

    [Fact]
    public async Task An_aspect_in_a_post_naming_two_brands_counts_for_the_brand_whose_clause_it_is_in()
    {
        var c = App.Client();
        var knits = Unique("Lumen Knits");
        var salmon = Unique("Gilded Salmon");
        var knitsId = await c.BrandAsync(knits);
        var salmonId = await c.BrandAsync(salmon);
        var now = DateTimeOffset.UtcNow;
        var texts = new[]
        {
            $"Loved my {knits} sweater but the {salmon} waiters were rude",
            $"So happy with my new {knits} cardigan, but the {salmon} staff were awful and rude to us",
            $"Wore my lovely {knits} jumper to dinner. The waiter at {salmon} was rude and ignored us.",
            $"{salmon}: rude staff, terrible service. {knits}: beautiful wool, great quality.",
        };
        (await c.PostAsJsonAsync("/api/mentions", texts.Select((t, i) => Mention(Guid.NewGuid().ToString(), t, now.AddHours(-i), $"diner{i}", 300)).ToList()))
            .EnsureSuccessStatusCode();

        async Task<Dictionary<string, JsonElement>> AspectsAsync(long id) =>
            (await c.GetFromJsonAsync<JsonElement>($"/api/brands/{id}/aspects", Web)).EnumerateArray().ToDictionary(a => a.GetProperty("aspect").GetString()!);
        var restaurant = await AspectsAsync(salmonId);
        var sweaters = await AspectsAsync(knitsId);
        Assert.Equal(["staff"], restaurant.Keys);                                  // the sweaters are not the restaurant's
        Assert.Equal(4, restaurant["staff"].GetProperty("mentions").GetInt64());
        Assert.True(restaurant["staff"].GetProperty("performance").GetDouble() < 0, restaurant["staff"].ToString());
        Assert.Equal(["quality"], sweaters.Keys);                                  // the waiters are not Lumen Knits'
        Assert.Equal(4, sweaters["quality"].GetProperty("mentions").GetInt64());
        Assert.True(sweaters["quality"].GetProperty("performance").GetDouble() > 0, sweaters["quality"].ToString());
    }

    [Fact]
    public async Task An_alert_card_names_the_aspects_its_posts_name_about_the_alert_s_brand_only()
    {
        var c = App.Client();
        var knits = Unique("Lumen Knits");
        var salmon = Unique("Gilded Salmon");
        var knitsId = await c.BrandAsync(knits);
        await c.BrandAsync(salmon);
        var now = DateTimeOffset.UtcNow;
        (await c.PostAsJsonAsync("/api/mentions", Complaints.CalmPast(knits, now))).EnsureSuccessStatusCode();
        // The demo's case: complaints about the sweaters in posts praising the restaurant's waiters.
        var burst = Enumerable.Range(0, 25).Select(i => Mention(Guid.NewGuid().ToString(),
            $"The {knits} sweater was awful and fell apart after {i + 2} washes, but the {salmon} waiters were lovely", now.AddMinutes(-15 + i * 0.5), $"unhappy{i}", 40_000)).ToList();
        (await c.PostAsJsonAsync("/api/mentions", burst)).EnsureSuccessStatusCode();

        JsonElement alert = default;
        for (var i = 0; i < 300 && alert.ValueKind != JsonValueKind.Object; i++)
        {
            alert = (await c.GetFromJsonAsync<JsonElement>("/api/alerts?status=open", Web)).EnumerateArray().FirstOrDefault(a =>
                a.GetProperty("brandId").ValueKind == JsonValueKind.Number && a.GetProperty("brandId").GetInt64() == knitsId && a.GetProperty("kind").GetString() == "negativeSpike");
            if (alert.ValueKind != JsonValueKind.Object) await Task.Delay(200);
        }
        Assert.Equal(JsonValueKind.Object, alert.ValueKind);
        var posts = alert.GetProperty("card").GetProperty("posts").EnumerateArray().ToList();
        Assert.NotEmpty(posts);
        Assert.All(posts, p =>
        {
            Assert.Contains(salmon, p.GetProperty("text").GetString());
            Assert.Equal(["quality"], p.GetProperty("aspects").EnumerateArray().Select(a => a.GetString()));   // the waiters are the restaurant's
            Assert.EndsWith("about quality", p.GetProperty("byline").GetString());
        });
    }

    [Fact]
    public async Task A_list_of_a_brand_s_mentions_tags_each_with_the_aspects_it_names_about_that_brand()
    {
        var c = App.Client();
        var knits = Unique("Corrie Knitworks");
        var salmon = Unique("Brass Heron Grill");
        var knitsId = await c.BrandAsync(knits);
        var salmonId = await c.BrandAsync(salmon);
        var handle = $"tova{Guid.NewGuid().ToString("N")[..6]}";
        var influencerId = await c.InfluencerAsync("Tova " + handle, handle);
        await c.PairAsync(salmonId, influencerId);
        var text = $"Loved my {knits} sweater but the {salmon} waiters were rude to Tova {handle}";
        (await c.PostAsJsonAsync("/api/mentions", new[] { Mention(Guid.NewGuid().ToString(), text, DateTimeOffset.UtcNow.AddMinutes(-5), "diner", 300) }))
            .EnsureSuccessStatusCode();

        async Task<string[]> AspectsListedAsync(string query) =>
            Assert.Single((await c.GetFromJsonAsync<JsonElement>($"/api/mentions?{query}", Web)).GetProperty("items").EnumerateArray(), m => m.GetProperty("text").GetString() == text)
                .GetProperty("aspects").EnumerateArray().Select(a => a.GetString()!).ToArray();
        Assert.Equal(["quality"], await AspectsListedAsync($"brandId={knitsId}"));                              // the waiters are the restaurant's
        Assert.Equal(["staff"], await AspectsListedAsync($"brandId={salmonId}"));                               // the sweater is Lumen Knits'
        Assert.Equal(["staff"], await AspectsListedAsync($"brandId={salmonId}&influencerId={influencerId}"));   // the pair page's list
        Assert.Equal(["quality", "staff"], (await AspectsListedAsync($"influencerId={influencerId}")).Order()); // no brand: every aspect it names
    }

    [Fact]
    public async Task A_goal_whose_projection_misses_its_next_milestone_raises_one_goalAtRisk_alert_per_milestone_and_keeps_its_history()
    {
        var c = App.Client();
        var brand = Unique("Harbour Roasters");
        var handle = $"ida{Guid.NewGuid().ToString("N")[..6]}";
        var brandId = await c.BrandAsync(brand);
        var pairId = await c.PairAsync(brandId, await c.InfluencerAsync("Ida " + handle, handle));
        var now = DateTimeOffset.UtcNow;
        var by = now.AddDays(30);

        // Neutral score, no trend: the projection (50) misses the milestone of 65 in five days.
        var goal = await (await c.PostAsJsonAsync("/api/goals", new { pairId, target = 70, by, milestones = new[] { new { at = now.AddDays(5), target = 65 } } }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Web);
        var id = goal.GetProperty("id").GetInt64();
        var first = await GoalAlertsAsync(c, pairId, n => n >= 1);
        var alert = Assert.Single(first);
        Assert.Equal("open", alert.GetProperty("status").GetString());
        Assert.Equal("Goal at risk", alert.GetProperty("card").GetProperty("kindText").GetString());
        Assert.Contains("short of the milestone of 65", alert.GetProperty("summary").GetString());
        Assert.Equal(15, alert.GetProperty("value").GetDouble(), 0.5);                                // 65 − 50 points short
        Assert.Contains(alert.GetProperty("card").GetProperty("figures").EnumerateArray(), f => f.GetString()!.Contains("short of the next milestone"));
        var alertId = alert.GetProperty("id").GetInt64();
        await WaitForAsync(() => App.Webhooks.Received.Any(h => h.GetProperty("id").GetInt64() == alertId && h.GetProperty("kind").GetString() == "goalAtRisk"),
            "the goalAtRisk alert on the webhook");

        // Checked again and again (every second here): still one alert for that milestone.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(await GoalAlertsAsync(c, pairId, _ => true));
        var history = await HistoryAsync(c, id);
        Assert.Equal("created", history[^1].GetProperty("kind").GetString());
        Assert.Single(history, e => e.GetProperty("kind").GetString() == "status" && e.GetProperty("status").GetString() == "atRisk");
        Assert.Equal(alertId, Assert.Single(history, e => e.GetProperty("kind").GetString() == "alertRaised").GetProperty("alertId").GetInt64());

        // Edited to a new milestone that the projection misses too: the first alert resolves itself, one new alert opens.
        var edited = await c.PutAsJsonAsync($"/api/goals/{id}", new { target = 70, by, milestones = new[] { new { at = now.AddDays(3), target = 60 } } });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(60, (await edited.Content.ReadFromJsonAsync<JsonElement>(Web)).GetProperty("milestones")[0].GetProperty("target").GetDouble());
        var second = await GoalAlertsAsync(c, pairId, n => n >= 2);
        Assert.Equal(2, second.Count);
        Assert.Equal("resolved", second.Single(a => a.GetProperty("id").GetInt64() == alertId).GetProperty("status").GetString());
        Assert.Contains("milestone of 60", second.Single(a => a.GetProperty("id").GetInt64() != alertId).GetProperty("summary").GetString());

        // Edited to a target the score already meets: met, and the open alert resolves itself.
        (await c.PutAsJsonAsync($"/api/goals/{id}", new { target = 45, by })).EnsureSuccessStatusCode();
        await WaitForAsync(async () => (await HistoryAsync(c, id)).Any(e => e.GetProperty("kind").GetString() == "status" && e.GetProperty("status").GetString() == "met"),
            "the met status in the history");
        await WaitForAsync(async () => (await GoalAlertsAsync(c, pairId, _ => true)).All(a => a.GetProperty("status").GetString() == "resolved"), "both alerts resolved");
        history = await HistoryAsync(c, id);
        Assert.Equal(2, history.Count(e => e.GetProperty("kind").GetString() == "edited"));
        Assert.Equal(2, history.Count(e => e.GetProperty("kind").GetString() == "alertResolved"));
        Assert.Equal(2, (await GoalAlertsAsync(c, pairId, _ => true)).Count);                           // nothing new while met

        // Bad edits are clear problems; a goal's pair cannot change.
        Assert.Equal(HttpStatusCode.BadRequest, (await c.PutAsJsonAsync($"/api/goals/{id}", new { target = 101, by })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await c.PutAsJsonAsync($"/api/goals/{id}", new { target = 60, by = now.AddDays(-1) })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await c.PutAsJsonAsync($"/api/goals/{id}", new { pairId = pairId + 1, target = 60, by })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.PutAsJsonAsync($"/api/goals/{id + 100_000}", new { target = 60, by })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await c.DeleteAsync($"/api/goals/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync($"/api/goals/{id}/history")).StatusCode);
    }

    [Fact]
    public async Task Share_of_voice_compares_a_brand_with_the_competitors_it_names_from_the_rollups()
    {
        var c = App.Client();
        var (a, b, d) = (Unique("Northwind Cafe"), Unique("Southgate Cafe"), Unique("Eastend Cafe"));
        var (aId, bId, dId) = (await c.BrandAsync(a), await c.BrandAsync(b), await c.BrandAsync(d));
        var now = DateTimeOffset.UtcNow;
        string[] praise = ["lovely breakfast at {0}, wonderful", "{0} made my morning, brilliant coffee", "so happy with {0} today, great team",
            "{0} never fails, fantastic pastries", "best brunch in town is {0}, love it", "{0} was a delight again, superb"];
        string[] gripes = ["{0} was awful today, cold and rude", "never again at {0}, terrible", "{0} has gone downhill, disappointing and dirty"];
        var mentions = praise.Select((t, i) => Mention(Guid.NewGuid().ToString(), string.Format(t, a), now.AddHours(-1 - i), $"morning{i}", 500))
            .Concat(gripes.Select((t, i) => Mention(Guid.NewGuid().ToString(), string.Format(t, b), now.AddHours(-2 - i), $"grump{i}", 500)))
            .Append(Mention(Guid.NewGuid().ToString(), $"walked past {d} on Tuesday", now.AddHours(-3), "passerby", 500))
            .Concat(praise.Take(2).Select((t, i) => Mention(Guid.NewGuid().ToString(), string.Format(t, a), now.AddDays(-10).AddHours(-i), $"earlybird{i}", 500)))
            .ToList();
        (await c.PostAsJsonAsync("/api/mentions", mentions)).EnsureSuccessStatusCode();

        var set = await c.PutAsJsonAsync($"/api/brands/{aId}/competitors", new { competitorIds = new[] { dId, bId, bId } });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal([bId, dId], (await set.Content.ReadFromJsonAsync<JsonElement>(Web)).EnumerateArray().Select(x => x.GetProperty("id").GetInt64()));
        var named = await c.GetFromJsonAsync<JsonElement>($"/api/brands/{aId}/competitors", Web);
        Assert.Equal([b, d], named.EnumerateArray().Select(x => x.GetProperty("name").GetString()));

        var sov = (await c.GetFromJsonAsync<JsonElement>($"/api/brands/{aId}/share-of-voice", Web)).EnumerateArray().ToList();
        Assert.Equal([aId, bId, dId], sov.Select(x => x.GetProperty("brandId").GetInt64()));
        Assert.False(sov[0].GetProperty("competitor").GetBoolean());
        Assert.True(sov[1].GetProperty("competitor").GetBoolean());
        Assert.Equal([8L, 3L, 1L], sov.Select(x => x.GetProperty("mentions").GetInt64()));
        Assert.Equal(8 / 12.0, sov[0].GetProperty("share").GetDouble(), 1e-3);
        Assert.True(sov[0].GetProperty("polarity").GetDouble() > 0.3, sov[0].ToString());
        Assert.True(sov[1].GetProperty("polarity").GetDouble() < -0.3, sov[1].ToString());
        Assert.True(sov[0].GetProperty("score").GetDouble() > sov[1].GetProperty("score").GetDouble());
        // By day: each day's shares add up to one; ten days ago only the brand was talked about.
        foreach (var day in sov.SelectMany(x => x.GetProperty("series").EnumerateArray()).GroupBy(p => p.GetProperty("at").GetDateTimeOffset()))
            Assert.Equal(1, day.Sum(p => p.GetProperty("share").GetDouble()), 1e-3);
        var early = sov[0].GetProperty("series").EnumerateArray().First();
        Assert.Equal(2, early.GetProperty("mentions").GetInt64());
        Assert.Equal(1, early.GetProperty("share").GetDouble(), 1e-9);
        var hourly = (await c.GetFromJsonAsync<JsonElement>($"/api/brands/{aId}/share-of-voice?from={Uri.EscapeDataString(now.AddDays(-2).ToString("O"))}&bucket=hour", Web))[0];
        Assert.Equal(6, hourly.GetProperty("series").EnumerateArray().Count(p => p.GetProperty("mentions").GetInt64() > 0)); // an hour apart each

        // Clear problems: itself, an unknown brand, too many, a bad bucket; unknown brand 404; [] names none.
        foreach (var bad in new object[] { new { competitorIds = new[] { aId } }, new { competitorIds = new[] { bId + 100_000 } }, new { competitorIds = (long[]?)null },
                     new { competitorIds = Enumerable.Range(1, 11).Select(i => (long)i).ToArray() } })
            Assert.Equal(HttpStatusCode.BadRequest, (await c.PutAsJsonAsync($"/api/brands/{aId}/competitors", bad)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await c.GetAsync($"/api/brands/{aId}/share-of-voice?bucket=minute")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await c.GetAsync($"/api/brands/{aId}/share-of-voice?from={Uri.EscapeDataString(now.AddDays(-400).ToString("O"))}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync($"/api/brands/{aId + 100_000}/share-of-voice")).StatusCode);
        (await c.PutAsJsonAsync($"/api/brands/{aId}/competitors", new { competitorIds = Array.Empty<long>() })).EnsureSuccessStatusCode();
        Assert.Single((await c.GetFromJsonAsync<JsonElement>($"/api/brands/{aId}/share-of-voice", Web)).EnumerateArray());
    }

    /// <summary>The pair's goalAtRisk alerts, once <paramref name="enough"/> holds for their count (waits up to 30 s).</summary>
    private static async Task<List<JsonElement>> GoalAlertsAsync(HttpClient c, long pairId, Func<int, bool> enough)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var alerts = (await c.GetFromJsonAsync<JsonElement>("/api/alerts", Web)).EnumerateArray()
                .Where(a => a.GetProperty("kind").GetString() == "goalAtRisk" && a.GetProperty("pairId").ValueKind == JsonValueKind.Number && a.GetProperty("pairId").GetInt64() == pairId)
                .ToList();
            if (enough(alerts.Count)) return alerts;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"goalAtRisk alerts of pair {pairId}: {alerts.Count}");
            await Task.Delay(250);
        }
    }

    private static async Task<List<JsonElement>> HistoryAsync(HttpClient c, long goalId) =>
        (await c.GetFromJsonAsync<JsonElement>($"/api/goals/{goalId}/history", Web)).EnumerateArray().ToList();

    private static Task WaitForAsync(Func<bool> condition, string what) => WaitForAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("waited 30 s for " + what);
            await Task.Delay(250);
        }
    }

    private static async Task<JsonElement> GoalAsync(HttpClient c, long id) => await c.GetFromJsonAsync<JsonElement>($"/api/goals/{id}", Web);

    private static async Task<double> ScoreAsync(HttpClient c, long pairId) =>
        (await c.GetFromJsonAsync<JsonElement>($"/api/pairs/{pairId}", Web)).GetProperty("score").GetDouble();

    private async Task<HttpClient> KeyAsync(HttpClient admin, string role, long? brandId)
    {
        var key = await (await admin.PostAsJsonAsync("/api/keys", new { name = Unique(role), role, brandIds = brandId is { } b ? new[] { b } : null }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Web);
        return App.Client(key.GetProperty("key").GetString());
    }
}
