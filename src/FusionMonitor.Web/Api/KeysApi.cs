using FusionMonitor.Storage.Auth;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FusionMonitor.Web.Api;

/// <summary>API keys: admin only. A new key's value is answered once and never again (only its hash is stored).</summary>
public static class KeysApi
{
    public sealed record KeyRequest(string? Name, string? Role, IReadOnlyList<long>? BrandIds);

    public sealed record KeyCreated(long Id, string Key, string Name, string Role, IReadOnlyList<long>? BrandIds);

    public sealed record KeyInfo(long Id, string Name, string KeyPrefix, string Role, IReadOnlyList<long>? BrandIds, bool Revoked);

    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/keys").WithTags("Access").RequireAuthorization(AuthRegistration.Admin);
        api.MapPost("/", Create);
        api.MapGet("/", List);
        api.MapDelete("/{id:long}", Revoke);
        return app;
    }

    private static async Task<Results<Created<KeyCreated>, ValidationProblem>> Create(KeyRequest? body, ApiKeys keys, EntityStore entities, CancellationToken ct)
    {
        if (body is null) return ApiProblems.Invalid("body", "a JSON object is required.");
        var errors = new ApiProblems.Errors();
        errors.RequireText("name", body.Name, 200);
        if (!AuthStore.TryParseRole(body.Role, out var role)) errors.Add("role", "role must be viewer, analyst or admin.");
        if (body.BrandIds is { } ids)
        {
            var known = (await entities.BrandsAsync(ct)).Select(b => b.Id).ToHashSet();
            var unknown = ids.Where(id => !known.Contains(id)).ToList();
            if (unknown.Count > 0) errors.Add("brandIds", $"unknown brand id(s): {string.Join(", ", unknown)}.");
        }
        if (errors.Any) return errors.ToResult();
        var issued = await keys.IssueAsync(body.Name!, role, body.BrandIds?.Distinct().ToList(), ct);
        return TypedResults.Created($"/api/keys/{issued.Id}", new KeyCreated(issued.Id, issued.Key, body.Name!, AuthStore.RoleName(role), body.BrandIds));
    }

    private static async Task<Ok<List<KeyInfo>>> List(AuthStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ApiKeysAsync(ct)).Select(k => new KeyInfo(k.Id, k.Name, k.KeyPrefix, AuthStore.RoleName(k.Role), k.BrandIds, k.RevokedAt is not null)).ToList());

    private static async Task<Results<NoContent, NotFoundProblem>> Revoke(long id, AuthStore store, CancellationToken ct) =>
        await store.RevokeApiKeyAsync(id, ct) ? TypedResults.NoContent() : ApiProblems.NotFound($"key {id}");
}
