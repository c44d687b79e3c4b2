using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FusionMonitor.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests.Browser;

/// <summary>The inbox's filters and each card's assignee, in a real browser.</summary>
public sealed partial class DashboardBrowserTests
{
    [Fact]
    public async Task The_inbox_filters_by_kind_severity_brand_and_assignee_and_each_card_says_who_is_on_it()
    {
        var api = app.Client();
        var brand = Unique("Inbox Deli");
        var brandId = await api.BrandAsync(brand);
        (await api.PostAsJsonAsync("/api/mentions", Complaints.CalmPast(brand, DateTimeOffset.UtcNow))).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync("/api/mentions", Complaints.Burst(brand, "", DateTimeOffset.UtcNow))).EnsureSuccessStatusCode();
        JsonElement alert = default;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (alert.ValueKind != JsonValueKind.Object && waited.Elapsed < TimeSpan.FromMinutes(3))
        {
            var mine = (await api.GetFromJsonAsync<JsonElement>($"/api/alerts?status=open&brandId={brandId}&kind=negativeSpike")).EnumerateArray().ToList();
            if (mine.Count > 0) alert = mine[0];
            else await Task.Delay(200);
        }
        Assert.Equal(JsonValueKind.Object, alert.ValueKind);
        var id = alert.GetProperty("id").GetInt64();
        var severity = alert.GetProperty("severity").GetString()!;

        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await SignInAsync(page);
        await page.GotoAsync("/alerts");
        await Assertions.Expect(page.Locator("[data-live='on']")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var card = page.Locator($".fm-alert[data-alert-id='{id}']");

        async Task Pick(string select, string option)
        {
            await page.Locator($"#{select}").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = option }).First.ClickAsync();
        }

        // The brand and the kind keep it, and its card says nobody is on it yet.
        await Pick("brand-filter", brand);
        await Pick("kind-filter", "Negative spike");
        await Assertions.Expect(card).ToBeVisibleAsync();
        await Assertions.Expect(card.Locator(".fm-card-assignee")).ToHaveTextAsync("Nobody assigned");
        await Assertions.Expect(page.Locator(".fm-alert")).ToHaveCountAsync(1);

        // The filters are in the address: a reload keeps them (the same one card, the brand still picked).
        // (The address follows each pick a moment after the list does: wait for it, do not read it once.)
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($@"/alerts\?.*brandId={brandId}"));
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("kind=negativeSpike"));
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-live='on']")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(card).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".fm-alert")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".fm-inbox-filters input").Nth(0)).ToHaveValueAsync("Negative spike");
        await Assertions.Expect(page.Locator(".fm-inbox-filters input").Nth(2)).ToHaveValueAsync(brand);

        // Another kind, or a severity it does not have, leaves the inbox empty, saying why.
        await Pick("kind-filter", "Score drop");
        await Assertions.Expect(page.Locator("#no-alerts")).ToHaveTextAsync("No open alerts match these filters.");
        await Pick("kind-filter", "Any kind");
        await Pick("severity-filter", severity == "low" ? "Critical" : "Low");
        await Assertions.Expect(page.Locator("#no-alerts")).ToBeVisibleAsync();
        await Pick("severity-filter", char.ToUpperInvariant(severity[0]) + severity[1..]);
        await Assertions.Expect(card).ToBeVisibleAsync();

        // Assigned to me: not yet; once it is assigned to this user, it is there with their name on the card.
        await Pick("assignee-filter", "Assigned to me");
        await Assertions.Expect(page.Locator("#no-alerts")).ToBeVisibleAsync();
        (await api.PostAsJsonAsync($"/api/alerts/{id}/assign", new { assignee = "admin" })).EnsureSuccessStatusCode();
        await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = (float)LiveWait.TotalMilliseconds });
        await Assertions.Expect(card.Locator(".fm-card-assignee")).ToHaveTextAsync("Assigned to admin");
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("alert-inbox-filters-desktop"), FullPage = true });
        await Pick("assignee-filter", "Nobody assigned");
        await Assertions.Expect(page.Locator("#no-alerts")).ToBeVisibleAsync();
    }
}
