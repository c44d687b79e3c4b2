using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests.Browser;

/// <summary>The alert page's incident timeline in a real browser: opened, a note, an assignment, acknowledged, resolved — who and when.</summary>
public sealed partial class DashboardBrowserTests
{
    [Fact]
    public async Task The_alert_page_keeps_an_incident_timeline_of_notes_assignment_and_status()
    {
        var api = app.Client();
        var brand = Unique("Timeline Cafe");
        var brandId = await api.BrandAsync(brand);
        var colleague = "sam-" + Guid.NewGuid().ToString("N")[..6];
        await app.AddUserAsync(colleague, "a-long-password-2", FusionMonitor.Storage.Auth.Role.Viewer, null);
        (await api.PostAsJsonAsync("/api/mentions", Complaints.CalmPast(brand, DateTimeOffset.UtcNow))).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync("/api/mentions", Complaints.Burst(brand, "", DateTimeOffset.UtcNow))).EnsureSuccessStatusCode();
        long id = 0;
        for (var i = 0; i < 450 && id == 0; i++)
        {
            var open = await api.GetFromJsonAsync<JsonElement>("/api/alerts?status=open");
            var mine = open.EnumerateArray().FirstOrDefault(a => a.GetProperty("brandId").ValueKind == JsonValueKind.Number && a.GetProperty("brandId").GetInt64() == brandId);
            if (mine.ValueKind == JsonValueKind.Object) id = mine.GetProperty("id").GetInt64();
            else await Task.Delay(200);
        }
        Assert.NotEqual(0, id);

        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await SignInAsync(page);
        await page.GotoAsync($"/alerts/{id}");
        await Assertions.Expect(page.Locator("[data-live='on']")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var timeline = page.Locator("#alert-timeline li");
        await Assertions.Expect(timeline.First).ToContainTextAsync("Opened by FusionMonitor");

        // An empty note is refused in a sentence; a real one is added, signed by the user.
        await page.Locator("#add-note").ClickAsync();
        await Assertions.Expect(page.Locator("#note-problem")).ToContainTextAsync("A note needs some text");
        await page.Locator("#note-text").FillAsync("Spoke to the owner, statement at 9");
        await page.Locator("#add-note").ClickAsync();
        await Assertions.Expect(page.Locator("#alert-timeline li[data-kind='noted']")).ToContainTextAsync("Note by admin");
        await Assertions.Expect(page.Locator("#alert-timeline li[data-kind='noted']")).ToContainTextAsync("Spoke to the owner, statement at 9");

        // Assign to a colleague from the list.
        await page.Locator("#assign-select").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = colleague }).First.ClickAsync();
        await Assertions.Expect(page.Locator("#alert-assignee")).ToHaveTextAsync($"Assigned to {colleague}");
        await Assertions.Expect(page.Locator("#alert-timeline li[data-kind='assigned']")).ToContainTextAsync($"Assigned to {colleague} by admin");

        // Acknowledge and resolve from the card; each is on the record.
        await page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
        await Assertions.Expect(page.Locator("#alert-timeline li[data-kind='acknowledged']")).ToContainTextAsync("Acknowledged by admin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();
        await Assertions.Expect(page.Locator("#alert-timeline li[data-kind='resolved']")).ToContainTextAsync("Resolved by admin");
        await Assertions.Expect(page.Locator(".fm-page .fm-status")).ToHaveTextAsync("resolved");
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("alert-timeline-desktop"), FullPage = true });

        // The API tells the same story.
        var kinds = (await api.GetFromJsonAsync<JsonElement>($"/api/alerts/{id}")).GetProperty("timeline").EnumerateArray()
            .Where(e => e.GetProperty("actor").GetString() == "admin").Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["noted", "assigned", "acknowledged", "resolved"], kinds);
    }
}
