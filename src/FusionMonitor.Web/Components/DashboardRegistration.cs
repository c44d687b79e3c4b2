using FusionMonitor.Web.Components.Account;
using FusionMonitor.Web.Components.Data;
using MudBlazor.Services;

namespace FusionMonitor.Web.Components;

public static class DashboardRegistration
{
    /// <summary>
    /// The Blazor (interactive server) dashboard: MudBlazor, the authentication state that pages read their brand
    /// scope from, and the read models the pages share.
    /// </summary>
    public static WebApplicationBuilder AddFusionDashboard(this WebApplicationBuilder builder)
    {
        // Static web assets (MudBlazor's CSS/JS) are served from the package cache when running from a build
        // output in any environment, not just Development: tests and `dotnet run -c Release` need them too.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddMudServices();
        builder.Services.AddSingleton<DashboardData>();
        return builder;
    }

    /// <summary>
    /// Pages, their static assets and the sign-out endpoint. Call after <c>UseAuthorization</c> and
    /// <c>UseAntiforgery</c>. Pages require a signed-in viewer; the sign-in page and static assets are anonymous.
    /// </summary>
    public static WebApplication MapFusionDashboard(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
