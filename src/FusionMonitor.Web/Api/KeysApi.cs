using FusionMonitor.Storage.Auth;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FusionMonitor.Web.Api;

/// <summary>API keys: admin only. A new key's value is answered once and never again (only its hash is stored).</summary>
public static class KeysApi
{
    /// <param name="UserId">The user the key is for (default: the signed-in user issuing it; none when issued with a key):
    /// it is refused while that user is disabled or once they are deleted.</param>
    public sealed record KeyRequest(string? Name, string? Role, IReadOnlyList<long>? BrandIds, long? UserId = null);

    public sealed record KeyCreated(long Id, string Key, string Name, string Role, IReadOnlyList<long>? BrandIds);

    /// <param name="UserId">The user who issued the key (null: issued with a key); it is refused while they are disabled.</param>
    public sealed record KeyInfo(long Id, string Name, string KeyPrefix, string Role, IReadOnlyList<long>? BrandIds, bool Revoked, bool Enabled, long? UserId);

    /// <summary><c>PUT /api/keys/{id}</c>: what is given changes, what is left out is kept.</summary>
    public sealed record KeyUpdate(string? Name, bool? Enabled);

    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/keys").WithTags("Access").RequireAuthorization(AuthRegistration.Admin);
        api.MapPost("/", Create);
        api.MapGet("/", List);
        api.MapPut("/{id:long}", Update);
        api.MapDelete("/{id:long}", Revoke);
        return app;
    }

    private static async Task<Results<Created<KeyCreated>, ValidationProblem>> Create(KeyRequest? body, ApiKeys keys, EntityStore entities, AuthStore users,
        HttpContext http, CancellationToken ct)
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
        if (body.UserId is { } owner && await users.UserAsync(owner, ct) is null) errors.Add("userId", $"there is no user {owner}.");
        if (errors.Any) return errors.ToResult();
        var issued = await keys.IssueAsync(body.Name!, role, body.BrandIds?.Distinct().ToList(), ct, body.UserId ?? http.User.UserId());
        return TypedResults.Created($"/api/keys/{issued.Id}", new KeyCreated(issued.Id, issued.Key, body.Name!, AuthStore.RoleName(role), body.BrandIds));
    }

    private static KeyInfo Info(ApiKeyRecord k) => new(k.Id, k.Name, k.KeyPrefix, AuthStore.RoleName(k.Role), k.BrandIds, k.RevokedAt is not null, k.Enabled, k.UserId);

    private static async Task<Ok<List<KeyInfo>>> List(AuthStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ApiKeysAsync(ct)).Select(Info).ToList());

    /// <summary>
    /// <c>PUT /api/keys/{id} {name?, enabled?}</c>: renames a key, or disables it (refused with a 401 saying so until
    /// enabled again; revoking is for good). The key a request is made with cannot disable itself.
    /// </summary>
    private static async Task<Results<Ok<KeyInfo>, ValidationProblem, NotFoundProblem, ConflictProblem>> Update(long id, KeyUpdate? body, AuthStore store,
        HttpContext http, CancellationToken ct)
    {
        if (body is null) return ApiProblems.Invalid("body", "a JSON object is required.");
        var errors = new ApiProblems.Errors();
        if (body.Name is not null) errors.RequireText("name", body.Name, 200);
        if (body.Name is null && body.Enabled is null) errors.Add("body", "give name, enabled or both.");
        if (errors.Any) return errors.ToResult();
        if (await store.ApiKeyAsync(id, ct) is not { } key) return ApiProblems.NotFound($"key {id}");
        if (key.RevokedAt is not null) return ApiProblems.Conflict($"key {id} is revoked; a revoked key stays revoked (issue a new one).");
        var enabled = body.Enabled ?? key.Enabled;
        if (!enabled && http.User.Subject() == $"key:{id}") return ApiProblems.Conflict("A key cannot disable itself; use another admin key or the dashboard.");
        var name = body.Name?.Trim() ?? key.Name;
        if (!await store.UpdateApiKeyAsync(id, name, enabled, ct)) return ApiProblems.NotFound($"key {id}");
        return TypedResults.Ok(Info(key with { Name = name, Enabled = enabled }));
    }

    private static async Task<Results<NoContent, NotFoundProblem>> Revoke(long id, AuthStore store, CancellationToken ct) =>
        await store.RevokeApiKeyAsync(id, ct) ? TypedResults.NoContent() : ApiProblems.NotFound($"key {id}");
}
