using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Storage;
using FusionMonitor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests.Security;

public sealed class HubAccessTestsOnPostgres(FusionApp app) : HubAccessTests(app), IClassFixture<FusionApp>;

public sealed class HubAccessTestsOnSqlite(SqliteFusionApp app) : HubAccessTests(app), IClassFixture<SqliteFusionApp>;

/// <summary>
/// An open hub connection does not keep access its caller lost (issue 20, "nobody let in who does not belong"): a
/// signed-in user narrowed to other brands, or disabled, has their connection closed within seconds (at once when the
/// change is made on the same instance, at the next periodic check when it is made elsewhere), and a reconnect gets
/// only what they may see now. The connection is a WebSocket carrying the sign-in cookie, as a browser's is.
/// </summary>
public abstract class HubAccessTests(FusionApp app)
{
    private const string Password = "a long enough password";

    /// <summary>The sign-in cookie (<c>name=value</c>) of <paramref name="name"/>, through the real sign-in form.</summary>
    private async Task<string> SignInAsync(string name) => (await app.SignInAsync(name, Password)).Cookie;

    private HubConnection CookieHub(string cookie) => WebSocketHub("Cookie", cookie);

    /// <summary>A hub connection over a WebSocket whose every request carries <paramref name="header"/>.</summary>
    private HubConnection WebSocketHub(string header, string value) => new HubConnectionBuilder()
        .WithUrl(new Uri(app.Server.BaseAddress, "/hubs/fusion"), o =>
        {
            o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
            o.Headers[header] = value;
            o.Transports = HttpTransportType.WebSockets;
            o.WebSocketFactory = async (context, ct) =>
            {
                var ws = app.Server.CreateWebSocketClient();
                ws.ConfigureRequest = r => r.Headers[header] = value;
                return await ws.ConnectAsync(context.Uri, ct);
            };
        })
        .Build();

    private sealed class Listener
    {
        public readonly ConcurrentQueue<long> Brands = new();
        public readonly TaskCompletionSource<Exception?> Closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Listener(HubConnection hub)
        {
            hub.On<JsonElement>("mentionScored", e =>
            {
                foreach (var b in e.GetProperty("brandIds").EnumerateArray()) Brands.Enqueue(b.GetInt64());
            });
            hub.Closed += e =>
            {
                Closed.TrySetResult(e);
                return Task.CompletedTask;
            };
        }

        public async Task HeardAsync(long brandId)
        {
            for (var until = DateTime.UtcNow.AddSeconds(90); DateTime.UtcNow < until; await Task.Delay(100))
                if (Brands.Contains(brandId)) return;
            Assert.Fail($"no mentionScored about brand {brandId} arrived");
        }
    }

