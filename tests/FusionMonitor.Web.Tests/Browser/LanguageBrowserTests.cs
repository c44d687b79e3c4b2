using System.Net.Http.Json;
using FusionMonitor.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests.Browser;

/// <summary>What a user sees of languages: each mention's language, the ones no model reads marked and counted.</summary>
public sealed class LanguageBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task ThePairPage_ShowsEachMentionsLanguage_MarksTheUnscoredOnes_AndCountsThem()
    {
        var api = app.Client();
        var brand = Unique("Chez Marlin");
        var handle = $"roxy{Guid.NewGuid().ToString("N")[..6]}";
        var brandId = await api.BrandAsync(brand);
        var pairId = await api.PairAsync(brandId, await api.InfluencerAsync("Roxy Vale " + handle, handle));
        var now = DateTimeOffset.UtcNow;
        object[] mentions =
        [
            Mention(Guid.NewGuid().ToString(), $"@{handle} at {brand} tonight, the staff were lovely and the food was wonderful", now.AddMinutes(-9), "fan1", 3_000),
            Mention(Guid.NewGuid().ToString(), $"@{handle} chez {brand} ce soir : service impeccable, on a adoré", now.AddMinutes(-7), "fan2", 2_000),
            Mention(Guid.NewGuid().ToString(), $"@{handle} {brand} の料理は最悪だった、二度と行かない", now.AddMinutes(-5), "fan3", 9_000),
            Mention(Guid.NewGuid().ToString(), $"@{handle} {brand} — ужасное обслуживание, больше не приду", now.AddMinutes(-3), "fan4", 9_000),
        ];
        (await api.PostAsJsonAsync("/api/mentions", mentions)).EnsureSuccessStatusCode();

        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await DashboardBrowserTests.SignInAsync(page);
        await page.GotoAsync($"/pairs/{pairId}");

        await Assertions.Expect(page.Locator("#pair-unscored")).ToContainTextAsync("2 not scored");
        await Assertions.Expect(page.Locator(".fm-mention")).ToHaveCountAsync(4);
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("pair-page-languages"), FullPage = true });
        await Assertions.Expect(page.Locator(".fm-mention .fm-lang")).ToHaveCountAsync(4);
        var languages = await page.Locator(".fm-mention .fm-lang").AllTextContentsAsync();
        Assert.Equal(["ru", "ja", "fr", "en"], languages); // newest first
        Assert.Equal(2, await page.Locator(".fm-mention .fm-unscored").CountAsync());
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("pair-page-languages"), FullPage = true });

        await page.GotoAsync($"/brands/{brandId}");
        await Assertions.Expect(page.Locator(".fm-mention .fm-unscored")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#brand-unscored")).ToContainTextAsync("2 not scored");
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("brand-page-languages"), FullPage = true });
    }
}
