using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests.Browser;

/// <summary>The digest's preview as a browser renders it: the chart image decodes and shows, the sections are there.</summary>
public sealed partial class DashboardBrowserTests
{
    [Fact]
    public async Task The_digest_preview_shows_its_chart_moves_alerts_and_posts_in_a_browser()
    {
        var api = app.Client();
        var brand = Unique("The Gilded Salmon");
        var handle = $"nova{Guid.NewGuid().ToString("N")[..6]}";
        var brandId = await api.BrandAsync(brand);
        await api.PairAsync(brandId, await api.InfluencerAsync("Nova Reyes", handle));
        var now = DateTimeOffset.UtcNow;
        (await api.PostAsJsonAsync("/api/mentions", Complaints.CalmPast(brand, now))).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync("/api/mentions", Complaints.Burst(brand, handle, now))).EnsureSuccessStatusCode();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(3) && (await api.GetFromJsonAsync<JsonElement>($"/api/alerts?status=open&brandId={brandId}")).GetArrayLength() == 0)
            await Task.Delay(200);

        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), ViewportSize = new() { Width = 700, Height = 900 } });
        var page = await context.NewPageAsync();
        await SignInAsync(page);
        await page.GotoAsync($"/api/digest/preview?brandId={brandId}&period=daily");
        var section = page.Locator($".digest-brand[data-brand-id='{brandId}']");
        await Assertions.Expect(section.Locator("h2")).ToHaveTextAsync(brand);
        var chart = section.Locator("img");
        await Assertions.Expect(chart).ToBeVisibleAsync();
        Assert.Equal(600, await chart.EvaluateAsync<int>("i => i.complete ? i.naturalWidth : 0"));
        await Assertions.Expect(section.Locator(".digest-moves li")).ToContainTextAsync("Nova Reyes: 50.0 →");
        await Assertions.Expect(section.Locator(".digest-alert", new() { HasTextString = $"Negative spike: {brand}" })).ToBeVisibleAsync();
        await Assertions.Expect(section.Locator(".digest-post").First).ToContainTextAsync("BOYCOTT");
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("digest-preview"), FullPage = true });

        // Opting in on the account page: a bad address is refused in words, a good one listed, then stopped.
        await page.GotoAsync("/account");
        await Assertions.Expect(page.Locator("#digests")).ToBeVisibleAsync();
        await page.Locator("#digest-email").FillAsync("not an address");
        await page.Locator("#digest-subscribe").ClickAsync();
        await Assertions.Expect(page.Locator(".digest-problem")).ToHaveTextAsync("Email must be an address mail can be sent to, such as ana@example.com.");
        await page.Locator("#digest-email").FillAsync("admin@example.org");
        var often = page.GetByRole(AriaRole.Combobox, new() { Name = "How often" });
        await often.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "Weekly" }).ClickAsync();
        await Assertions.Expect(often).ToHaveValueAsync("Weekly (Mondays)");
        await page.Locator("#digest-subscribe").ClickAsync();
        var row = page.Locator(".fm-digest-row", new() { HasTextString = "admin@example.org" });
        await Assertions.Expect(row).ToContainTextAsync("Weekly to admin@example.org, all your brands");
        await Assertions.Expect(page.Locator(".digest-problem")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("account-digest"), FullPage = true });
        await row.GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0);
    }
}
