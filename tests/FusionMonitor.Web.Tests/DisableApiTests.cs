using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Web.Tests.Infrastructure;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

public sealed class DisableApiTestsOnPostgres(FusionApp app) : DisableApiTests(app), IClassFixture<FusionApp>;

public sealed class DisableApiTestsOnSqlite(SqliteFusionApp app) : DisableApiTests(app), IClassFixture<SqliteFusionApp>;

/// <summary>
/// Disabling through the HTTP API on each database (issue 20): <c>PUT</c> with <c>enabled: false</c> pauses a brand,
/// an influencer or a pair (new mentions move none of it; its history stays readable; <c>enabled: true</c> resumes
/// it) and shuts out a user (the keys issued for them get a 401 that says why) or a key; bad input is a 400 naming
/// the field, an unknown id a 404.
/// </summary>
public abstract class DisableApiTests(FusionApp app)
{
    private static async Task<JsonElement> Json(HttpResponseMessage r) => await r.Content.ReadFromJsonAsync<JsonElement>();

    private static async Task<JsonElement> PairAsync(HttpClient c, long pairId) => await c.GetFromJsonAsync<JsonElement>($"/api/pairs/{pairId}");

    private static async Task<int> MentionCountAsync(HttpClient c, string query) =>
        (await c.GetFromJsonAsync<JsonElement>($"/api/mentions?{query}&limit=1000")).GetProperty("items").GetArrayLength();

    /// <summary>Five negative posts by different people in their own words naming the brand and the influencer.</summary>
    private static List<object> Complaining(string brand, string handle, string tag, DateTimeOffset now) =>
        Complaints.Texts.Take(5).Select((t, i) => Mention($"{tag}-{i}-{Guid.NewGuid():N}", $"@{handle} " + string.Format(t, brand), now.AddMinutes(-5 + i),
            $"{tag}{i}", 20_000)).ToList();

    private static async Task PostAsync(HttpClient c, List<object> mentions) =>
        (await c.PostAsJsonAsync("/api/mentions", mentions)).EnsureSuccessStatusCode();

