using FusionMonitor.Web.Tests.Security;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FusionMonitor.Web.Tests.Infrastructure;

/// <summary>Signing in as a person does: the real sign-in form, its anti-forgery token, a browser-like client that keeps cookies.</summary>
public static class SignInForm
{
    /// <summary>A client (cookies kept, redirects not followed) signed in as <paramref name="name"/>, and the sign-in
    /// cookies the form set (<c>name=value</c>); fails the test when the form set none.</summary>
    public static async Task<(HttpClient Client, string Cookie)> SignInAsync(this FusionApp app, string name, string password)
    {
        var c = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var form = await c.GetStringAsync("/login");
        var signedIn = await c.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = CookieApp.AntiforgeryToken(form),
            ["Input.User"] = name,
            ["Input.Password"] = password,
        }));
        var cookies = signedIn.Headers.TryGetValues("Set-Cookie", out var set) ? set.Where(v => v.StartsWith("fusion.auth", StringComparison.Ordinal)).ToList() : [];
        Assert.True(cookies.Count > 0, $"sign-in did not set the cookie: {(int)signedIn.StatusCode}");
        return (c, string.Join("; ", cookies.Select(v => v.Split(';')[0])));
    }
}
