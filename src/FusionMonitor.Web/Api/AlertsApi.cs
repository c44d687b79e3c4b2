using System.Text.Json;
using FusionMonitor.Core.Alerts;
using FusionMonitor.Storage.Alerts;
using FusionMonitor.Storage.Scores;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using FusionMonitor.Web.Auth;

namespace FusionMonitor.Web.Api;

/// <summary>The alerts inbox: list by status, acknowledge, resolve.</summary>
public static class AlertsApi
{
    public sealed record AlertView(long Id, string Kind, long? BrandId, long? PairId, DateTimeOffset OpenedAt, string Status, string Summary,
        JsonElement Evidence, DateTimeOffset? AcknowledgedAt, DateTimeOffset? ResolvedAt, double Value);

    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/alerts").WithTags("Alerts").RequireAuthorization(AuthRegistration.Viewer);
        api.MapGet("/", List);
        api.MapPost("/{id:long}/ack", (long id, HttpContext http, AlertStore store, TimeProvider clock, CancellationToken ct) => Move(id, AlertStatus.Acknowledged, http, store, clock, ct));
        api.MapPost("/{id:long}/resolve", (long id, HttpContext http, AlertStore store, TimeProvider clock, CancellationToken ct) => Move(id, AlertStatus.Resolved, http, store, clock, ct));
        return app;
    }

    private static async Task<Results<Ok<List<AlertView>>, ValidationProblem>> List([FromQuery(Name = "status")] string? status, HttpContext http, AlertStore store, CancellationToken ct)
    {
        if (status is not (null or "open" or "acknowledged" or "resolved"))
            return ApiProblems.Invalid("status", "status must be open, acknowledged or resolved.");
        var rows = await store.ListAsync(status, http.User.Scope().AsList, ct: ct);
        return TypedResults.Ok(rows.Select(ToView).ToList());
    }

    private static async Task<Results<Ok<AlertView>, NotFoundProblem>> Move(long id, AlertStatus status, HttpContext http, AlertStore store, TimeProvider clock, CancellationToken ct)
    {
        var alert = await store.GetAsync(id, ct);
        // Scope applies to writes: an alert the caller may not see is, to it, not there.
        if (alert is null || !http.User.Scope().CanSee(alert.BrandId)) return ApiProblems.NotFound($"alert {id}");
        await store.SetStatusAsync(id, status, clock.GetUtcNow(), ct);
        return TypedResults.Ok(ToView((await store.GetAsync(id, ct))!));
    }

    public static AlertView ToView(AlertRow r) => new(r.Id, r.Kind, r.BrandId, r.PairId, r.OpenedAt, r.Status, r.Summary,
        JsonSerializer.Deserialize<JsonElement>(r.Evidence, ScoreJson.Options), r.AcknowledgedAt, r.ResolvedAt, r.Value);
}