    [Fact]
    public async Task A_disabled_brand_matches_no_new_mentions_moves_no_score_and_resumes_when_enabled()
    {
        var c = app.Client();
        var brand = Unique("Pebble Mill");
        var handle = "pia" + Guid.NewGuid().ToString("N")[..6];
        var brandId = await c.BrandAsync(brand);
        var pairId = await c.PairAsync(brandId, await c.InfluencerAsync("Pia " + handle, handle));
        var now = DateTimeOffset.UtcNow;
        await PostAsync(c, Complaining(brand, handle, "before", now.AddMinutes(-30)));
        var before = await PairAsync(c, pairId);
        Assert.True(before.GetProperty("score").GetDouble() < 50);
        var linked = await MentionCountAsync(c, $"brandId={brandId}");

        var put = await c.PutAsJsonAsync($"/api/brands/{brandId}", new { name = brand, enabled = false });

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.False((await Json(put)).GetProperty("enabled").GetBoolean());
        Assert.False((await c.GetFromJsonAsync<JsonElement>($"/api/brands/{brandId}")).GetProperty("enabled").GetBoolean());
        Assert.Contains((await c.GetFromJsonAsync<JsonElement>("/api/brands")).EnumerateArray(),
            b => b.GetProperty("id").GetInt64() == brandId && !b.GetProperty("enabled").GetBoolean());
        await PostAsync(c, Complaining(brand, handle, "paused", now));
        Assert.Equal(linked, await MentionCountAsync(c, $"brandId={brandId}"));
        var paused = await PairAsync(c, pairId);
        Assert.Equal(before.GetProperty("mentions").GetInt64(), paused.GetProperty("mentions").GetInt64());
        Assert.Equal(before.GetProperty("score").GetDouble(), paused.GetProperty("score").GetDouble(), 0.5); // only decay, no new evidence
        // Its history stays readable.
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync($"/api/pairs/{pairId}/scores")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync($"/api/brands/{brandId}/series")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await c.PutAsJsonAsync($"/api/brands/{brandId}", new { name = brand, enabled = true })).StatusCode);
        Assert.True((await c.GetFromJsonAsync<JsonElement>($"/api/brands/{brandId}")).GetProperty("enabled").GetBoolean());
        // Nothing posted while it was paused is lost to it: the catalogue re-match after the change (its 24 h window)
        // links the five stored meanwhile, and they count for its pair.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await MentionCountAsync(c, $"brandId={brandId}") < linked + 5 && waited.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(200);
        Assert.Equal(linked + 5, await MentionCountAsync(c, $"brandId={brandId}"));
        Assert.Equal(before.GetProperty("mentions").GetInt64() + 5, (await PairAsync(c, pairId)).GetProperty("mentions").GetInt64());
        await PostAsync(c, Complaining(brand, handle, "after", now.AddMinutes(1)));
        Assert.Equal(linked + 10, await MentionCountAsync(c, $"brandId={brandId}"));
        Assert.True((await PairAsync(c, pairId)).GetProperty("mentions").GetInt64() >= before.GetProperty("mentions").GetInt64() + 5);
        // Left out, the flag is kept.
        Assert.Equal(HttpStatusCode.OK, (await c.PutAsJsonAsync($"/api/brands/{brandId}", new { name = brand })).StatusCode);
        Assert.True((await c.GetFromJsonAsync<JsonElement>($"/api/brands/{brandId}")).GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task A_disabled_influencer_matches_nothing_new_until_enabled()
    {
        var c = app.Client();
        var brand = Unique("Wren Tea");
        var handle = "ola" + Guid.NewGuid().ToString("N")[..6];
        var brandId = await c.BrandAsync(brand);
        var influencerId = await c.InfluencerAsync("Ola " + handle, handle);
        var pairId = await c.PairAsync(brandId, influencerId);
        var now = DateTimeOffset.UtcNow;
        await PostAsync(c, Complaining(brand, handle, "before", now.AddMinutes(-30)));
        var mentions = (await PairAsync(c, pairId)).GetProperty("mentions").GetInt64();
        var handles = new Dictionary<string, string> { ["bluesky"] = handle };

        var put = await c.PutAsJsonAsync($"/api/influencers/{influencerId}", new { name = "Ola " + handle, handles, enabled = false });

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.False((await c.GetFromJsonAsync<JsonElement>($"/api/influencers/{influencerId}")).GetProperty("enabled").GetBoolean());
        await PostAsync(c, Complaining(brand, handle, "paused", now));
        Assert.Equal(5, await MentionCountAsync(c, $"influencerId={influencerId}"));
        Assert.Equal(mentions, (await PairAsync(c, pairId)).GetProperty("mentions").GetInt64());
        Assert.Equal(10, await MentionCountAsync(c, $"brandId={brandId}")); // the brand is still watched

        Assert.Equal(HttpStatusCode.OK, (await c.PutAsJsonAsync($"/api/influencers/{influencerId}", new { name = "Ola " + handle, handles, enabled = true })).StatusCode);
        await PostAsync(c, Complaining(brand, handle, "after", now.AddMinutes(1)));
        Assert.True((await PairAsync(c, pairId)).GetProperty("mentions").GetInt64() >= mentions + 5);
    }

    [Fact]
    public async Task A_disabled_pair_counts_no_new_co_mentions_and_resumed_counts_those_stored_meanwhile_and_bad_input_is_a_400()
    {
        var c = app.Client();
        var brand = Unique("Lark Shoes");
        var handle = "ivy" + Guid.NewGuid().ToString("N")[..6];
        var brandId = await c.BrandAsync(brand);
        var pairId = await c.PairAsync(brandId, await c.InfluencerAsync("Ivy " + handle, handle));
        var now = DateTimeOffset.UtcNow;
        await PostAsync(c, Complaining(brand, handle, "before", now.AddMinutes(-30)));
        var before = await PairAsync(c, pairId);

        var put = await c.PutAsJsonAsync($"/api/pairs/{pairId}", new { enabled = false });

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.False((await Json(put)).GetProperty("enabled").GetBoolean());
        Assert.False((await PairAsync(c, pairId)).GetProperty("enabled").GetBoolean());
        Assert.Contains((await c.GetFromJsonAsync<JsonElement>($"/api/pairs?brandId={brandId}")).EnumerateArray(),
            p => p.GetProperty("id").GetInt64() == pairId && !p.GetProperty("enabled").GetBoolean());
        await PostAsync(c, Complaining(brand, handle, "paused", now));
        Assert.Equal(before.GetProperty("mentions").GetInt64(), (await PairAsync(c, pairId)).GetProperty("mentions").GetInt64());
        Assert.Equal(10, await MentionCountAsync(c, $"brandId={brandId}")); // stored, with the brand and the influencer

        // Resumed: the five co-mentions stored while it was paused are counted for it (its scope is rebuilt from the
        // stored mentions), so its score and count are what they would be had it never been paused; then new ones count.
        Assert.Equal(HttpStatusCode.OK, (await c.PutAsJsonAsync($"/api/pairs/{pairId}", new { enabled = true })).StatusCode);
        var resumed = await PairAsync(c, pairId);
        Assert.Equal(before.GetProperty("mentions").GetInt64() + 5, resumed.GetProperty("mentions").GetInt64());
        // (age alone would move a score below 50 up, toward neutral; the pair's own component is one of three)
        Assert.True(resumed.GetProperty("score").GetDouble() < before.GetProperty("score").GetDouble() - 0.1,
            $"five more complaints should lower the score: {before.GetProperty("score")} -> {resumed.GetProperty("score")}");
        // Resuming a pair that is not paused changes nothing.
        Assert.Equal(HttpStatusCode.OK, (await c.PutAsJsonAsync($"/api/pairs/{pairId}", new { enabled = true })).StatusCode);
        Assert.Equal(before.GetProperty("mentions").GetInt64() + 5, (await PairAsync(c, pairId)).GetProperty("mentions").GetInt64());
        await PostAsync(c, Complaining(brand, handle, "after", now.AddMinutes(1)));
        Assert.Equal(before.GetProperty("mentions").GetInt64() + 10, (await PairAsync(c, pairId)).GetProperty("mentions").GetInt64());

        var missing = await c.PutAsJsonAsync($"/api/pairs/{pairId}", new { });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("enabled is required", (await Json(missing)).GetProperty("errors").GetProperty("enabled")[0].GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await c.PutAsJsonAsync("/api/pairs/987654321", new { enabled = false })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.PutAsJsonAsync("/api/brands/987654321", new { name = Unique("Nobody"), enabled = false })).StatusCode);
        var created = await c.PostAsJsonAsync("/api/brands", new { name = Unique("Born paused"), enabled = false });
        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        Assert.True((await Json(created)).GetProperty("errors").TryGetProperty("enabled", out _));
    }

    [Fact]
    public async Task A_disabled_users_keys_get_a_401_that_says_why_until_they_are_enabled()
    {
        var c = app.Client();
        var name = Unique("ops").Replace(' ', '-');
        var userId = (await Json((await c.PostAsJsonAsync("/api/users", new { name, password = "a long enough password", role = "analyst" })).EnsureSuccessStatusCode()))
            .GetProperty("id").GetInt64();
        var issued = await c.PostAsJsonAsync("/api/keys", new { name = Unique("ops script"), role = "viewer", userId });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var key = (await Json(issued)).GetProperty("key").GetString()!;
        var script = app.Client(key);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/brands")).StatusCode);

        var put = await c.PutAsJsonAsync($"/api/users/{userId}", new { enabled = false });

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var user = await Json(put);
        Assert.False(user.GetProperty("enabled").GetBoolean());
        Assert.Equal("analyst", user.GetProperty("role").GetString());
        Assert.Contains((await c.GetFromJsonAsync<JsonElement>("/api/users")).EnumerateArray(),
            u => u.GetProperty("id").GetInt64() == userId && !u.GetProperty("enabled").GetBoolean());
        var refused = await script.GetAsync("/api/brands");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains($"issued by the user '{name}', who is disabled", (await Json(refused)).GetProperty("detail").GetString());

        var enabled = await c.PutAsJsonAsync($"/api/users/{userId}", new { enabled = true, role = "viewer" });
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        Assert.Equal("viewer", (await Json(enabled)).GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/brands")).StatusCode);

        var badRole = await c.PutAsJsonAsync($"/api/users/{userId}", new { role = "boss" });
        Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
        Assert.Contains("role must be", (await Json(badRole)).GetProperty("errors").GetProperty("role")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await c.PutAsJsonAsync($"/api/users/{userId}", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.PutAsJsonAsync("/api/users/987654321", new { enabled = false })).StatusCode);
        var noOwner = await c.PostAsJsonAsync("/api/keys", new { name = Unique("orphan"), role = "viewer", userId = 987654321 });
        Assert.Equal(HttpStatusCode.BadRequest, noOwner.StatusCode);
        Assert.True((await Json(noOwner)).GetProperty("errors").TryGetProperty("userId", out _));

        // Deleted, the user's keys go with them.
        Assert.Equal(HttpStatusCode.NoContent, (await c.DeleteAsync($"/api/users/{userId}")).StatusCode);
        var gone = await script.GetAsync("/api/brands");
        Assert.Equal(HttpStatusCode.Unauthorized, gone.StatusCode);
        Assert.Contains("no longer exists", (await Json(gone)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_disabled_key_is_refused_until_enabled_and_a_revoked_one_stays_revoked()
    {
        var c = app.Client();
        var created = await Json((await c.PostAsJsonAsync("/api/keys", new { name = Unique("feed"), role = "viewer" })).EnsureSuccessStatusCode());
        var (id, key) = (created.GetProperty("id").GetInt64(), created.GetProperty("key").GetString()!);
        var script = app.Client(key);
        var renamed = Unique("feed renamed");

        var put = await c.PutAsJsonAsync($"/api/keys/{id}", new { name = renamed, enabled = false });

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Contains((await c.GetFromJsonAsync<JsonElement>("/api/keys")).EnumerateArray(),
            k => k.GetProperty("id").GetInt64() == id && k.GetProperty("name").GetString() == renamed && !k.GetProperty("enabled").GetBoolean());
        var refused = await script.GetAsync("/api/brands");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("This API key is disabled", (await Json(refused)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await c.PutAsJsonAsync($"/api/keys/{id}", new { enabled = true })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/brands")).StatusCode);

        Assert.Equal(HttpStatusCode.BadRequest, (await c.PutAsJsonAsync($"/api/keys/{id}", new { name = " " })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.PutAsJsonAsync("/api/keys/987654321", new { enabled = false })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await c.DeleteAsync($"/api/keys/{id}")).StatusCode);
        var revoked = await c.PutAsJsonAsync($"/api/keys/{id}", new { enabled = true });
        Assert.Equal(HttpStatusCode.Conflict, revoked.StatusCode);
        Assert.Contains("revoked", await revoked.Content.ReadAsStringAsync());
        Assert.Contains("revoked", (await Json(await script.GetAsync("/api/brands"))).GetProperty("detail").GetString());
    }
}
