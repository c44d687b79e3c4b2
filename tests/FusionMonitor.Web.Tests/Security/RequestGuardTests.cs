using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FusionMonitor.Web.Hosting;
using FusionMonitor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FusionMonitor.Web.Tests.Security;

/// <summary>The app with a dashboard user whose password the tests know, so they can sign in through the real form.</summary>
public sealed class CookieApp : FusionApp
{
    public const string AdminPassword = "correct horse battery staple";

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Auth:BootstrapAdminPassword"] = AdminPassword,
    };

    /// <summary>A browser-like client (cookies kept) signed in through the sign-in form.</summary>
    public async Task<HttpClient> SignedInAsync(string? forwardedProto = null)
    {
        var c = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var form = await c.GetStringAsync("/login");
        var post = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = AntiforgeryToken(form),
                ["Input.User"] = "admin",
                ["Input.Password"] = AdminPassword,
            }),
        };
        if (forwardedProto is not null) post.Headers.Add("X-Forwarded-Proto", forwardedProto);
        var signedIn = await c.SendAsync(post);
        Assert.True(signedIn.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(v => v.StartsWith("fusion.auth=", StringComparison.Ordinal)),
            $"sign-in did not set the cookie: {(int)signedIn.StatusCode} {await signedIn.Content.ReadAsStringAsync()}");
        LastSignIn = signedIn;
        return c;
    }

    public HttpResponseMessage? LastSignIn { get; private set; }

    public static string AntiforgeryToken(string html) =>
        Regex.Match(html, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"__RequestVerificationToken\"") is { Success: true } m
            ? WebUtility.HtmlDecode(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)
            : throw new InvalidOperationException("no antiforgery token in the page");
}

public sealed class RequestGuardTests(CookieApp app) : IClassFixture<CookieApp>
{
    [Fact]
    public async Task A_cookie_cannot_change_anything_through_the_api_from_another_site_or_without_the_antiforgery_token()
    {
        var browser = await app.SignedInAsync();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/pairs")).StatusCode); // reading with the cookie is fine

        var name = Infrastructure.Api.Unique("Forged");
        var crossSite = new HttpRequestMessage(HttpMethod.Post, "/api/brands") { Content = JsonContent.Create(new { name }) };
        crossSite.Headers.Add("Origin", "https://evil.example");
        var forged = await browser.SendAsync(crossSite);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal("application/problem+json", forged.Content.Headers.ContentType?.MediaType);

        var ack = await browser.PostAsync("/api/alerts/1/ack", null); // a form-less, token-less POST, as a cross-site <form> sends
        Assert.Equal(HttpStatusCode.Forbidden, ack.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.PostAsJsonAsync("/api/brands", new { name })).StatusCode);
        Assert.DoesNotContain((await app.Client().GetFromJsonAsync<JsonElement>("/api/brands")).EnumerateArray(), b => b.GetProperty("name").GetString() == name);

        // The dashboard's own pages carry the token; with it, the cookie may change things.
        var token = CookieApp.AntiforgeryToken(await browser.GetStringAsync("/"));
        var withToken = new HttpRequestMessage(HttpMethod.Post, "/api/brands") { Content = JsonContent.Create(new { name }) };
        withToken.Headers.Add("RequestVerificationToken", token);
        Assert.Equal(HttpStatusCode.Created, (await browser.SendAsync(withToken)).StatusCode);

        // A hub connection with the cookie from another site is refused too (no cross-site WebSocket hijacking).
        var hub = new HttpRequestMessage(HttpMethod.Post, "/hubs/fusion/negotiate?negotiateVersion=1");
        hub.Headers.Add("Origin", "https://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(hub)).StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/json; charset=iso-8859-1")]
    public async Task An_api_body_that_is_not_utf8_json_is_a_415(string contentType)
    {
        var body = new ByteArrayContent("[]"u8.ToArray());
        body.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var r = await app.Client().PostAsync("/api/mentions", body);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/mentions")]
    [InlineData("/api/brands")]
    [InlineData("/api/sentiment")]
    public async Task Invalid_utf8_in_a_body_is_a_400_naming_the_body(string path)
    {
        var json = Encoding.UTF8.GetBytes(path == "/api/mentions"
            ? """[{"source":"t","externalId":"x1","text":"caf__ bad","createdAt":"2026-01-01T00:00:00Z","author":{"handle":"h"}}]"""
            : path == "/api/brands" ? """{"name":"caf__ bad"}""" : """{"texts":["caf__ bad"]}""");
        var at = Array.IndexOf(json, (byte)'_');
        json[at] = 0xC3; // a lead byte without its continuation
        json[at + 1] = 0x28;
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = new("application/json");

        var r = await app.Client().PostAsync(path, content);

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var problem = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("UTF-8", problem.GetProperty("errors").GetProperty("body")[0].GetString());
    }

    [Theory]
    [InlineData("/api/mentions?label=%00")]
    [InlineData("/api/mentions?q=caf%C3%A9%00")]
    [InlineData("/api/alerts?status=open%00")]
    public async Task A_nul_in_a_query_value_is_a_400(string url)
    {
        var r = await app.Client().GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("NUL", await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_response_carries_the_security_headers_and_pages_a_content_security_policy()
    {
        var page = await app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync("/login");
        Assert.Equal(WebSecurity.DashboardPolicy, string.Join(",", page.Headers.GetValues("Content-Security-Policy")));
        foreach (var r in new[] { page, await app.Client().GetAsync("/api/pairs"), await app.Client(null).GetAsync("/healthz") })
        {
            Assert.Equal("nosniff", string.Join(",", r.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("no-referrer", string.Join(",", r.Headers.GetValues("Referrer-Policy")));
            Assert.Equal("DENY", string.Join(",", r.Headers.GetValues("X-Frame-Options")));
        }
        Assert.False(page.Headers.Contains("Strict-Transport-Security")); // plain HTTP: no HSTS
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_that_says_https_the_cookie_is_secure_and_hsts_is_sent()
    {
        await app.SignedInAsync(forwardedProto: "https");
        var cookie = app.LastSignIn!.Headers.GetValues("Set-Cookie").Single(v => v.StartsWith("fusion.auth=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);

        var viaProxy = new HttpRequestMessage(HttpMethod.Get, "/login");
        viaProxy.Headers.Add("X-Forwarded-Proto", "https");
        viaProxy.Headers.Host = "fusion.example";
        var r = await app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).SendAsync(viaProxy);
        Assert.StartsWith("max-age=", string.Join(",", r.Headers.GetValues("Strict-Transport-Security")));

        // The same header from an address that is not a trusted proxy changes nothing.
        var untrusted = await app.Server.SendAsync(ctx =>
        {
            ctx.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.9");
            ctx.Request.Method = "GET";
            ctx.Request.Path = "/login";
            ctx.Request.Host = new Microsoft.AspNetCore.Http.HostString("fusion.example");
            ctx.Request.Headers["X-Forwarded-Proto"] = "https";
        });
        Assert.False(untrusted.Response.Headers.ContainsKey("Strict-Transport-Security"));
        Assert.Equal("http", untrusted.Request.Scheme);
    }

    [Fact]
    public async Task Liveness_and_readiness_are_two_probes()
    {
        var anonymous = app.Client(null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/livez")).StatusCode);
        Assert.Equal("ready", (await anonymous.GetFromJsonAsync<JsonElement>("/healthz")).GetProperty("status").GetString());
    }
}
