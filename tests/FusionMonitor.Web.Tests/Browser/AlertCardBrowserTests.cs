using System.Net.Http.Json;
using System.Text.RegularExpressions;
using FusionMonitor.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests.Browser;

/// <summary>An alert as a PR person reads it at 2 a.m.: the banner and the inbox card, in a real browser.</summary>
public sealed partial class DashboardBrowserTests
{
    [Fact]
    public async Task A_negative_burst_reads_in_the_banner_and_the_inbox_with_names_severity_and_posts_on_screen()
    {
        var api = app.Client();
        var brand = Unique("Chez Marlin");
        var handle = $"roxy{Guid.NewGuid().ToString("N")[..6]}";
        var brandId = await api.BrandAsync(brand);
        var influencerId = await api.InfluencerAsync("Roxy Vale " + handle[^6..], handle);
        await api.PairAsync(brandId, influencerId);
        (await api.PostAsJsonAsync("/api/mentions", Complaints.CalmPast(brand, DateTimeOffset.UtcNow))).EnsureSuccessStatusCode();

        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        await SignInAsync(page);
        await page.Locator("a[href='/alerts']").First.ClickAsync();
        await Assertions.Expect(page.Locator("h1", new() { HasTextString = "Alerts" })).ToBeVisibleAsync();

        (await api.PostAsJsonAsync("/api/mentions", Complaints.Burst(brand, handle, DateTimeOffset.UtcNow))).EnsureSuccessStatusCode();

        // The banner: severity, the kind in words, who it is about, the first post.
        var banner = page.Locator("#alert-banner .fm-card", new() { HasTextString = brand }).First;
        await Assertions.Expect(banner).ToBeVisibleAsync(new() { Timeout = (float)LiveWait.TotalMilliseconds });
        await Assertions.Expect(banner.Locator(".fm-sev")).ToHaveTextAsync(new Regex("^(LOW|MEDIUM|HIGH|CRITICAL)$"));
        await Assertions.Expect(banner.Locator(".fm-card-title")).ToContainTextAsync(new Regex($"^(Negative spike|Score drop|Score below threshold): .*{Regex.Escape(brand)}"));
        await Assertions.Expect(banner.Locator(".fm-card-post")).ToContainTextAsync(brand);
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("alert-banner-desktop") });

        // The inbox card: the same, with the figures, the posts above the fold, what to do and the buttons.
        var card = page.Locator(".fm-alert", new() { Has = page.Locator(".fm-card-title", new() { HasTextString = $"Negative spike: {brand}" }) }).First;
        await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = (float)LiveWait.TotalMilliseconds });
        await Assertions.Expect(card.Locator(".fm-card-kind")).ToHaveTextAsync("Negative spike");
        await Assertions.Expect(card.Locator(".fm-card-figures")).ToContainTextAsync(new Regex("× the usual|usually has"));
        await Assertions.Expect(card.Locator(".fm-card-since")).ToContainTextAsync("Open since");
        await Assertions.Expect(card.Locator(".fm-card-post").First).ToContainTextAsync("followers");
        await Assertions.Expect(card.Locator(".fm-card-todo")).ToContainTextAsync("Acknowledge");
        // What changed since it opened, read as the inbox renders: new complaints and whether it is still rising.
        await Assertions.Expect(card.Locator(".fm-card-change")).ToContainTextAsync(new Regex(@"Since it opened: (\d+ negative mentions? since .*(still rising|still coming in|easing|quiet)|no negative mentions since [^;]*\.$)"));
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" })).ToBeVisibleAsync();
        Assert.DoesNotContain("negativeSpike", await card.InnerTextAsync());
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("alert-inbox-desktop") });

        // Evidence above the fold: the card's first post ends within a screen of the card's top.
        var post = await card.Locator(".fm-card-post").First.BoundingBoxAsync();
        var top = await card.BoundingBoxAsync();
        Assert.NotNull(post);
        Assert.True(post!.Y + post.Height - top!.Y < 800 - 100, $"the first post ends {post.Y + post.Height - top.Y}px below the card's top: not above the fold");
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("alert-inbox-card-desktop"), FullPage = true });

        // The alert's own page (where every channel's link goes) shows the same card.
        var alertId = await card.GetAttributeAsync("data-alert-id");
        await card.Locator("a", new() { HasTextString = "timeline and notes" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/alerts/{alertId}$"));
        // The URL changes before the new page renders (enhanced navigation): wait for the alert page itself.
        await Assertions.Expect(page.Locator("h1", new() { HasTextString = $"Alert {alertId}" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".fm-page .fm-card-title")).ToHaveTextAsync($"Negative spike: {brand}");
        await Assertions.Expect(page.Locator(".fm-page .fm-card-post").First).ToContainTextAsync(brand);
        await Assertions.Expect(page.Locator(".fm-page .fm-card-change")).ToContainTextAsync("Since it opened:");
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("alert-page-desktop"), FullPage = true });
    }
}
