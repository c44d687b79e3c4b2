using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace FusionMonitor.Web.Hosting;

/// <summary><c>ForwardedHeaders:*</c>: which reverse proxies may tell the app the client's address and scheme.</summary>
public sealed class ProxyOptions
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Proxy addresses to trust (e.g. <c>10.0.0.5</c>). Loopback is always trusted.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks to trust, in CIDR form (e.g. <c>172.18.0.0/16</c>, a compose network).</summary>
    public List<string> KnownNetworks { get; set; } = [];
}

/// <summary>
/// What every response carries and how the app reads requests behind a proxy: <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> from trusted proxies only (so <see cref="HttpRequest.IsHttps"/>, the cookie's
/// <c>Secure</c> flag, HSTS and the per-address rate limit see the client, not the proxy), HSTS over HTTPS,
/// <c>X-Content-Type-Options</c>, <c>Referrer-Policy</c>, framing refused, and a content security policy for the
/// dashboard's pages.
/// </summary>
public static class WebSecurity
{
    /// <summary>
    /// The dashboard's policy: its own scripts only (Blazor's and MudBlazor's, no inline script, no eval), inline
    /// styles (MudBlazor sets style attributes), its own origin for the circuit's WebSocket, never framed.
    /// </summary>
    public const string DashboardPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>For pages served by libraries that inline their scripts (the Hangfire dashboard, the API reference).</summary>
    public const string LibraryPagePolicy = "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplicationBuilder AddFusionWebSecurity(this WebApplicationBuilder builder)
    {
        var proxies = builder.Configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new ProxyOptions();
        var problems = proxies.KnownProxies.Where(p => !IPAddress.TryParse(p, out _)).Select(p => $"ForwardedHeaders:KnownProxies: '{p}' is not an IP address")
            .Concat(proxies.KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)).Select(n => $"ForwardedHeaders:KnownNetworks: '{n}' is not a network in CIDR form"))
            .ToList();
        if (problems.Count > 0) throw new InvalidOperationException("invalid settings:\n  " + string.Join("\n  ", problems));
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var p in proxies.KnownProxies) o.KnownProxies.Add(IPAddress.Parse(p));
            foreach (var n in proxies.KnownNetworks) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(n));
        });
        builder.Services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = false;
        });
        return builder;
    }

    /// <summary>First in the pipeline: the forwarded client address and scheme, then the headers every response gets.</summary>
    public static WebApplication UseFusionWebSecurity(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseHsts(); // only over HTTPS, and never for localhost
        app.Use((http, next) =>
        {
            http.Response.OnStarting(static state =>
            {
                var ctx = (HttpContext)state;
                var h = ctx.Response.Headers;
                h.XContentTypeOptions = "nosniff";
                h["Referrer-Policy"] = "no-referrer";
                h.XFrameOptions = "DENY";
                h["Cross-Origin-Opener-Policy"] = "same-origin";
                // Replaces Blazor's own frame-ancestors-only policy with the whole one (which refuses framing too).
                if (ctx.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
                    h.ContentSecurityPolicy = IsLibraryPage(ctx.Request.Path) ? LibraryPagePolicy : DashboardPolicy;
                return Task.CompletedTask;
            }, http);
            return next(http);
        });
        return app;
    }

    private static bool IsLibraryPage(PathString path) => path.StartsWithSegments("/hangfire") || path.StartsWithSegments("/api/docs");
}
