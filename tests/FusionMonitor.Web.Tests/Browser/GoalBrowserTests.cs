using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FusionMonitor.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests.Browser;

/// <summary>Goals in the dashboard (issue 21): set on the brand page, a badge on the board, the goal page with its projection, edit and delete.</summary>
public sealed class GoalBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task A_goal_set_on_the_brand_page_shows_its_projection_and_badge_raises_its_alert_and_can_be_edited_and_deleted()
    {
        var api = app.Client();
        var brand = Unique("Larkspur Teas");
        var handle = $"mira{Guid.NewGuid().ToString("N")[..6]}";
        var brandId = await api.BrandAsync(brand);
        var influencer = "Mira " + handle;
        var pairId = await api.PairAsync(brandId, await api.InfluencerAsync(influencer, handle));
        var today = DateTime.UtcNow.Date;

        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await DashboardBrowserTests.SignInAsync(page);
        await page.GotoAsync($"/brands/{brandId}");
        await Assertions.Expect(page.Locator("#goals-empty")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-live='on']")).ToBeVisibleAsync(); // the page is interactive: buttons answer

        // Set: the pair to 70 in 30 days, 65 in 5 days. The score is neutral with no trend: at risk.
        await page.Locator("#goal-new-open").ClickAsync();
        await page.Locator("#goal-subject").SelectOptionAsync($"pair:{pairId}");
        await page.Locator("#goal-target").FillAsync("70");
        await page.Locator("#goal-by").FillAsync(today.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.Locator("#goal-add-milestone").ClickAsync();
        await page.Locator(".goal-milestone-target").FillAsync("65");
        await page.Locator(".goal-milestone-at").FillAsync(today.AddDays(5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.Locator("#goal-save").ClickAsync();
        var row = page.Locator("#brand-goals tr[data-goal-id]");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync($"{influencer} × {brand}");
        await Assertions.Expect(row.Locator(".fm-goal-badge")).ToHaveAttributeAsync("data-goal-status", "atRisk");
        var goalId = long.Parse((await row.GetAttributeAsync("data-goal-id"))!, CultureInfo.InvariantCulture);
        var stored = await api.GetFromJsonAsync<JsonElement>($"/api/goals/{goalId}", Web);
        Assert.Equal(70, stored.GetProperty("target").GetDouble());
        Assert.Equal(65, stored.GetProperty("milestones")[0].GetProperty("target").GetDouble());
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("brand-goals"), FullPage = true });

        // The board's row carries the badge the goal check wrote (it runs every second here; the board reads it when it loads).
        await page.GotoAsync("/");
        var badge = page.Locator($"[data-goal-for='{pairId}'] .fm-goal-badge");
        await Assertions.Expect(badge).ToBeVisibleAsync();
        for (var i = 0; i < 60 && await badge.GetAttributeAsync("data-goal-status") != "atRisk"; i++)
        {
            await Task.Delay(500);
            await page.ReloadAsync();
        }
        await Assertions.Expect(badge).ToHaveAttributeAsync("data-goal-status", "atRisk");
        await Assertions.Expect(badge).ToHaveTextAsync("goal 70: at risk");
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("board-goal-badge"), FullPage = true });

        // The goal page: the projection, the target line, the milestone at risk, and the at-risk alert in its history.
        await badge.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/goals/{goalId}$"));
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync($"Goal: {influencer} × {brand} to 70");
        await Assertions.Expect(page.Locator(".fm-goal-projection")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".fm-goal-target")).ToHaveAttributeAsync("data-target", "70");
        await Assertions.Expect(page.Locator(".fm-goal-milestone")).ToHaveAttributeAsync("data-status", "atRisk");
        await Assertions.Expect(page.Locator(".fm-goal-badge-large")).ToHaveAttributeAsync("data-goal-status", "atRisk");
        for (var i = 0; i < 60 && await page.Locator("#goal-history li[data-kind='alertRaised']").CountAsync() == 0; i++)
        {
            await Task.Delay(500);
            await page.ReloadAsync();
        }
        await Assertions.Expect(page.Locator("#goal-history li[data-kind='alertRaised']")).ToContainTextAsync("short of the milestone of 65");
        await Assertions.Expect(page.Locator("#goal-history li[data-kind='created']")).ToContainTextAsync("target 70");
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("goal-page-at-risk"), FullPage = true });

        // Edit: a target the score already meets.
        await Assertions.Expect(page.Locator("[data-live='on']")).ToBeVisibleAsync();
        await page.Locator("#goal-edit #goal-target").FillAsync("45");
        await page.Locator("#goal-edit #goal-save").ClickAsync();
        await Assertions.Expect(page.Locator(".fm-goal-badge-large")).ToHaveAttributeAsync("data-goal-status", "met");
        await Assertions.Expect(page.Locator("#goal-history li[data-kind='edited']")).ToContainTextAsync("target 45");
        Assert.Equal(45, (await api.GetFromJsonAsync<JsonElement>($"/api/goals/{goalId}", Web)).GetProperty("target").GetDouble());
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("goal-page-met"), FullPage = true });

        // Delete, after a confirmation: back on the brand page, no goal left.
        await page.Locator("#goal-delete").ClickAsync();
        await page.Locator("#goal-delete-confirm").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/brands/{brandId}$"));
        await Assertions.Expect(page.Locator("#goals-empty")).ToBeVisibleAsync();
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await api.GetAsync($"/api/goals/{goalId}")).StatusCode);
    }
}
