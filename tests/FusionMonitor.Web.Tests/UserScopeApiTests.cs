using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Web.Tests.Infrastructure;
using FusionMonitor.Web.Tests.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

public sealed class UserScopeApiTestsOnPostgres(FusionApp app) : UserScopeApiTests(app), IClassFixture<FusionApp>;

public sealed class UserScopeApiTestsOnSqlite(SqliteFusionApp app) : UserScopeApiTests(app), IClassFixture<SqliteFusionApp>;

/// <summary>
/// Changing the brands a user may see (issue 20): <c>PUT /api/users/{id}</c> with <c>brandIds</c> limits them,
/// <c>allBrands: true</c> lifts the limit, and the change holds from the user's next request in the session they
/// already have (their sign-in cookie does not keep the scope it was given), on each database.
/// </summary>
public abstract class UserScopeApiTests(FusionApp app)
{
    private const string Password = "a long enough password";

    /// <summary>A browser-like client (cookies kept) signed in as <paramref name="name"/> through the real sign-in form.</summary>
    private async Task<HttpClient> SignInAsync(string name) => (await app.SignInAsync(name, Password)).Client;

    private static async Task<HttpStatusCode> ReadBrandAsync(HttpClient c, long brandId) => (await c.GetAsync($"/api/brands/{brandId}")).StatusCode;

    private static async Task<List<long>> ListedBrandsAsync(HttpClient c) =>
        (await c.GetFromJsonAsync<JsonElement>("/api/brands")).EnumerateArray().Select(b => b.GetProperty("id").GetInt64()).ToList();

    [Fact]
    public async Task A_users_brands_are_changed_and_their_open_session_sees_the_new_scope_at_its_next_request()
    {
        var admin = app.Client();
        var a = await admin.BrandAsync(Unique("Alder Ink"));
        var b = await admin.BrandAsync(Unique("Birch Ink"));
        var name = Unique("regional-desk").Replace(' ', '-');
        var created = await (await admin.PostAsJsonAsync("/api/users", new { name, password = Password, role = "viewer", brandIds = new[] { a } }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var userId = created.GetProperty("id").GetInt64();
        var user = await SignInAsync(name);

        Assert.Equal(HttpStatusCode.OK, await ReadBrandAsync(user, a));
        Assert.Equal(HttpStatusCode.NotFound, await ReadBrandAsync(user, b));
        Assert.DoesNotContain(b, await ListedBrandsAsync(user));

        // Widened: the same session reads brand B at once, without signing in again.
        var widened = await admin.PutAsJsonAsync($"/api/users/{userId}", new { brandIds = new[] { b, a } });
        Assert.Equal(HttpStatusCode.OK, widened.StatusCode);
        var body = await widened.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([a, b], body.GetProperty("brandIds").EnumerateArray().Select(x => x.GetInt64()).Order());
        Assert.Equal("viewer", body.GetProperty("role").GetString()); // left out, kept
        Assert.Equal(HttpStatusCode.OK, await ReadBrandAsync(user, b));
        Assert.Contains(b, await ListedBrandsAsync(user));

        // Narrowed to B: A is gone from the same session.
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/users/{userId}", new { brandIds = new[] { b } })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, await ReadBrandAsync(user, a));
        Assert.Equal(HttpStatusCode.OK, await ReadBrandAsync(user, b));

        // Lifted: every brand, and the list of users says so (brandIds null).
        var lifted = await admin.PutAsJsonAsync($"/api/users/{userId}", new { allBrands = true });
        Assert.Equal(HttpStatusCode.OK, lifted.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await lifted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("brandIds").ValueKind);
        Assert.Equal(HttpStatusCode.OK, await ReadBrandAsync(user, a));
        var listed = (await admin.GetFromJsonAsync<JsonElement>("/api/users")).EnumerateArray().Single(u => u.GetProperty("id").GetInt64() == userId);
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("brandIds").ValueKind);

        // A role change holds from the next request too: an analyst may read the corrections log, a viewer may not.
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/api/corrections")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/users/{userId}", new { role = "analyst" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/corrections")).StatusCode);
    }

    [Fact]
    public async Task Bad_brand_changes_are_a_400_naming_the_field_and_nothing_changes()
    {
        var admin = app.Client();
        var a = await admin.BrandAsync(Unique("Cedar Ink"));
        var name = Unique("night-desk").Replace(' ', '-');
        var userId = (await (await admin.PostAsJsonAsync("/api/users", new { name, password = Password, role = "viewer", brandIds = new[] { a } }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        foreach (var (bad, field) in new (object Body, string Field)[]
                 {
                     (new { brandIds = new[] { a }, allBrands = true }, "allBrands"),
                     (new { allBrands = false }, "allBrands"),
                     (new { brandIds = new[] { a, 987_654_321L } }, "brandIds"),
                     (new { }, "body"),
                 })
        {
            var r = await admin.PutAsJsonAsync($"/api/users/{userId}", bad);
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.True((await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), field);
        }
        var listed = (await admin.GetFromJsonAsync<JsonElement>("/api/users")).EnumerateArray().Single(u => u.GetProperty("id").GetInt64() == userId);
        Assert.Equal([a], listed.GetProperty("brandIds").EnumerateArray().Select(x => x.GetInt64()));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync("/api/users/987654321", new { allBrands = true })).StatusCode);
    }
}
