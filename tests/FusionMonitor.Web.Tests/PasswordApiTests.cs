using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Web.Tests.Infrastructure;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

public sealed class PasswordApiTestsOnPostgres(FusionApp app) : PasswordApiTests(app), IClassFixture<FusionApp>;

public sealed class PasswordApiTestsOnSqlite(SqliteFusionApp app) : PasswordApiTests(app), IClassFixture<SqliteFusionApp>;

/// <summary>
/// Passwords on each database: an admin resets another user's (<c>PUT /api/users/{id}/password</c>); a key has no
/// password of its own to change (<c>POST /api/account/password</c> is a 400 that says so). A user changing their own
/// is driven in the browser (it needs a signed-in session): DashboardBrowserTests.
/// </summary>
public abstract class PasswordApiTests(FusionApp app)
{
    [Fact]
    public async Task An_admin_resets_a_users_password_and_bad_input_is_a_400_in_words()
    {
        var c = app.Client();
        var name = Unique("pat").Replace(' ', '-');
        var created = await (await c.PostAsJsonAsync("/api/users", new { name, password = "first-password-123", role = "viewer" })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt64();

        Assert.Equal(HttpStatusCode.NoContent, (await c.PutAsJsonAsync($"/api/users/{id}/password", new { password = "second-password-456" })).StatusCode);
        var shortOne = await c.PutAsJsonAsync($"/api/users/{id}/password", new { password = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, shortOne.StatusCode);
        Assert.Contains("12 to 200 characters", await shortOne.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await c.PutAsJsonAsync($"/api/users/{id}/password", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.PutAsJsonAsync("/api/users/99999999/password", new { password = "second-password-456" })).StatusCode);

        // Only an admin may reset: a viewer key is refused.
        var viewer = (await (await c.PostAsJsonAsync("/api/keys", new { name = Unique("viewer"), role = "viewer" })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client(viewer).PutAsJsonAsync($"/api/users/{id}/password", new { password = "third-password-789" })).StatusCode);

        var key = await c.PostAsJsonAsync("/api/account/password", new { currentPassword = "x", newPassword = "third-password-789" });
        Assert.Equal(HttpStatusCode.BadRequest, key.StatusCode);
        Assert.Contains("An API key has no password", await key.Content.ReadAsStringAsync());
    }
}
