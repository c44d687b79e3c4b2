using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

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
        builder.Services.AddOptions<ProxyOptions>().Bind(builder.Configuration.GetSection(ProxyOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ProxyOptions>, ProxyOptionsValidator>();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((o, proxies) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var p in proxies.Value.KnownProxies)
                if (IPAddress.TryParse(p, out var ip)) o.KnownProxies.Add(ip);
            foreach (var n in proxies.Value.KnownNetworks)
                if (System.Net.IPNetwork.TryParse(n, out var net)) o.KnownIPNetworks.Add(net);
        });
        builder.Services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = false;
        });
        return builder;
    }

    private sealed class ProxyOptionsValidator : IValidateOptions<ProxyOptions>
    {
        public ValidateOptionsResult Validate(string? name, ProxyOptions o)
        {
            var problems = o.KnownProxies.Where(p => !IPAddress.TryParse(p, out _)).Select(p => $"ForwardedHeaders:KnownProxies: '{p}' is not an IP address")
                .Concat(o.KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)).Select(n => $"ForwardedHeaders:KnownNetworks: '{n}' is not a network in CIDR form (e.g. 172.18.0.0/16)"))
                .ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
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
