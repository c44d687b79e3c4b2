using System.Net;
using FusionMonitor.Storage.Auth;
using FusionMonitor.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FusionMonitor.Web.Tests.Browser;

/// <summary>
/// The real app on a real loopback port (Kestrel, not the in-memory test server: a browser needs a socket) over a
/// fresh PostgreSQL database, plus Debian's Chromium driven by Playwright. The admin signs in with a known password
/// (<c>Auth:BootstrapAdminPassword</c>); scripts use the bootstrap API key.
/// </summary>
public sealed class BrowserApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminKey = "browser-admin-key-0123456789";
    public const string AdminPassword = "browser-admin-password-1";
    public const string ChromiumPath = "/usr/bin/chromium";

    private string _connectionString = "";
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    public Uri BaseAddress { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Browser tests drive Debian's Chromium at {ChromiumPath}, which is missing. Install it with: apt-get install -y chromium");

        _connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("browser");
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");

        using var client = Client();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var r = await client.GetAsync("healthz");
            if (r.IsSuccessStatusCode) break;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the app did not become ready: " + await r.Content.ReadAsStringAsync());
            await Task.Delay(250);
        }

        _playwright = await Playwright.CreateAsync();
        // Expectations wait up to 15 s: a loaded 2-core CI machine can take longer than the default 5 s to bring a Blazor circuit up.
        Assertions.SetDefaultExpectTimeout(15_000);
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        await DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("ConnectionStrings:Postgres", _connectionString);
        builder.UseSetting("Auth:BootstrapApiKey", AdminKey);
        builder.UseSetting("Auth:BootstrapAdminPassword", AdminPassword);
        builder.UseSetting("Auth:RequestsPerMinute", "100000");
        builder.UseSetting("Demo:Enabled", "false");
        builder.UseSetting("Alerts:EvaluateSeconds", "1");
        builder.UseSetting("Strategy:GoalCheckEvery", "00:00:01");
        builder.UseSetting("Connectors:AllowPrivateNetworks", "true"); // sources in these tests point at 127.0.0.1
    }

    /// <summary>An HTTP client on the real socket, authenticated by the admin key (as a user's script would be).</summary>
    public HttpClient Client()
    {
        var c = new HttpClient { BaseAddress = BaseAddress };
        c.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        return c;
    }

    /// <summary>A dashboard user, added straight to the store (there is no users API; the admin page adds them in the UI).</summary>
    public async Task AddUserAsync(string name, string password, Role role, IReadOnlyList<long>? brandIds)
    {
        var hasher = Services.GetRequiredService<IPasswordHasher<UserRecord>>();
        await Services.GetRequiredService<AuthStore>().AddUserAsync(name, hasher.HashPassword(null!, password), role, brandIds);
    }

    /// <summary>Where screenshots go: <c>TestResults/screenshots</c> beside the test project's output, kept as CI artifacts.</summary>
    public static string ScreenshotPath(string name)
    {
        var dir = Path.Combine(TestDatabases.RepoRoot(), "TestResults", "screenshots");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name + ".png");
    }
}
