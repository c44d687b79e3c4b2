using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests.Browser;

/// <summary>The brand page's strategy panel (issue 21): the importance–performance grid with its movement, the voices, suggestions and Track.</summary>
public sealed class StrategyBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task TheBrandPage_DrawsTheGridWithMovement_SuggestsTheLoudVoice_AndTracksItInOneClick()
    {
        var api = app.Client();
        var brand = Unique("The Gilded Salmon");
        var brandId = await api.BrandAsync(brand);
        var now = DateTimeOffset.UtcNow;
        var star = $"salmonfan{Guid.NewGuid().ToString("N")[..6]}";
        // This period: lovely staff, outrageous prices. The period before (31–60 days ago): rude staff, fair prices.
        var thisPeriod = new[]
        {
            $"The staff at {brand} were lovely and so friendly, but the prices are outrageous and a total rip-off.",
            $"Our waiter at {brand} was a delight, but the bill was a joke, way overpriced.",
            $"{brand}: great service from the staff, but the price was ridiculous for what you get.",
            $"Friendly staff at {brand}, however it is far too expensive, not worth the money.",
            $"{brand} is a rip-off, overpriced and not worth it.",
            $"Prices at {brand} went up again, so expensive now, awful value.",
            $"Went to {brand} on Friday.",
        };
        var before = new[]
        {
            $"Rude staff at {brand}, but the prices are fair and it is great value.",
            $"The waiter at {brand} was so rude to us, though the bill was cheap, a real bargain.",
            $"{brand} has affordable prices, great value for money!",
            $"Terrible service at {brand}, the staff ignored us, awful attitude.",
            $"Cheap and cheerful, {brand} is excellent value.",
            // Enough of them name each aspect (ImportancePerformance.MinMentionsToCompare) for the move to be drawn.
            $"The staff at {brand} barely looked at us, at least the prices were low.",
            $"Slow, grumpy service at {brand}; cheap though, good value for money.",
            $"Waiters at {brand} were unfriendly and careless, but the price was right.",
            $"Our server at {brand} was rude again. Reasonable prices, mind you.",
        };
        var loud = new[]
        {
            $"Dinner at {brand} tonight was magical, I adore this place",
            $"Back at {brand} again and loving every minute, simply wonderful",
            $"{brand} never disappoints me, brilliant evening with friends",
            $"Can't stop recommending {brand}, my favourite spot in the city",
            $"Another fantastic night out thanks to {brand}, thrilled",
        };
        var mentions = new List<object>();
        mentions.AddRange(thisPeriod.Select((t, i) => Mention(Guid.NewGuid().ToString(), t, now.AddHours(-2 - i), $"guest{i}", 300)));
        mentions.AddRange(before.Select((t, i) => Mention(Guid.NewGuid().ToString(), t, now.AddDays(-40).AddHours(-i), $"earlier{i}", 300)));
        mentions.AddRange(loud.Select((t, i) => Mention(Guid.NewGuid().ToString(), t, now.AddHours(-10 - 20 * i), "@" + star, 250_000, source: "bluesky")));
        (await api.PostAsJsonAsync("/api/mentions", mentions)).EnsureSuccessStatusCode();

        var voices = (await api.GetFromJsonAsync<JsonElement>($"/api/brands/{brandId}/voices", Web)).EnumerateArray().ToList();
        Assert.Equal(star, voices[0].GetProperty("handle").GetString());
        Assert.True(voices[0].GetProperty("suggested").GetBoolean(), voices[0].ToString());
        Assert.DoesNotContain(voices.Skip(1), v => v.GetProperty("suggested").GetBoolean()); // one casual review each: below the level

        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await DashboardBrowserTests.SignInAsync(page);
        await page.GotoAsync($"/brands/{brandId}");

        var price = page.Locator(".fm-ipc-point[data-aspect='price']");
        var staff = page.Locator(".fm-ipc-point[data-aspect='staff']");
        await Assertions.Expect(price).ToHaveAttributeAsync("data-quadrant", "concentrateHere");
        await Assertions.Expect(price).ToContainTextAsync("price");
        await Assertions.Expect(staff).ToContainTextAsync("staff");
        await Assertions.Expect(page.Locator(".fm-ipc-crosshair")).ToHaveCountAsync(2);
        // Movement: where each stood the period before, with an arrow; prices fell from the right half, staff rose from the left.
        await Assertions.Expect(page.Locator(".fm-ipc-ghost[data-aspect='price']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".fm-ipc-move[data-aspect='staff']")).ToHaveCountAsync(1);
        Assert.True(await CxAsync(page.Locator(".fm-ipc-ghost[data-aspect='price']")) > await CxAsync(price.Locator("circle")), "price should have moved left (performance fell)");
        Assert.True(await CxAsync(page.Locator(".fm-ipc-ghost[data-aspect='staff']")) < await CxAsync(staff.Locator("circle")), "staff should have moved right (performance rose)");
        await Assertions.Expect(page.Locator(".fm-ipc-table tr[data-aspect='price']")).ToContainTextAsync("concentrate here");
        // The mention list names the aspects each mention is about.
        var slated = page.Locator(".fm-mention", new() { HasTextString = "way overpriced" });
        await Assertions.Expect(slated.Locator(".fm-aspect[data-aspect='price']")).ToBeVisibleAsync();
        await Assertions.Expect(slated.Locator(".fm-aspect[data-aspect='staff']")).ToBeVisibleAsync(); // "Our waiter … was a delight"
        await Assertions.Expect(page.Locator(".fm-mention", new() { HasTextString = "on Friday" }).Locator(".fm-aspect")).ToHaveCountAsync(0);

        var suggestion = page.Locator($"#strategy-suggested li[data-handle='{star}']");
        await Assertions.Expect(suggestion).ToContainTextAsync("5 mentions");
        await Assertions.Expect(page.Locator("#strategy-suggested li")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator($".fm-voices tr[data-handle='{star}']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("fm-suggested"));
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("brand-strategy-before-track"), FullPage = true });

        await suggestion.Locator(".fm-track").ClickAsync();
        await Assertions.Expect(page.Locator("#strategy-message")).ToContainTextAsync($"Tracking @{star}");
        await Assertions.Expect(page.Locator($".fm-voices tr[data-handle='{star}'] a.fm-tracked")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#strategy-suggested")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".fm-board").First).ToContainTextAsync("@" + star);
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("brand-strategy-after-track"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844); // a phone: the panel stacks, nothing wider than the screen
        await Assertions.Expect(page.Locator(".fm-ipc")).ToBeVisibleAsync();
        // The layout settles after the resize (the drawer and tables switch to their phone form): wait up to 5 s for it.
        var overflow = int.MaxValue;
        for (var i = 0; i < 20 && overflow > 1; i++)
        {
            if (i > 0) await Task.Delay(250);
            overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        }
        var widest = await page.EvaluateAsync<string>("() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(-3).map(e => e.tagName + '.' + e.className).join(' | ')");
        Assert.True(overflow <= 1, $"the brand page is {overflow}px wider than a 390px screen: {widest}");
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("brand-strategy-phone"), FullPage = true });

        // What the click made is what the two API calls make: an influencer holding the handle, paired with the brand.
        var top = (await api.GetFromJsonAsync<JsonElement>($"/api/brands/{brandId}/voices?limit=1", Web))[0];
        var pairId = top.GetProperty("pairId").GetInt64();
        Assert.False(top.GetProperty("suggested").GetBoolean());
        var pair = await api.GetFromJsonAsync<JsonElement>($"/api/pairs/{pairId}", Web);
        Assert.Equal(brandId, pair.GetProperty("brandId").GetInt64());
        Assert.Equal(top.GetProperty("influencerId").GetInt64(), pair.GetProperty("influencerId").GetInt64());
        var influencer = await api.GetFromJsonAsync<JsonElement>($"/api/influencers/{top.GetProperty("influencerId").GetInt64()}", Web);
        Assert.Equal(star, influencer.GetProperty("handles").GetProperty("bluesky").GetString());
    }

    [Fact]
    public async Task EachBrandPage_TagsATwoBrandPostWithTheAspectsItNamesAboutThatBrand()
    {
        var api = app.Client();
        var knits = Unique("Lumen Knits");
        var salmon = Unique("Gilded Salmon");
        var knitsId = await api.BrandAsync(knits);
        var salmonId = await api.BrandAsync(salmon);
        var text = $"Loved my {knits} sweater but the {salmon} waiters were rude";
        (await api.PostAsJsonAsync("/api/mentions", new[] { Mention(Guid.NewGuid().ToString(), text, DateTimeOffset.UtcNow.AddMinutes(-3), "diner", 300) })).EnsureSuccessStatusCode();

        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await DashboardBrowserTests.SignInAsync(page);
        foreach (var (id, aspect, shot) in new[] { (knitsId, "quality", "brand-mention-aspects-knits"), (salmonId, "staff", "brand-mention-aspects-restaurant") })
        {
            await page.GotoAsync($"/brands/{id}");
            var post = page.Locator(".fm-mention", new() { HasTextString = "waiters were rude" });
            await Assertions.Expect(post.Locator($".fm-aspect[data-aspect='{aspect}']")).ToBeVisibleAsync();
            await Assertions.Expect(post.Locator(".fm-aspect")).ToHaveCountAsync(1);   // not the other brand's
            await page.WaitForTimeoutAsync(1000); // the page settles (prerendered, then live): the list must still say so
            await Assertions.Expect(post.Locator($".fm-aspect[data-aspect='{aspect}']")).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath(shot), FullPage = true });
        }
    }

    [Fact]
    public async Task TheBrandPage_ComparesItsShareOfVoiceWithTheCompetitorsPickedThere()
    {
        var api = app.Client();
        var (mine, theirs) = (Unique("Blue Heron Books"), Unique("Red Kite Books"));
        var (mineId, theirsId) = (await api.BrandAsync(mine), await api.BrandAsync(theirs));
        var now = DateTimeOffset.UtcNow;
        string[] texts = ["found a gem at {0} today, lovely", "{0} has the best shelves in town", "spent hours at {0}, wonderful staff"];
        var mentions = texts.Select((t, i) => Mention(Guid.NewGuid().ToString(), string.Format(t, mine), now.AddHours(-1 - i), $"reader{i}", 300))
            .Append(Mention(Guid.NewGuid().ToString(), $"{theirs} was closed again, annoying", now.AddHours(-2), "passer", 300)).ToList();
        (await api.PostAsJsonAsync("/api/mentions", mentions)).EnsureSuccessStatusCode();

        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await DashboardBrowserTests.SignInAsync(page);
        await page.GotoAsync($"/brands/{mineId}");
        await Assertions.Expect(page.Locator("#sov-empty")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-live='on']")).ToBeVisibleAsync(); // the page is interactive
        await page.Locator($"#sov-pick input[data-brand-id='{theirsId}']").CheckAsync();
        await page.Locator("#sov-save").ClickAsync();
        await Assertions.Expect(page.Locator("#sov-table tr[data-brand-id]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator($"#sov-table tr[data-brand-id='{mineId}'] .fm-sov-share")).ToHaveTextAsync("75%");
        await Assertions.Expect(page.Locator($"#sov-table tr[data-brand-id='{theirsId}'] .fm-sov-share")).ToHaveTextAsync("25%");
        await Assertions.Expect(page.Locator(".fm-sov-line")).ToHaveCountAsync(2);
        Assert.Equal(theirsId, (await api.GetFromJsonAsync<JsonElement>($"/api/brands/{mineId}/competitors", Web))[0].GetProperty("id").GetInt64());
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("brand-share-of-voice"), FullPage = true });
    }

    private static async Task<double> CxAsync(ILocator circle) =>
        double.Parse((await circle.GetAttributeAsync("cx"))!, CultureInfo.InvariantCulture);
}
