using FusionMonitor.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests.Browser;

/// <summary>The pages a PR person opens on a phone (390 px): nothing cut off or wider than the screen, "Sign out" on one line.</summary>
public sealed partial class DashboardBrowserTests
{
    [Fact]
    public async Task Board_alerts_and_admin_sources_fit_a_phone_and_sign_out_stays_on_one_line()
    {
        var api = app.Client();
        var handle = $"fit{Guid.NewGuid().ToString("N")[..6]}";
        await api.PairAsync(await api.BrandAsync(Unique("Fitwell")), await api.InfluencerAsync("Fia " + handle, handle));
        await api.RssSourceAsync("http://127.0.0.1:9/a-feed-with-a-rather-long-address/that-would-widen-a-table.xml"); // a row in the sources table
        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(), ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
        });
        var page = await context.NewPageAsync();
        await SignInAsync(page);
        foreach (var (path, name, ready) in new[] { ("/", "board", "table"), ("/alerts", "alerts", "h1"), ("/admin", "admin", ".mud-tabs") })
        {
            await page.GotoAsync(path);
            await Assertions.Expect(page.Locator(ready).First).ToBeVisibleAsync();
            if (path == "/admin")
            {
                await Assertions.Expect(page.Locator(".fm-live[data-live=on]")).ToBeVisibleAsync(); // a tab answers clicks once the circuit is up
                await page.GetByRole(AriaRole.Tab, new() { Name = "Sources" }).ClickAsync();
                await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Sources", Selected = true })).ToBeVisibleAsync();
            }
            await page.WaitForTimeoutAsync(500); // the drawer and tables switch to their phone form after the first render
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 1, $"{path} is {overflow}px wider than a 390px screen");
            // Nothing cut off inside: no element's content wider than its box where the box hides the rest (the tab bar
            // scrolls its tabs with its own arrows, so it may).
            var clipped = await page.EvaluateAsync<string>(
                "() => [...document.querySelectorAll('.fm-page *')].filter(e => { const s = getComputedStyle(e); return !e.closest('.mud-tabs-tabbar') && (s.overflowX === 'hidden' || s.overflowX === 'clip') && e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0; }).map(e => e.className || e.tagName).slice(0, 5).join(' | ')");
            Assert.True(clipped == "", $"{path} cuts off content in: {clipped}");
            // Nor pushed off the right edge inside a scrolling box (a table wider than the screen scrolls, so its last
            // columns and buttons are out of sight): every visible button and cell ends within the screen.
            var offscreen = await page.EvaluateAsync<string>(
                "() => [...document.querySelectorAll('.fm-page button, .fm-page td, .fm-page th')].filter(e => { const r = e.getBoundingClientRect(); return !e.closest('.mud-tabs-tabbar') && r.width > 0 && getComputedStyle(e).display !== 'none' && r.right > window.innerWidth + 1; }).map(e => (e.textContent || e.tagName).trim().slice(0, 30)).slice(0, 5).join(' | ')");
            Assert.True(offscreen == "", $"{path} puts out of sight: {offscreen}");
            var signOut = page.GetByRole(AriaRole.Button, new() { Name = "Sign out" });
            await Assertions.Expect(signOut).ToBeVisibleAsync();
            // The label's text lines: the rects of its text nodes alone. A range over the button's contents also returns
            // the label span's own box, which starts a few pixels above its text, and so read as a second line.
            var lines = await signOut.EvaluateAsync<int>(
                """
                b => {
                  const tops = new Set(), walk = document.createTreeWalker(b, NodeFilter.SHOW_TEXT);
                  for (let t = walk.nextNode(); t; t = walk.nextNode()) {
                    if (!t.textContent.trim()) continue;
                    const r = document.createRange(); r.selectNodeContents(t);
                    for (const x of r.getClientRects()) if (x.width > 0) tops.add(Math.round(x.top));
                  }
                  return tops.size;
                }
                """);
            Assert.True(lines == 1, $"'Sign out' takes {lines} lines on {path}");
            await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath($"{name}-phone-390"), FullPage = true });
        }
    }
}
