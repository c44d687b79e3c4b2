using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests.Browser;

/// <summary>The admin page in a real browser: a brand edited and deleted (after a confirmation), the case-duplicate
/// refusal in words, and a source paused and deleted.</summary>
public sealed class AdminBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static async Task<IPage> AdminPageAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await DashboardBrowserTests.SignInAsync(page);
        await page.GotoAsync("/admin");
        await Assertions.Expect(page.Locator("[data-live='on']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        return page;
    }

    [Fact]
    public async Task A_brand_is_edited_refused_as_a_case_duplicate_and_deleted_after_confirming()
    {
        var api = app.Client();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var taken = $"Pebble Roasters {tag}";
        await api.BrandAsync(taken);
        var name = $"Harbor Knits {tag}";
        var id = await api.BrandAsync(name);

        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 1000 } });
        var page = await AdminPageAsync(context);
        var brands = page.Locator("section", new() { Has = page.Locator("h2", new() { HasTextString = "Brands" }) });
        var row = brands.Locator($"li[data-brand='{id}']");
        await Assertions.Expect(row).ToContainTextAsync(name, new() { Timeout = 30_000 });

        // Edit: the form takes the brand's name and aliases; saving renames it.
        await row.GetByRole(AriaRole.Button, new() { Name = $"Edit {name}" }).ClickAsync();
        var nameBox = brands.GetByLabel("New name");
        await Assertions.Expect(nameBox).ToHaveValueAsync(name);
        var renamed = $"Harbour Knitwear {tag}";
        await nameBox.FillAsync(renamed);
        await brands.GetByLabel("Aliases (comma-separated)").FillAsync($"hk{tag}");
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("admin-brand-edit"), FullPage = true });
        await brands.GetByRole(AriaRole.Button, new() { Name = $"Save {name}" }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-alert", new() { HasTextString = $"Renamed brand {name} to {renamed}." })).ToBeVisibleAsync();
        await Assertions.Expect(row).ToContainTextAsync(renamed);
        var stored = await api.GetFromJsonAsync<JsonElement>($"/api/brands/{id}");
        Assert.Equal(renamed, stored.GetProperty("name").GetString());
        Assert.Equal($"hk{tag}", stored.GetProperty("aliases")[0].GetString());

        // A name that differs from another brand's only in case and accents is refused, in words.
        await brands.GetByLabel("Name").FillAsync($"pébble ROASTERS {tag}");
        await brands.GetByRole(AriaRole.Button, new() { Name = "Add brand" }).ClickAsync();
        var refusal = page.Locator(".mud-alert", new() { HasTextString = $"clashes with the brand '{taken}'" });
        await Assertions.Expect(refusal).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("admin-brand-duplicate-refused"), FullPage = true });
        Assert.DoesNotContain((await api.GetFromJsonAsync<JsonElement>("/api/brands")).EnumerateArray(), b => b.GetProperty("name").GetString() == $"pébble ROASTERS {tag}");

        // Delete asks first; cancelling keeps it, confirming deletes it.
        await row.GetByRole(AriaRole.Button, new() { Name = $"Delete {renamed}" }).ClickAsync();
        var confirm = row.Locator(".fm-confirm");
        await Assertions.Expect(confirm).ToContainTextAsync($"Delete {renamed}, its pairs and their scores?");
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("admin-brand-delete-confirm"), FullPage = true });
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(confirm).ToHaveCountAsync(0);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await api.GetAsync($"/api/brands/{id}")).StatusCode);
        await row.GetByRole(AriaRole.Button, new() { Name = $"Delete {renamed}" }).ClickAsync();
        await row.Locator(".fm-confirm").GetByRole(AriaRole.Button, new() { Name = "Yes, delete" }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-alert", new() { HasTextString = $"Deleted brand {renamed} with its pairs." })).ToBeVisibleAsync();
        await Assertions.Expect(brands.Locator($"li[data-brand='{id}']")).ToHaveCountAsync(0);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await api.GetAsync($"/api/brands/{id}")).StatusCode);
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("admin-brand-deleted"), FullPage = true });
    }

    [Fact]
    public async Task A_source_is_paused_and_deleted_after_confirming()
    {
        var api = app.Client();
        var name = Unique("Weekly digest feed");
        var created = await (await api.PostAsJsonAsync("/api/sources", new { kind = "rss", name, settings = new { url = "http://127.0.0.1:9/feed.xml" }, intervalSeconds = 3600 }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt64();

        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 1000 } });
        var page = await AdminPageAsync(context);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Sources" }).ClickAsync();
        var row = page.Locator($"tr[data-source='{id}']");
        await Assertions.Expect(row).ToContainTextAsync(name, new() { Timeout = 30_000 });

        await row.GetByRole(AriaRole.Button, new() { Name = "Pause", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-alert", new() { HasTextString = $"Paused {name}" })).ToBeVisibleAsync();
        await Assertions.Expect(row).ToContainTextAsync("(paused)");
        Assert.False((await api.GetFromJsonAsync<JsonElement>($"/api/sources/{id}")).GetProperty("enabled").GetBoolean());

        await row.GetByRole(AriaRole.Button, new() { Name = $"Delete {name}" }).ClickAsync();
        await Assertions.Expect(row.Locator(".fm-confirm")).ToContainTextAsync("The mentions it fetched stay.");
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("admin-source-delete-confirm"), FullPage = true });
        await row.Locator(".fm-confirm").GetByRole(AriaRole.Button, new() { Name = "Yes, delete" }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-alert", new() { HasTextString = $"Deleted source {name}" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"tr[data-source='{id}']")).ToHaveCountAsync(0);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await api.GetAsync($"/api/sources/{id}")).StatusCode);
    }
}
