using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests.Browser;

/// <summary>
/// The Admin page changes the brands a user may see and renames a key (issue 20). The user's open dashboard, signed in
/// before the change, shows the newly allowed brand on its next page without signing in again (its connection's
/// sign-in does not keep the old scope); screenshots of each step.
/// </summary>
public sealed class UserScopeBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task An_admin_widens_a_users_brands_and_their_open_dashboard_shows_the_new_brand_at_the_next_page()
    {
        var api = app.Client();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var brandA = $"Harbour Knits {tag}";
        var brandB = $"Lantern Bakery {tag}";
        var a = await api.BrandAsync(brandA);
        var b = await api.BrandAsync(brandB);
        var userName = $"east-desk-{tag}";
        const string password = "a long enough password";
        var userId = (await (await api.PostAsJsonAsync("/api/users", new { name = userName, password, role = "viewer", brandIds = new[] { a } })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        // The user signs in, limited to A: B's page says there is no such brand for them.
        await using var theirs = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        var user = await theirs.NewPageAsync();
        await DashboardBrowserTests.SignInAsync(user, userName, password);
        await user.GotoAsync($"/brands/{b}");
        await Assertions.Expect(user.Locator(".mud-alert", new() { HasTextString = $"There is no brand {b} you may see." })).ToBeVisibleAsync();
        await Assertions.Expect(user.Locator("[data-live='on']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await user.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("user-scope-before"), FullPage = true });

        // The admin edits the user: B picked beside A, saved.
        await using var adminContext = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 1000 } });
        var admin = await adminContext.NewPageAsync();
        await DashboardBrowserTests.SignInAsync(admin);
        await admin.GotoAsync("/admin");
        await Assertions.Expect(admin.Locator("[data-live='on']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await admin.GetByRole(AriaRole.Tab, new() { Name = "Users and API keys" }).ClickAsync();
        var users = admin.Locator("section", new() { Has = admin.Locator("h2", new() { HasTextString = "Users" }) });
        var row = users.Locator($"li[data-user='{userId}']");
        await Assertions.Expect(row).ToContainTextAsync(brandA);
        await row.GetByRole(AriaRole.Button, new() { Name = $"Edit {userName}" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#editing-user")).ToContainTextAsync($"Editing {userName}");
        await users.Locator(".mud-input-control.mud-select", new() { HasTextString = "Limit to brands" }).ClickAsync();
        await admin.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = brandB }).ClickAsync();
        await Assertions.Expect(users.Locator(".mud-input-control.mud-select", new() { HasTextString = "Limit to brands" }).Locator("input")).ToHaveValueAsync($"{brandA}, {brandB}");
        await admin.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("admin-user-brands-edit"), FullPage = true });
        // The list closes on a click beside it, as a person would close it.
        await users.Locator("h2").ClickAsync(new() { Force = true });
        await Assertions.Expect(admin.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await users.GetByRole(AriaRole.Button, new() { Name = $"Save {userName}" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".mud-alert", new() { HasTextString = $"{userName} is viewer and sees" })).ToBeVisibleAsync();
        await Assertions.Expect(row).ToContainTextAsync(brandB);
        await admin.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("admin-user-brands-saved"), FullPage = true });
        var stored = (await api.GetFromJsonAsync<JsonElement>("/api/users")).EnumerateArray().Single(u => u.GetProperty("id").GetInt64() == userId);
        Assert.Equal([a, b], stored.GetProperty("brandIds").EnumerateArray().Select(x => x.GetInt64()).Order());

        // The user's open page on B reloads by itself (their access changed) and shows B now.
        await Assertions.Expect(user.Locator("h1", new() { HasTextString = brandB })).ToBeVisibleAsync(new() { Timeout = 15_000 });
        // Without signing in again, the next page in the same connection shows B.
        await user.GetByRole(AriaRole.Link, new() { Name = "Board" }).ClickAsync();
        await Assertions.Expect(user.Locator("h1", new() { HasTextString = "Board" })).ToBeVisibleAsync();
        await user.EvaluateAsync($"() => Blazor.navigateTo('/brands/{b}')");
        await Assertions.Expect(user.Locator("h1", new() { HasTextString = brandB })).ToBeVisibleAsync();
        await user.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("user-scope-after"), FullPage = true });
        // And a fresh load through the cookie too.
        await user.ReloadAsync();
        await Assertions.Expect(user.Locator("h1", new() { HasTextString = brandB })).ToBeVisibleAsync();

        // A key is renamed in place, the way the other tables edit.
        var keyName = $"ingest script {tag}";
        var keyId = (await (await api.PostAsJsonAsync("/api/keys", new { name = keyName, role = "viewer" })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await admin.ReloadAsync();
        await Assertions.Expect(admin.Locator("[data-live='on']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await admin.GetByRole(AriaRole.Tab, new() { Name = "Users and API keys" }).ClickAsync();
        var keys = admin.Locator("section", new() { Has = admin.Locator("h2", new() { HasTextString = "API keys" }) });
        var keyRow = keys.Locator($"li[data-key='{keyId}']");
        await keyRow.GetByRole(AriaRole.Button, new() { Name = $"Rename key {keyName}" }).ClickAsync();
        var nameBox = keys.GetByLabel("New name");
        await Assertions.Expect(nameBox).ToHaveValueAsync(keyName);
        var renamed = $"nightly ingest {tag}";
        await nameBox.FillAsync(renamed);
        await admin.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("admin-key-rename"), FullPage = true });
        await keys.GetByRole(AriaRole.Button, new() { Name = $"Save {keyName}" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".mud-alert", new() { HasTextString = $"Renamed key {keyName} to {renamed}." })).ToBeVisibleAsync();
        await Assertions.Expect(keyRow).ToContainTextAsync(renamed);
        Assert.Contains((await api.GetFromJsonAsync<JsonElement>("/api/keys")).EnumerateArray(),
            k => k.GetProperty("id").GetInt64() == keyId && k.GetProperty("name").GetString() == renamed);
    }

    /// <summary>
    /// A page left open while an admin narrows its user, then disables them: it reloads by itself each time, so it
    /// stops showing (and receiving live events of) the brand taken away, and a disabled user is back at the sign-in.
    /// </summary>
    [Fact]
    public async Task An_open_page_reloads_when_its_user_is_narrowed_and_goes_to_the_sign_in_when_they_are_disabled()
    {
        var api = app.Client();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var a = await api.BrandAsync($"Quarry Tiles {tag}");
        var brandB = $"Reed Paper {tag}";
        var b = await api.BrandAsync(brandB);
        var userName = $"west-desk-{tag}";
        const string password = "a long enough password";
        var userId = (await (await api.PostAsJsonAsync("/api/users", new { name = userName, password, role = "viewer" })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        await using var theirs = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        var user = await theirs.NewPageAsync();
        await DashboardBrowserTests.SignInAsync(user, userName, password);
        await user.GotoAsync($"/brands/{b}");
        await Assertions.Expect(user.Locator("h1", new() { HasTextString = brandB })).ToBeVisibleAsync();
        await Assertions.Expect(user.Locator("[data-live='on']")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        (await api.PutAsJsonAsync($"/api/users/{userId}", new { brandIds = new[] { a } })).EnsureSuccessStatusCode();
        await Assertions.Expect(user.Locator(".mud-alert", new() { HasTextString = $"There is no brand {b} you may see." })).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(user.Locator("[data-live='on']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await user.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("user-scope-narrowed-open-page"), FullPage = true });

        (await api.PutAsJsonAsync($"/api/users/{userId}", new { enabled = false })).EnsureSuccessStatusCode();
        await Assertions.Expect(user).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"), new() { Timeout = 15_000 });
        await user.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("user-disabled-open-page"), FullPage = true });
    }
}
