using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace FusionMonitor.Web.Tests.Browser;

/// <summary>A user whose password an admin reset signs in with it and changes it to their own, in the browser.</summary>
public sealed partial class DashboardBrowserTests
{
    [Fact]
    public async Task A_reset_password_works_and_the_user_changes_it_to_their_own()
    {
        var api = app.Client();
        var name = "kim-" + Guid.NewGuid().ToString("N")[..6];
        var id = (await (await api.PostAsJsonAsync("/api/users", new { name, password = "given-at-start-1", role = "viewer" })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        (await api.PutAsJsonAsync($"/api/users/{id}/password", new { password = "reset-by-admin-2" })).EnsureSuccessStatusCode();

        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        await SignInAsync(page, name, "reset-by-admin-2");
        await page.Locator("a.fm-user").ClickAsync();
        await Assertions.Expect(page.Locator("h1", new() { HasTextString = "Your account" })).ToBeVisibleAsync();

        await page.Locator("#current-password").FillAsync("not-my-password");
        await page.Locator("#new-password").FillAsync("my-own-password-3");
        await page.Locator("#change-password").ClickAsync();
        await Assertions.Expect(page.Locator("#password-problem")).ToHaveTextAsync("The current password is not right.");
        await page.Locator("#current-password").FillAsync("reset-by-admin-2");
        await page.Locator("#new-password").FillAsync("short");
        await page.Locator("#change-password").ClickAsync();
        await Assertions.Expect(page.Locator("#password-problem")).ToHaveTextAsync("A password must be 12 to 200 characters.");
        await page.Locator("#new-password").FillAsync("my-own-password-3");
        await page.Locator("#change-password").ClickAsync();
        await Assertions.Expect(page.Locator("#password-changed")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("account-password-changed") });

        // Signed out, the old password no longer works and the new one does.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login"));
        await page.FillAsync("#user", name);
        await page.FillAsync("#password", "reset-by-admin-2");
        await page.ClickAsync("#sign-in");
        await Assertions.Expect(page.Locator(".fm-login-error")).ToBeVisibleAsync();
        await SignInAsync(page, name, "my-own-password-3");
    }
}
