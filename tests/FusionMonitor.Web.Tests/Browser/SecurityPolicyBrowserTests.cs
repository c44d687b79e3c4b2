using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests.Browser;

/// <summary>The dashboard under its content security policy: every page works live, and the browser reports no violation.</summary>
public sealed class SecurityPolicyBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Every_page_runs_live_under_the_content_security_policy_without_a_violation()
    {
        var api = app.Client();
        var brandId = await api.BrandAsync(Unique("Cspco"));
        var handle = $"csp{Guid.NewGuid().ToString("N")[..6]}";
        var pairId = await api.PairAsync(brandId, await api.InfluencerAsync("Cas " + handle, handle));

        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var violations = new ConcurrentQueue<string>();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || m.Text.Contains("Refused to", StringComparison.Ordinal)) violations.Enqueue(m.Text); };
        page.PageError += (_, e) => violations.Enqueue("page error: " + e);
        await page.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI))");

        var first = await page.GotoAsync("/login");
        Assert.Contains("script-src 'self'", await first!.HeaderValueAsync("content-security-policy"));
        await page.FillAsync("#user", "admin");
        await page.FillAsync("#password", BrowserApp.AdminPassword);
        await page.ClickAsync("#sign-in");
        foreach (var path in new[] { "/", $"/pairs/{pairId}", $"/brands/{brandId}", "/alerts", "/stream", "/admin" })
        {
            await page.GotoAsync(path);
            await Assertions.Expect(page.Locator("[data-live='on']")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        }
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("admin-under-csp-desktop"), FullPage = true });

        Assert.Empty(violations);
    }
}
