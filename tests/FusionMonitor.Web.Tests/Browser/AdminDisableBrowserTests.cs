using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests.Browser;

/// <summary>The admin page for influencers, pairs and users (issue 20): an influencer edited and deleted after
/// confirming, a pair paused (and shown paused on its page), a user given another role and disabled (and then
/// refused at sign-in, in words), a key disabled and revoked after confirming, and an unknown address answered in words; screenshots of each step.</summary>
public sealed class AdminDisableBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task An_influencer_is_edited_and_deleted_a_pair_paused_and_a_user_disabled()
    {
        var api = app.Client();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var brand = $"Quayside Coffee {tag}";
        var brandId = await api.BrandAsync(brand);
        var name = $"Nell Ardent {tag}";
        var handle = "nell" + tag;
        var influencerId = await api.InfluencerAsync(name, handle);
        var other = $"Omar Vance {tag}";
        var otherId = await api.InfluencerAsync(other, "omar" + tag);
        var pairId = await api.PairAsync(brandId, otherId);
        await api.PairAsync(brandId, influencerId);
        var userName = $"night-desk-{tag}";
        const string password = "a long enough password";
        var userId = (await (await api.PostAsJsonAsync("/api/users", new { name = userName, password, role = "viewer" })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 1000 } });
        var page = await context.NewPageAsync();
        await DashboardBrowserTests.SignInAsync(page);
        await page.GotoAsync("/admin");
        await Assertions.Expect(page.Locator("[data-live='on']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var influencers = page.Locator("section", new() { Has = page.Locator("h2", new() { HasTextString = "Influencers" }) });
        var row = influencers.Locator($"li[data-influencer='{influencerId}']");
        await Assertions.Expect(row).ToContainTextAsync(name, new() { Timeout = 30_000 });

        // Edit: the form takes her name and handles; saving renames her and replaces the handles.
        await row.GetByRole(AriaRole.Button, new() { Name = $"Edit {name}" }).ClickAsync();
        var nameBox = influencers.GetByLabel("New name");
        await Assertions.Expect(nameBox).ToHaveValueAsync(name);
        var renamed = $"Nell Ardent-Moss {tag}";
        await nameBox.FillAsync(renamed);
        await influencers.GetByLabel("Handles (platform:handle, comma-separated)").FillAsync($"bluesky:{handle}, mastodon:nellm{tag}");
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("admin-influencer-edit"), FullPage = true });
        await influencers.GetByRole(AriaRole.Button, new() { Name = $"Save {name}" }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-alert", new() { HasTextString = $"Renamed influencer {name} to {renamed}." })).ToBeVisibleAsync();
        await Assertions.Expect(row).ToContainTextAsync($"mastodon:nellm{tag}");
        var stored = await api.GetFromJsonAsync<JsonElement>($"/api/influencers/{influencerId}");
        Assert.Equal(renamed, stored.GetProperty("name").GetString());
        Assert.Equal($"nellm{tag}", stored.GetProperty("handles").GetProperty("mastodon").GetString());

        // A handle not written platform:handle is refused in words, and nothing changes.
        await row.GetByRole(AriaRole.Button, new() { Name = $"Edit {renamed}" }).ClickAsync();
        // The form is filled with what she has before it is typed into (typing first, the fill landed after it).
        await Assertions.Expect(influencers.GetByLabel("New name")).ToHaveValueAsync(renamed);
        var handles = influencers.GetByLabel("Handles (platform:handle, comma-separated)");
        await Assertions.Expect(handles).ToHaveValueAsync(new System.Text.RegularExpressions.Regex($"mastodon:nellm{tag}"));
        await handles.FillAsync("just-a-handle");
        await influencers.GetByRole(AriaRole.Button, new() { Name = $"Save {renamed}" }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-alert", new() { HasTextString = "'just-a-handle' is not platform:handle." })).ToBeVisibleAsync();
        await influencers.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        // Delete asks first, saying what goes and what stays.
        await row.GetByRole(AriaRole.Button, new() { Name = $"Delete {renamed}" }).ClickAsync();
        var confirm = row.Locator(".fm-confirm");
        await Assertions.Expect(confirm).ToContainTextAsync($"Delete {renamed}, her pairs and their scores? Her mentions stay stored.");
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("admin-influencer-delete-confirm"), FullPage = true });
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Yes, delete" }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-alert", new() { HasTextString = $"Deleted influencer {renamed} with her pairs." })).ToBeVisibleAsync();
        await Assertions.Expect(influencers.Locator($"li[data-influencer='{influencerId}']")).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/influencers/{influencerId}")).StatusCode);

        // A pair paused: marked in the list and on the board, and the API says so.
        var pairs = page.Locator("section", new() { Has = page.Locator("h2", new() { HasTextString = "Pairs" }) });
        var pairRow = pairs.Locator($"li[data-pair='{pairId}']");
        await pairRow.GetByRole(AriaRole.Button, new() { Name = $"Pause {brand} × {other}" }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-alert", new() { HasTextString = $"Paused pair {brand} × {other}" })).ToBeVisibleAsync();
        await Assertions.Expect(pairRow.Locator(".fm-paused")).ToHaveTextAsync("paused");
        await Assertions.Expect(pairRow.GetByRole(AriaRole.Button, new() { Name = $"Resume {brand} × {other}" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("admin-pair-paused"), FullPage = true });
        Assert.False((await api.GetFromJsonAsync<JsonElement>($"/api/pairs/{pairId}")).GetProperty("enabled").GetBoolean());

        // A user: another role, then disabled after nothing more than a click (it is undone as easily); delete asks.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Users and API keys" }).ClickAsync();
        var userRow = page.Locator($"li[data-user='{userId}']");
        await Assertions.Expect(userRow).ToContainTextAsync(userName);
        await userRow.GetByLabel($"Role of {userName}").SelectOptionAsync("analyst");
        await Assertions.Expect(page.Locator(".mud-alert", new() { HasTextString = $"{userName} is now analyst." })).ToBeVisibleAsync();
        await userRow.GetByRole(AriaRole.Button, new() { Name = $"Disable {userName}" }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-alert", new() { HasTextString = $"Disabled {userName}" })).ToBeVisibleAsync();
        await Assertions.Expect(userRow.Locator(".fm-paused")).ToHaveTextAsync("disabled");
        await userRow.GetByRole(AriaRole.Button, new() { Name = $"Delete {userName}" }).ClickAsync();
        await Assertions.Expect(userRow.Locator(".fm-confirm")).ToContainTextAsync($"Delete the user {userName}?");
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("admin-user-disabled"), FullPage = true });
        await userRow.Locator(".fm-confirm").GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        // A key: disabled with a click, revoked only after confirming.
        var keyName = $"ops script {tag}";
        var key = await (await api.PostAsJsonAsync("/api/keys", new { name = keyName, role = "viewer", userId })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var keyId = key.GetProperty("id").GetInt64();
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-live='on']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.GetByRole(AriaRole.Tab, new() { Name = "Users and API keys" }).ClickAsync();
        var keyRow = page.Locator($"li[data-key='{keyId}']");
        await Assertions.Expect(keyRow).ToContainTextAsync($"for {userName}");
        await keyRow.GetByRole(AriaRole.Button, new() { Name = $"Disable key {keyName}" }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-alert", new() { HasTextString = $"Disabled key {keyName}" })).ToBeVisibleAsync();
        await keyRow.GetByRole(AriaRole.Button, new() { Name = $"Revoke key {keyName}" }).ClickAsync();
        await Assertions.Expect(keyRow.Locator(".fm-confirm")).ToContainTextAsync($"Revoke {keyName} for good?");
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("admin-key-revoke-confirm"), FullPage = true });
        Assert.Contains((await api.GetFromJsonAsync<JsonElement>("/api/keys")).EnumerateArray(),
            k => k.GetProperty("id").GetInt64() == keyId && !k.GetProperty("enabled").GetBoolean() && !k.GetProperty("revoked").GetBoolean());
        await keyRow.Locator(".fm-confirm").GetByRole(AriaRole.Button, new() { Name = "Yes, revoke" }).ClickAsync();
        await Assertions.Expect(keyRow).ToContainTextAsync("revoked");

        var user = (await api.GetFromJsonAsync<JsonElement>("/api/users")).EnumerateArray().Single(u => u.GetProperty("id").GetInt64() == userId);
        Assert.Equal("analyst", user.GetProperty("role").GetString());
        Assert.False(user.GetProperty("enabled").GetBoolean());

        // Its page marks the paused pair.
        await page.GotoAsync($"/pairs/{pairId}");
        await Assertions.Expect(page.Locator("#pair-paused")).ToHaveTextAsync("paused");
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("pair-page-paused"), FullPage = true });

        // An address the dashboard has no page for says so in words (it was raw JSON); the API keeps its Problem Details.
        var missing = await page.GotoAsync($"/brands-that-never-were-{tag}");
        Assert.Equal(404, missing!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Page not found");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Go to the board" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("page-not-found"), FullPage = true });
        var apiMissing = await api.GetAsync($"/api/nothing-here-{tag}");
        Assert.Equal(HttpStatusCode.NotFound, apiMissing.StatusCode);
        Assert.Equal("application/problem+json", apiMissing.Content.Headers.ContentType?.MediaType);

        // The disabled user is refused at sign-in, in a sentence.
        await using var theirs = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString() });
        var login = await theirs.NewPageAsync();
        await login.GotoAsync("/login");
        await login.FillAsync("#user", userName);
        await login.FillAsync("#password", password);
        await login.ClickAsync("#sign-in");
        await Assertions.Expect(login.Locator(".fm-login-error")).ToHaveTextAsync("This user is disabled; ask an admin to enable it again.");
        await login.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("login-user-disabled"), FullPage = true });
    }
}
