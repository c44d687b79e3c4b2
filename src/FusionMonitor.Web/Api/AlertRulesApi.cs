using System.Text.Json.Nodes;
using FusionMonitor.Ingestion.Alerts;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FusionMonitor.Web.Api;

/// <summary>
/// A brand's alert rules: <c>GET</c> the rules in force and the changes the brand stored, <c>PUT</c> its changes to
/// the configured rules (named as <c>Alerts:Defaults:*</c>, camelCase, the same names as the backtest's <c>rules</c>).
/// </summary>
public static class AlertRulesApi
{
    /// <summary>The rules in force for a brand (every rule by name), the changes it stored over the configured rules, who stored them and when.</summary>
    public sealed record AlertRulesView(long BrandId, JsonObject Rules, JsonObject Changes, DateTimeOffset? UpdatedAt, string? UpdatedBy);

    public static IEndpointRouteBuilder MapAlertRulesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/brands/{id:long}/alert-rules").WithTags("Alerts");
        api.MapGet("/", Get).RequireAuthorization(AuthRegistration.Viewer);
        api.MapPut("/", Put).RequireAuthorization(AuthRegistration.Admin);
        return app;
    }

    private static async Task<Results<Ok<AlertRulesView>, NotFoundProblem>> Get(long id, HttpContext http, AlertRulesInForce rules, EntityStore entities, CancellationToken ct)
    {
        if (!await VisibleAsync(id, http, entities, ct)) return ApiProblems.NotFound($"brand {id}");
        return TypedResults.Ok(await ViewAsync(id, rules, ct));
    }

    /// <summary>
    /// Replaces the brand's changes with the body, an object of rules by name (<c>{}</c>: the configured rules again).
    /// An unknown name, an unreadable value or rules that are not valid together are a 400 naming <c>rules</c>; nothing is stored then.
    /// </summary>
    private static async Task<Results<Ok<AlertRulesView>, ValidationProblem, NotFoundProblem>> Put(long id, JsonObject? body, HttpContext http, AlertRulesInForce rules,
        EntityStore entities, TimeProvider clock, CancellationToken ct)
    {
        if (!await VisibleAsync(id, http, entities, ct)) return ApiProblems.NotFound($"brand {id}");
        if (body is null) return ApiProblems.Invalid("rules", "the body must be an object of rules by name, {} for the configured rules.");
        var (found, problems) = await rules.SaveAsync(id, body, http.User.Identity?.Name, clock.GetUtcNow(), ct);
        if (!found) return ApiProblems.NotFound($"brand {id}");
        if (problems.Count > 0) return ApiProblems.Invalid(new Dictionary<string, string[]> { ["rules"] = [.. problems] });
        return TypedResults.Ok(await ViewAsync(id, rules, ct));
    }

    private static async Task<bool> VisibleAsync(long id, HttpContext http, EntityStore entities, CancellationToken ct) =>
        http.User.Scope().CanSee(id) && (await entities.BrandsAsync(ct)).Any(b => b.Id == id);

    private static async Task<AlertRulesView> ViewAsync(long id, AlertRulesInForce rules, CancellationToken ct)
    {
        var (inForce, changes, row) = await rules.ForBrandAsync(id, ct);
        return new AlertRulesView(id, AlertRulesJson.ToJson(inForce), changes, row?.UpdatedAt, row?.UpdatedBy);
    }
}
