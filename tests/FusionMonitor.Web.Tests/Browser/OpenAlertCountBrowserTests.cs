using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests.Browser;

/// <summary>The open-alert count in the navigation: right after a reload, and moving live as alerts open and close.</summary>
public sealed partial class DashboardBrowserTests
{
    private static async Task<int> OpenCountAsync(HttpClient api) =>
        (await api.GetFromJsonAsync<JsonElement>("/api/alerts?status=open")).GetArrayLength();

    /// <summary>Waits until the nav shows what the API counts (other alerts of this app may open or resolve meanwhile).</summary>
    private static async Task<int> NavAgreesAsync(IPage page, HttpClient api, Func<int, bool> expected, string what)
    {
        var nav = page.Locator("#open-alert-count");
        var deadline = DateTime.UtcNow + LiveWait;
        var (shown, counted) = (-1, -2);
        while (DateTime.UtcNow < deadline)
        {
            counted = await OpenCountAsync(api);
            shown = int.Parse(await nav.GetAttributeAsync("data-count") ?? "-1", System.Globalization.CultureInfo.InvariantCulture);
            if (shown == counted && expected(shown)) return shown;
            await Task.Delay(250);
        }
        throw new Xunit.Sdk.XunitException($"{what}: the nav shows {shown} open alerts, the API counts {counted}");
    }

    [Fact]
    public async Task The_open_alert_count_survives_a_reload_and_moves_live()
    {
        var api = app.Client();
        var brand = Unique("Countco");
        var brandId = await api.BrandAsync(brand);
        (await api.PostAsJsonAsync("/api/mentions", Complaints.CalmPast(brand, DateTimeOffset.UtcNow))).EnsureSuccessStatusCode();

        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        await SignInAsync(page);
        var before = await NavAgreesAsync(page, api, _ => true, "at sign-in");
        await page.EvaluateAsync("() => window.__fmMarker = 'same-page'");

        // An alert opens: the count goes up without a reload.
        (await api.PostAsJsonAsync("/api/mentions", Complaints.Burst(brand, "", DateTimeOffset.UtcNow))).EnsureSuccessStatusCode();
        var raised = await NavAgreesAsync(page, api, n => n > before, "after a negative burst");
        Assert.Equal("same-page", await page.EvaluateAsync<string>("() => window.__fmMarker"));
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("nav-open-alert-count") });

        // After a reload it is still there (read from the store, not from the live events the page saw).
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-live='on']")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await NavAgreesAsync(page, api, n => n > 0, "after a reload");

        // Acknowledging this brand's alerts takes them out of the count, live.
        await page.EvaluateAsync("() => window.__fmMarker = 'after-reload'");
        var mine = (await api.GetFromJsonAsync<JsonElement>("/api/alerts?status=open")).EnumerateArray()
            .Where(a => a.GetProperty("brandId").ValueKind == JsonValueKind.Number && a.GetProperty("brandId").GetInt64() == brandId).ToList();
        Assert.NotEmpty(mine);
        foreach (var a in mine) (await api.PostAsync($"/api/alerts/{a.GetProperty("id").GetInt64()}/ack", null)).EnsureSuccessStatusCode();
        await NavAgreesAsync(page, api, n => n <= raised - mine.Count || n < raised, "after acknowledging");
        Assert.Equal("after-reload", await page.EvaluateAsync<string>("() => window.__fmMarker"));
    }
}