    private async Task<(long A, string AName, long B, string BName, long UserId, string Name)> WorldAsync(HttpClient admin)
    {
        var aName = Unique("Aspen Forge");
        var bName = Unique("Baobab Forge");
        var a = await admin.BrandAsync(aName);
        var b = await admin.BrandAsync(bName);
        var name = Unique("hub-desk").Replace(' ', '-');
        var userId = (await (await admin.PostAsJsonAsync("/api/users", new { name, password = Password, role = "viewer" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        return (a, aName, b, bName, userId, name);
    }

    private static async Task PostAsync(HttpClient admin, string brand) =>
        (await admin.PostAsJsonAsync("/api/mentions", new[] { Mention(Guid.NewGuid().ToString(), $"{brand} is great", DateTimeOffset.UtcNow) })).EnsureSuccessStatusCode();

    [Fact]
    public async Task A_user_narrowed_to_brand_A_loses_their_open_connection_and_a_reconnect_hears_only_A()
    {
        var admin = app.Client();
        var (a, aName, b, bName, userId, name) = await WorldAsync(admin);
        var cookie = await SignInAsync(name);

        await using var hub = CookieHub(cookie);
        var heard = new Listener(hub);
        await hub.StartAsync();
        await hub.InvokeAsync("SubscribeAll");
        await PostAsync(admin, bName);
        await heard.HeardAsync(b);

        (await admin.PutAsJsonAsync($"/api/users/{userId}", new { brandIds = new[] { a } })).EnsureSuccessStatusCode();
        await heard.Closed.Task.WaitAsync(TimeSpan.FromSeconds(5));

        // The same sign-in reconnects with the scope it has now: B's mention first, then A's; by the time A's arrives,
        // B's would have too, had it been sent.
        await using var again = CookieHub(cookie);
        var heardAgain = new Listener(again);
        await again.StartAsync();
        await again.InvokeAsync("SubscribeAll");
        await PostAsync(admin, bName);
        await PostAsync(admin, aName);
        await heardAgain.HeardAsync(a);
        Assert.DoesNotContain(b, heardAgain.Brands);
    }

    [Fact]
    public async Task A_disabled_user_loses_their_open_connection_and_cannot_reconnect()
    {
        var admin = app.Client();
        var (_, _, b, bName, userId, name) = await WorldAsync(admin);
        var cookie = await SignInAsync(name);

        await using var hub = CookieHub(cookie);
        var heard = new Listener(hub);
        await hub.StartAsync();
        await hub.InvokeAsync("SubscribeBrand", b);
        await PostAsync(admin, bName);
        await heard.HeardAsync(b);

        (await admin.PutAsJsonAsync($"/api/users/{userId}", new { enabled = false })).EnsureSuccessStatusCode();
        await heard.Closed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await using var again = CookieHub(cookie);
        await Assert.ThrowsAnyAsync<Exception>(() => again.StartAsync());
    }

    /// <summary>
    /// A change made elsewhere (another instance sharing the database: here the row is changed under the app, so this
    /// instance hears nothing of it) is found by the periodic check (<c>Auth:HubRecheck</c>, 20 s by default).
    /// </summary>
    [Fact]
    public async Task A_user_disabled_on_another_instance_loses_their_connection_at_the_next_check()
    {
        var admin = app.Client();
        var (_, _, b, bName, userId, name) = await WorldAsync(admin);
        var cookie = await SignInAsync(name);

        await using var hub = CookieHub(cookie);
        var heard = new Listener(hub);
        await hub.StartAsync();
        await hub.InvokeAsync("SubscribeBrand", b);
        await PostAsync(admin, bName);
        await heard.HeardAsync(b);

        var db = app.Services.GetRequiredService<FusionDatabase>();
        await using (var conn = await db.OpenAsync())
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = $"update users set enabled = false where id = {userId}";
            Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
        }
        await heard.Closed.Task.WaitAsync(TimeSpan.FromSeconds(45));
    }

    [Fact]
    public async Task A_disabled_or_revoked_key_loses_its_open_connection()
    {
        var admin = app.Client();
        var (_, _, b, bName, _, _) = await WorldAsync(admin);
        foreach (var (change, label) in new (Func<long, Task<HttpResponseMessage>> Change, string Label)[]
                 {
                     (id => admin.PutAsJsonAsync($"/api/keys/{id}", new { enabled = false }), "disabled"),
                     (id => admin.DeleteAsync($"/api/keys/{id}"), "revoked"),
                 })
        {
            var issued = await (await admin.PostAsJsonAsync("/api/keys", new { name = $"hub-{label}", role = "viewer" }))
                .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
            await using var hub = WebSocketHub("X-Api-Key", issued.GetProperty("key").GetString()!);
            var heard = new Listener(hub);
            await hub.StartAsync();
            await hub.InvokeAsync("SubscribeBrand", b);
            await PostAsync(admin, bName);
            await heard.HeardAsync(b);

            (await change(issued.GetProperty("id").GetInt64())).EnsureSuccessStatusCode();
            await heard.Closed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        }
    }
}
