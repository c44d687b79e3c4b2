using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FusionMonitor.Web.Tests.Browser;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests.Instances;

/// <summary>What one instance commits, a page or a hub client on another instance sees live.</summary>
[Collection(SeveralInstancesCollection.Name)]
public sealed class LiveAcrossInstancesTests(SeveralInstances instances)
{
    private static readonly TimeSpan LiveWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task MentionPostedToA_ShowsOnBsLiveStreamPage_SignedInOnA()
    {
        var api = instances.A.Client(SeveralInstances.AdminKey);
        var brand = Unique("Crossline");
        await api.BrandAsync(brand);

        await using var playwright = await BrowserSession.StartAsync();
        await using var context = await playwright.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();

        // Signed in on A; the load balancer then sends the browser to B, with A's cookie.
        await page.GotoAsync(new Uri(instances.A.BaseAddress, "login").ToString());
        await page.FillAsync("#user", "admin");
        await page.FillAsync("#password", SeveralInstances.AdminPassword);
        await page.ClickAsync("#sign-in");
        await Assertions.Expect(page.Locator("h1", new() { HasTextString = "Board" })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await page.GotoAsync(new Uri(instances.B.BaseAddress, "stream").ToString());
        await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("/login"));
        await Assertions.Expect(page.Locator("h1", new() { HasTextString = "Live mentions" })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("[data-live='on']")).ToBeVisibleAsync(new() { Timeout = 20_000 });

        // Posted to A, shown by B's page without a reload.
        var text = $"{brand} crossed over from instance A, lovely";
        (await api.PostAsJsonAsync("/api/mentions", new[] { Mention(Guid.NewGuid().ToString(), text, DateTimeOffset.UtcNow, "crosser", 1000) })).EnsureSuccessStatusCode();
        await Assertions.Expect(page.Locator(".fm-mention-text", new() { HasTextString = text })).ToBeVisibleAsync(new() { Timeout = (float)LiveWait.TotalMilliseconds });
        await page.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("instance-b-stream-shows-a"), FullPage = true });
    }

    [Fact]
    public async Task HubOnB_AcceptsTheBearerTokenSignalRClientsSend_AndGetsWhatACommits()
    {
        var api = instances.A.Client(SeveralInstances.AdminKey);
        var brand = Unique("Bearerco");
        var brandId = await api.BrandAsync(brand);

        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(instances.B.BaseAddress, "hubs/fusion"), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(SeveralInstances.AdminKey); // sent as Authorization: Bearer
                o.Transports = HttpTransportType.WebSockets | HttpTransportType.LongPolling;
            })
            .Build();
        var received = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        var count = 0;
        hub.On<JsonElement>("mentionScored", e =>
        {
            if (!e.GetProperty("brandIds").EnumerateArray().Any(b => b.GetInt64() == brandId)) return;
            Interlocked.Increment(ref count);
            received.TrySetResult(e);
        });
        await hub.StartAsync();
        await hub.InvokeAsync("SubscribeBrand", brandId);

        (await api.PostAsJsonAsync("/api/mentions", new[] { Mention(Guid.NewGuid().ToString(), $"{brand} is great", DateTimeOffset.UtcNow) })).EnsureSuccessStatusCode();
        var e = await received.Task.WaitAsync(LiveWait);
        Assert.Equal(brandId, e.GetProperty("brandIds")[0].GetInt64());
        // Once: A forwards its own events through SignalR's backplane; B does not forward them a second time.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(1, Volatile.Read(ref count));

        // The same negotiate with a wrong token is refused.
        using var anonymous = new HttpClient { BaseAddress = instances.B.BaseAddress };
        using var bad = new HttpRequestMessage(HttpMethod.Post, "hubs/fusion/negotiate?negotiateVersion=1");
        bad.Headers.Authorization = new("Bearer", "not-a-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(bad)).StatusCode);
    }
}
