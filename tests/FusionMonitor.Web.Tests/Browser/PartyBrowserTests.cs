using System.Net.Http.Json;
using FusionMonitor.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests.Browser;

/// <summary>What a user sees of per-party readings: each mention's reading toward each party, and the drivers' readings.</summary>
public sealed class PartyBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task ThePairPage_ShowsTheReadingTowardEachParty_OnMentionsAndDrivers()
    {
        var api = app.Client();
        var brand = "Chez " + PartyReadingApiTests.Name();
        var person = "Roxy " + PartyReadingApiTests.Name();
        var handle = PartyReadingApiTests.Name().ToLowerInvariant();
        var brandId = await api.BrandAsync(brand);
        var influencerId = await api.InfluencerAsync(person, handle);
        var pairId = await api.PairAsync(brandId, influencerId);
        var quarrel = $"{brand}'s staff did nothing wrong, {person} is an entitled bully";
        (await api.PostAsJsonAsync("/api/mentions", new[] { Mention(Guid.NewGuid().ToString(), quarrel, DateTimeOffset.UtcNow.AddMinutes(-2), "witness", 5_000) }))
            .EnsureSuccessStatusCode();

        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await DashboardBrowserTests.SignInAsync(page);
        await page.GotoAsync($"/pairs/{pairId}");

        var her = page.Locator($".fm-mention [data-target='influencer:{influencerId}']");
        var it = page.Locator($".fm-mention [data-target='brand:{brandId}']");
        await Assertions.Expect(her).ToContainTextAsync($"toward {person}: −");
        await Assertions.Expect(her).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("fm-neg"));
        await Assertions.Expect(it).ToContainTextAsync($"toward {brand}: ");
        await Assertions.Expect(it).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("fm-neg"));
        await Assertions.Expect(page.Locator(".fm-drivers li").First).ToContainTextAsync($"toward {person}: −");
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("pair-page-parties"), FullPage = true });
    }
}
