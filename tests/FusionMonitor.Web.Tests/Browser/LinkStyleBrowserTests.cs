using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests.Browser;

/// <summary>
/// Names that look like links are links (issue 20, "names that look like links but are not"): on the board, a brand's
/// page, a pair's page and an alert's page, every visible element styled as a link — the page's link colour,
/// underlined, or a pointer — is a link, every text link is drawn as one, and every link on the site has an address
/// that answers 200 for the signed-in user (other sites' addresses, such as a post's, are not fetched).
/// </summary>
public sealed class LinkStyleBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    /// <summary>What on the page looks like a link but is not one, and the links' addresses (same-site ones resolved).</summary>
    private const string Survey =
        """
        () => {
          const probe = document.createElement('a');
          probe.href = '/';
          probe.textContent = 'x';
          (document.querySelector('.fm-page') ?? document.body).appendChild(probe);
          const linkColour = getComputedStyle(probe).color;
          probe.remove();
          const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length) && getComputedStyle(el).visibility !== 'hidden';
          const describe = el => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''} "${(el.textContent || '').trim().slice(0, 60)}"`;
          const fakes = [];
          for (const el of document.querySelectorAll('body *')) {
            if (!visible(el) || el.closest('a, button, [role=button], [role=tab], [role=option], [role=menuitem], input, select, textarea, label, svg, .mud-button-root, .mud-input-control, .mud-toggle-item, .mud-table-sort-label')) continue;
            if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
            const s = getComputedStyle(el);
            const why = [];
            if (s.color === linkColour) why.push('link colour');
            if (s.textDecorationLine.includes('underline')) why.push('underlined');
            if (s.cursor === 'pointer') why.push('pointer');
            if (why.length) fakes.push(`${describe(el)}: ${why.join(', ')}`);
          }
          const links = [...document.querySelectorAll('a')].filter(visible).map(a => ({
            text: describe(a), href: a.getAttribute('href'), url: a.href, sameSite: a.origin === location.origin,
            // A text link on the page is drawn as one (a badge or a marker link draws itself).
            plain: !!a.closest('.fm-page') && !a.matches('.fm-goal-link, .fm-marker, .mud-button-root')
              && (getComputedStyle(a).color !== linkColour || !getComputedStyle(a).textDecorationLine.includes('underline')) }));
          return { linkColour, fakes, links };
        }
        """;

    private sealed record Link(string Text, string? Href, string Url, bool SameSite);

    [Fact]
    public async Task Every_name_styled_as_a_link_on_the_board_brand_pair_and_alert_pages_is_a_link_that_answers_200()
    {
        var api = app.Client();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var brand = $"Copper Kettle {tag}";
        var handle = $"mira{tag}";
        var brandId = await api.BrandAsync(brand);
        var pairId = await api.PairAsync(brandId, await api.InfluencerAsync($"Mira Hale {tag}", handle));
        (await api.PostAsJsonAsync("/api/mentions", Complaints.CalmPast(brand, DateTimeOffset.UtcNow))).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync("/api/mentions", Complaints.Burst(brand, handle, DateTimeOffset.UtcNow))).EnsureSuccessStatusCode();
        long? alertId = null;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (alertId is null && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            var alerts = await api.GetFromJsonAsync<JsonElement>($"/api/alerts?brandId={brandId}");
            if (alerts.GetArrayLength() > 0) alertId = alerts[0].GetProperty("id").GetInt64();
            else await Task.Delay(250);
        }
        Assert.NotNull(alertId);

        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 1000 } });
        var page = await context.NewPageAsync();
        await DashboardBrowserTests.SignInAsync(page);
        var problems = new List<string>();
        var checkedUrls = new Dictionary<string, int>();
        foreach (var (path, name, ready) in new[]
                 {
                     ("/", "board", $"a[href='/pairs/{pairId}']"),
                     ($"/brands/{brandId}", "brand", $"a[href='/pairs/{pairId}']"),
                     ($"/pairs/{pairId}", "pair", ".fm-marker"),
                     ($"/alerts/{alertId}", "alert", ".fm-card-post"),
                 })
        {
            await page.GotoAsync(path);
            await Assertions.Expect(page.Locator("[data-live='on']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Assertions.Expect(page.Locator(ready).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath($"links-{name}"), FullPage = true });
            var found = await page.EvaluateAsync<JsonElement>(Survey);
            problems.AddRange(found.GetProperty("fakes").EnumerateArray().Select(f => $"{name} page: looks like a link but is not: {f.GetString()}"));
            foreach (var l in found.GetProperty("links").EnumerateArray())
            {
                var link = new Link(l.GetProperty("text").GetString()!, l.GetProperty("href").GetString(), l.GetProperty("url").GetString()!, l.GetProperty("sameSite").GetBoolean());
                if (l.GetProperty("plain").GetBoolean()) problems.Add($"{name} page: a link drawn as plain text: {link.Text}");
                if (string.IsNullOrWhiteSpace(link.Href) || link.Href.StartsWith('#') || link.Href.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{name} page: a link that goes nowhere: {link.Text} (href '{link.Href}')");
                    continue;
                }
                if (!link.SameSite) continue; // another site (a post's address): not ours to fetch
                if (!checkedUrls.TryGetValue(link.Url, out var status))
                    checkedUrls[link.Url] = status = (await context.APIRequest.GetAsync(link.Url)).Status;
                if (status != 200) problems.Add($"{name} page: {link.Text} -> {link.Href} answers {status}");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Contains(checkedUrls.Keys, u => u.EndsWith($"/alerts/{alertId}", StringComparison.Ordinal) || u.EndsWith($"/pairs/{pairId}", StringComparison.Ordinal));
    }
}
