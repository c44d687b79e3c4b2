using FusionMonitor.Ingestion.Hosting;
using FusionMonitor.Storage;
using Microsoft.AspNetCore.Diagnostics;

namespace FusionMonitor.Web.Hosting;

/// <summary>
/// Whether the store answers, as <c>/healthz</c> reports it: a <c>select 1</c> at most every two seconds while it
/// answers (cached, so probes cost the database nothing) and every half second while it does not (so recovery shows
/// at once), and marked down at once when a request meets an outage. Thread-safe.
/// </summary>
public sealed class StoreHealth(FusionDatabase db, TimeProvider clock, ILogger<StoreHealth> log)
{
    private static readonly TimeSpan FreshWhenUp = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan FreshWhenDown = TimeSpan.FromMilliseconds(500);
    private readonly SemaphoreSlim _probe = new(1, 1);
    private volatile Reading? _last;

    private sealed record Reading(DateTimeOffset At, string? Problem)
    {
        public bool IsFresh(DateTimeOffset now) => now - At < (Problem is null ? FreshWhenUp : FreshWhenDown);
    }

    /// <summary>Null when the store answered just now; else what is wrong.</summary>
    public async Task<string?> ProblemAsync(CancellationToken ct)
    {
        if (_last is { } r && r.IsFresh(clock.GetUtcNow())) return r.Problem;
        await _probe.WaitAsync(ct);
        try
        {
            if (_last is { } again && again.IsFresh(clock.GetUtcNow())) return again.Problem;
            string? problem = null;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(3));
                await db.PingAsync(timeout.Token);
            }
            catch (Exception e) when (FusionDatabase.IsOutage(e) || e is OperationCanceledException && !ct.IsCancellationRequested)
            {
                problem = "database unreachable: " + e.Message;
            }
            if (problem is null && _last?.Problem is not null) log.LogInformation("The database answers again");
            _last = new Reading(clock.GetUtcNow(), problem);
            return problem;
        }
        finally
        {
            _probe.Release();
        }
    }

    /// <summary>A request met an outage: readiness says so at once, and the idle pooled connections (dead now) are dropped.</summary>
    public void ReportOutage(Exception e)
    {
        if (_last?.Problem is null) log.LogWarning("The database is unreachable: {Message}", e.Message);
        _last = new Reading(clock.GetUtcNow(), "database unreachable: " + e.Message);
        db.ClearIdleConnections();
    }
}

/// <summary>
/// A request that fails because the store is unreachable (<see cref="FusionDatabase.IsOutage"/>) answers 503 with
/// <c>Retry-After</c> and a Problem Details saying so, never a 500; the batch it carried was rolled back whole, so
/// sending it again is safe (mentions are idempotent on source + externalId).
/// </summary>
public sealed class StoreUnavailableHandler(StoreHealth health, IProblemDetailsService problems) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (!FusionDatabase.IsOutage(exception)) return false;
        health.ReportOutage(exception);
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The database is unreachable; try again shortly.",
                Detail = "Nothing of this request was stored; sending it again is safe.",
            },
        });
    }
}

public static class StoreOutage
{
    public static WebApplicationBuilder AddFusionStoreOutage(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<StoreHealth>();
        builder.Services.AddExceptionHandler<StoreUnavailableHandler>();
        return builder;
    }

    /// <summary>Until the app is ready (migrations applied, model loaded), the API and hub answer 503 with <c>Retry-After</c> and the current step.</summary>
    public static WebApplication UseFusionStartupGate(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            var readiness = http.RequestServices.GetRequiredService<AppReadiness>();
            if (readiness.IsReady || !(http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/hubs")))
            {
                await next(http);
                return;
            }
            http.Response.Headers.RetryAfter = StoreUnavailableHandler.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await TypedResults.Problem(title: "FusionMonitor is starting; try again shortly.", detail: readiness.Status,
                statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(http);
        });
        return app;
    }
}
