using FusionMonitor.Core.Text;
using FusionMonitor.Storage.Auth;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace FusionMonitor.Web.Api;

/// <summary>Dashboard users (admin only): list, add, edit (role, enabled), delete. Nobody deletes, disables or demotes
/// the user they are signed in as.</summary>
public static class UsersApi
{
    public sealed record UserRequest(string? Name, string? Password, string? Role, IReadOnlyList<long>? BrandIds);

    public sealed record UserInfo(long Id, string Name, string Role, IReadOnlyList<long>? BrandIds, bool Enabled);

    /// <summary><c>PUT /api/users/{id}</c>: what is given changes, what is left out is kept.</summary>
    /// <param name="BrandIds">Limits the user to these brands (replacing any limit they had).</param>
    /// <param name="AllBrands"><c>true</c> lifts the user's brand limit (they see every brand); not with <paramref name="BrandIds"/>.</param>
    public sealed record UserUpdate(string? Role, bool? Enabled, IReadOnlyList<long>? BrandIds = null, bool? AllBrands = null);

    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/users").WithTags("Access").RequireAuthorization(AuthRegistration.Admin);
        api.MapGet("/", List);
        api.MapPost("/", Create);
        api.MapPut("/{id:long}", Update);
        api.MapDelete("/{id:long}", Delete);
        api.MapPut("/{id:long}/password", ResetPassword);
        app.MapPost("/api/account/password", ChangeOwnPassword).WithTags("Access").RequireAuthorization(AuthRegistration.Viewer);
        return app;
    }

    public sealed record PasswordReset(string? Password);

    public sealed record PasswordChange(string? CurrentPassword, string? NewPassword);

    /// <summary>A password's problem in a sentence, null when it will do (the same rule as creating a user).</summary>
    public static string? PasswordProblem(string? password) =>
        password is { Length: >= 12 and <= 200 } ? null : "A password must be 12 to 200 characters.";

    /// <summary><c>PUT /api/users/{id}/password {password}</c> (admin): sets another user's password (they may then change it themselves).</summary>
    private static async Task<Results<NoContent, ValidationProblem, NotFoundProblem>> ResetPassword(long id, PasswordReset? body, AuthStore store,
        IPasswordHasher<UserRecord> hasher, CancellationToken ct)
    {
        if (PasswordProblem(body?.Password) is { } problem) return ApiProblems.Invalid("password", problem);
        if (await store.UserAsync(id, ct) is not { } user) return ApiProblems.NotFound($"user {id}");
        await store.SetPasswordAsync(id, hasher.HashPassword(user, body!.Password!), ct);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// <c>POST /api/account/password {currentPassword, newPassword}</c>: a signed-in user changes their own password,
    /// proving the current one. An API key has no password (400).
    /// </summary>
    private static async Task<Results<NoContent, ValidationProblem>> ChangeOwnPassword(PasswordChange? body, HttpContext http, AuthStore store,
        IPasswordHasher<UserRecord> hasher, CancellationToken ct)
    {
        var result = await ChangeAsync(http.User.Subject(), body?.CurrentPassword, body?.NewPassword, store, hasher, ct);
        return result is null ? TypedResults.NoContent() : ApiProblems.Invalid(result.Value.Field, result.Value.Problem);
    }

    /// <summary>The one rule for changing your own password (API and dashboard): null when changed, else what is wrong.</summary>
    public static async Task<(string Field, string Problem)?> ChangeAsync(string? subject, string? current, string? next, AuthStore store,
        IPasswordHasher<UserRecord> hasher, CancellationToken ct)
    {
        if (subject is null || !subject.StartsWith("user:", StringComparison.Ordinal) || !long.TryParse(subject[5..], out var id))
            return ("currentPassword", "An API key has no password: sign in to the dashboard as a user to change yours.");
        if (await store.UserAsync(id, ct) is not { } user) return ("currentPassword", "Your user no longer exists.");
        if (string.IsNullOrEmpty(current) || hasher.VerifyHashedPassword(user, user.PasswordHash, current) == PasswordVerificationResult.Failed)
            return ("currentPassword", "The current password is not right.");
        if (PasswordProblem(next) is { } problem) return ("newPassword", problem);
        if (next == current) return ("newPassword", "The new password is the same as the current one.");
        await store.SetPasswordAsync(id, hasher.HashPassword(user, next!), ct);
        return null;
    }

    private static UserInfo Info(UserRecord u) => new(u.Id, u.Name, AuthStore.RoleName(u.Role), u.BrandIds, u.Enabled);

    /// <summary>
    /// <c>PUT /api/users/{id} {role?, enabled?, brandIds?, allBrands?}</c> (admin): changes a user's role, or disables
    /// them (they cannot sign in, their sessions end at their next request and the API keys they issued are refused) or
    /// enables them again, or changes the brands they may see (<c>brandIds</c> limits them to those, <c>allBrands:
    /// true</c> lifts the limit). Every change holds from the user's next request or dashboard page: the scope is read
    /// per request, not kept from the sign-in.
    /// </summary>
    private static async Task<Results<Ok<UserInfo>, ValidationProblem, NotFoundProblem, ConflictProblem>> Update(long id, UserUpdate? body, AuthStore store,
        EntityStore entities, HttpContext http, CancellationToken ct)
    {
        if (body is null) return ApiProblems.Invalid("body", "a JSON object is required.");
        var errors = new ApiProblems.Errors();
        Role? role = null;
        if (body.Role is not null)
        {
            if (AuthStore.TryParseRole(body.Role, out var parsed)) role = parsed;
            else errors.Add("role", "role must be viewer, analyst or admin.");
        }
        if (body.Role is null && body.Enabled is null && body.BrandIds is null && body.AllBrands is null)
            errors.Add("body", "give role, enabled, brandIds or allBrands.");
        if (body.BrandIds is not null && body.AllBrands is not null)
            errors.Add("allBrands", "give brandIds to limit the user to some brands, or allBrands: true to lift the limit, not both.");
        else if (body.AllBrands is false)
            errors.Add("allBrands", "allBrands can only be true (it lifts the limit); give brandIds to limit the user.");
        if (body.BrandIds is { } ids && await UnknownBrandsAsync(ids, entities, ct) is { } unknown) errors.Add("brandIds", unknown);
        if (errors.Any) return errors.ToResult();
        if (await store.UserAsync(id, ct) is not { } user) return ApiProblems.NotFound($"user {id}");
        var enabled = body.Enabled ?? user.Enabled;
        var newRole = role ?? user.Role;
        var brands = body.AllBrands is true ? null : body.BrandIds?.Distinct().Order().ToList() ?? user.BrandIds;
        if (http.User.UserId() == id && (!enabled || newRole != user.Role || !SameBrands(brands, user.BrandIds)))
            return ApiProblems.Conflict("You cannot disable yourself or change your own role or brands; ask another admin to do it.");
        if (!await store.UpdateUserAsync(id, newRole, enabled, brands, ct)) return ApiProblems.NotFound($"user {id}");
        return TypedResults.Ok(Info(user with { Role = newRole, Enabled = enabled, BrandIds = brands }));
    }

    private static bool SameBrands(IReadOnlyList<long>? a, IReadOnlyList<long>? b) =>
        a is null ? b is null : b is not null && a.Order().SequenceEqual(b.Distinct().Order());

    /// <summary>The refusal for brand ids that name no brand, null when all do (the one check for creating and editing).</summary>
    private static async Task<string?> UnknownBrandsAsync(IReadOnlyList<long> ids, EntityStore entities, CancellationToken ct)
    {
        var known = (await entities.BrandsAsync(ct)).Select(b => b.Id).ToHashSet();
        var unknown = ids.Where(id => !known.Contains(id)).ToList();
        return unknown.Count > 0 ? $"unknown brand id(s): {string.Join(", ", unknown)}." : null;
    }

    private static async Task<Ok<List<UserInfo>>> List(AuthStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.UsersAsync(ct)).Select(Info).ToList());

    private static async Task<Results<Created<UserInfo>, ValidationProblem, ConflictProblem>> Create(UserRequest? body, AuthStore store, EntityStore entities,
        IPasswordHasher<UserRecord> hasher, CancellationToken ct)
    {
        if (body is null) return ApiProblems.Invalid("body", "a JSON object is required.");
        var errors = new ApiProblems.Errors();
        errors.RequireText("name", body.Name, 200);
        if (StoredText.Problem("name", body.Name) is { } bad) errors.Add("name", bad + ".");
        if (body.Password is not { Length: >= 12 and <= 200 }) errors.Add("password", "password must be 12 to 200 characters.");
        if (!AuthStore.TryParseRole(body.Role, out var role)) errors.Add("role", "role must be viewer, analyst or admin.");
        if (body.BrandIds is { } ids && await UnknownBrandsAsync(ids, entities, ct) is { } unknown) errors.Add("brandIds", unknown);
        if (errors.Any) return errors.ToResult();
        var name = body.Name!.Trim();
        if (await store.FindUserAsync(name, ct) is not null) return ApiProblems.Conflict($"A user named '{name}' already exists.");
        try
        {
            var id = await store.AddUserAsync(name, hasher.HashPassword(null!, body.Password!), role, body.BrandIds?.Distinct().ToList(), ct);
            return TypedResults.Created($"/api/users/{id}", new UserInfo(id, name, AuthStore.RoleName(role), body.BrandIds?.Distinct().ToList(), true));
        }
        catch (System.Data.Common.DbException e) when (e.Message.Contains("unique", StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblems.Conflict($"A user named '{name}' already exists.");
        }
    }

    private static async Task<Results<NoContent, NotFoundProblem, ConflictProblem>> Delete(long id, AuthStore store, HttpContext http, CancellationToken ct)
    {
        if (http.User.Subject() == $"user:{id}")
            return ApiProblems.Conflict("You cannot delete the user you are signed in as; ask another admin to do it.");
        return await store.DeleteUserAsync(id, ct) ? TypedResults.NoContent() : ApiProblems.NotFound($"user {id}");
    }
}
