using FusionMonitor.Ingestion.Hosting;

namespace FusionMonitor.Web.Hosting;

public static class HealthEndpoints
{
    /// <summary><c>GET /healthz</c>: 200 when ready, 503 with the current start-up step before. Anonymous.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (AppReadiness readiness) => readiness.IsReady
                ? Results.Ok(new { status = "ready" })
                : Results.Json(new { status = readiness.Status }, statusCode: StatusCodes.Status503ServiceUnavailable))
            .AllowAnonymous()
            .DisableRateLimiting()
            .ExcludeFromDescription();
        return app;
    }
}
