using System.Threading.RateLimiting;
using FusionMonitor.Storage.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace FusionMonitor.Web.Auth;

public static class AuthRegistration
{
    public const string Viewer = "viewer";
    public const string Analyst = "analyst";
    public const string Admin = "admin";
    private const string Smart = "fusion";

    /// <summary>
    /// API keys for scripts and hub clients, a cookie for the dashboard (one policy scheme picks by what the request
    /// carries), three role policies, and a per-caller rate limit. The cookie is signed with the shared
    /// <see cref="KeyRing"/>, so it is valid on every instance and across restarts.
    /// </summary>
    public static WebApplicationBuilder AddFusionAuth(this WebApplicationBuilder builder)
    {
        builder.Services.AddFusionKeyRing(builder.Configuration);
        builder.Services.AddOptions<AuthOptions>().Bind(builder.Configuration.GetSection(AuthOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        builder.Services.AddSingleton<ApiKeys>();
        builder.Services.AddSingleton<AdminBootstrap>();
        builder.Services.AddSingleton<IPasswordHasher<UserRecord>, PasswordHasher<UserRecord>>();

        builder.Services.AddAuthentication(Smart)
            .AddPolicyScheme(Smart, "API key or cookie", o => o.ForwardDefaultSelector = ctx =>
                ApiKeyAuthenticationHandler.CarriesKey(ctx.Request) ? ApiKeyAuthenticationHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/denied";
                o.Cookie.Name = "fusion.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                // An API call without a valid cookie gets a status code, not a redirect to the sign-in page.
                o.Events.OnRedirectToLogin = ctx => Deny(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => Deny(ctx, StatusCodes.Status403Forbidden);
                // Every request reads the user again: a deleted or disabled user's sign-in ends at their next request
                // (DELETE /api/users/{id}, PUT with enabled: false), and a changed role or brand limit replaces what the
                // cookie carried from then on (the cookie is renewed with it), so no session keeps an old scope.
                o.Events.OnValidatePrincipal = async ctx =>
                {
                    if (ctx.Principal?.UserId() is not { } userId) return;
                    var user = await ctx.HttpContext.RequestServices.GetRequiredService<AuthStore>().UserAsync(userId, ctx.HttpContext.RequestAborted);
                    if (user is not { Enabled: true })
                    {
                        ctx.RejectPrincipal();
                        await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                    }
                    else if (!ctx.Principal.Matches(user))
                    {
                        ctx.ReplacePrincipal(new System.Security.Claims.ClaimsPrincipal(FusionClaims.ForUser(user, CookieAuthenticationDefaults.AuthenticationScheme)));
                        ctx.ShouldRenew = true;
                    }
                };
            });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Viewer, p => p.RequireRole(Viewer))
            .AddPolicy(Analyst, p => p.RequireRole(Analyst))
            .AddPolicy(Admin, p => p.RequireRole(Admin));

        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<AuthOptions>>((o, auth) =>
        {
            var perMinute = auth.Value.RequestsPerMinute;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // One bucket per key or user by its id (a new key named like an exhausted one starts full), else per address.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
                RateLimitPartition.GetFixedWindowLimiter(
                    ctx.User.Subject() is { } subject ? subject : "ip:" + ctx.Connection.RemoteIpAddress,
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = (ctx, _) =>
            {
                ctx.HttpContext.Response.Headers.RetryAfter = "60";
                return ValueTask.CompletedTask;
            };
        });
        return builder;
    }

    private static Task Deny(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/hubs") || ctx.Request.Path.StartsWithSegments("/openapi"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
