using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FusionMonitor.Web.Tests.Security;

/// <summary>An admin signed in to the dashboard cannot delete their own user (409 with a sentence); another admin can,
/// and the deleted user's session ends at its next request.</summary>
public sealed class OwnUserTests(CookieApp app) : IClassFixture<CookieApp>
{
    private static async Task<HttpResponseMessage> DeleteWithTokenAsync(HttpClient browser, string path)
    {
        var token = CookieApp.AntiforgeryToken(await browser.GetStringAsync("/"));
        var request = new HttpRequestMessage(HttpMethod.Delete, path);
        request.Headers.Add("RequestVerificationToken", token);
        return await browser.SendAsync(request);
    }

    [Fact]
    public async Task Deleting_your_own_user_is_refused_and_another_admin_ends_the_session()
    {
        var browser = await app.SignedInAsync();
        var users = await app.Client().GetFromJsonAsync<JsonElement>("/api/users");
        var me = users.EnumerateArray().Single(u => u.GetProperty("name").GetString() == "admin").GetProperty("id").GetInt64();

        var own = await DeleteWithTokenAsync(browser, $"/api/users/{me}");

        Assert.Equal(HttpStatusCode.Conflict, own.StatusCode);
        var title = (await own.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString();
        Assert.Contains("signed in as", title);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/brands")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await app.Client().DeleteAsync($"/api/users/{me}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/brands")).StatusCode);
    }
}
