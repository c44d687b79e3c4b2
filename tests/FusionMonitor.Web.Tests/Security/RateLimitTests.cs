using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Web.Tests.Infrastructure;

namespace FusionMonitor.Web.Tests.Security;

/// <summary>An app with a tiny per-caller budget, so exhausting a bucket takes a handful of requests.</summary>
public sealed class TightRateLimitApp : FusionApp
{
    public const int PerMinute = 4;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Auth:RequestsPerMinute"] = PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

public sealed class RateLimitTests(TightRateLimitApp app) : IClassFixture<TightRateLimitApp>
{
    [Fact]
    public async Task The_bucket_is_the_keys_id_so_a_new_key_with_an_exhausted_keys_name_starts_full()
    {
        var admin = app.Client();
        var name = Infrastructure.Api.Unique("script");
        var first = await NewKeyAsync(admin, name);
        var second = await NewKeyAsync(admin, name); // same name, different key

        var c1 = app.Client(first);
        for (var i = 0; i < TightRateLimitApp.PerMinute; i++) Assert.Equal(HttpStatusCode.OK, (await c1.GetAsync("/api/pairs")).StatusCode);
        var limited = await c1.GetAsync("/api/pairs");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter is not null, "429 carries Retry-After");

        Assert.Equal(HttpStatusCode.OK, (await app.Client(second).GetAsync("/api/pairs")).StatusCode);
    }

    private static async Task<string> NewKeyAsync(HttpClient admin, string name)
    {
        var r = await admin.PostAsJsonAsync("/api/keys", new { name, role = "viewer" });
        r.EnsureSuccessStatusCode();
        return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }
}
