using FusionMonitor.Ingestion.Hosting;

namespace FusionMonitor.Web.Hosting;

public static class HealthEndpoints
{
    /// <summary>
    /// <c>GET /healthz</c>, readiness: 200 when the app is ready <i>and</i> its database answers now, else 503 with
    /// <c>Retry-After</c> and the reason (a start-up step, or the database unreachable), so a load balancer stops
    /// sending traffic during an outage and resumes after it without a restart. <c>GET /livez</c>, liveness: 200 while
    /// the process serves requests, whatever the database does (an orchestrator restarts only on this one).
    /// Both anonymous and outside the rate limit.
    /// </summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", async (AppReadiness readiness, StoreHealth store, HttpContext http, CancellationToken ct) =>
            {
                var problem = readiness.IsReady ? await store.ProblemAsync(ct) : readiness.Status;
                if (problem is null) return Results.Ok(new { status = "ready" });
                http.Response.Headers.RetryAfter = StoreUnavailableHandler.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Results.Json(new { status = problem }, statusCode: StatusCodes.Status503ServiceUnavailable);
            })
            .AllowAnonymous()
            .DisableRateLimiting()
            .ExcludeFromDescription();
        app.MapGet("/livez", () => Results.Ok(new { status = "alive" }))
            .AllowAnonymous()
            .DisableRateLimiting()
            .ExcludeFromDescription();
        return app;
    }
}
