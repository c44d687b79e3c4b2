using System.Globalization;
using System.Security.Claims;
using FusionMonitor.Storage.Auth;

namespace FusionMonitor.Web.Auth;

/// <summary>
/// The claims every authenticated caller carries, from a key or a sign-in: who it is (a stable subject, <c>key:{id}</c>
/// or <c>user:{id}</c>, which names may not be: two keys can share a name), a display name, a role and, when limited,
/// the brands it may see. <see cref="Scope"/> reads them back.
/// </summary>
public static class FusionClaims
{
    public const string BrandScope = "fusion:brand";
    public const string Scoped = "fusion:scoped";

    public static ClaimsIdentity Identity(string scheme, string subject, string name, Role role, IReadOnlyList<long>? brandIds)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, subject),
            new(ClaimTypes.Name, name),
            new(ClaimTypes.Role, AuthStore.RoleName(role)),
        };
        // Roles are ordered: an admin passes every analyst check and an analyst every viewer check.
        if (role >= Role.Analyst) claims.Add(new Claim(ClaimTypes.Role, "analyst"));
        if (role >= Role.Viewer) claims.Add(new Claim(ClaimTypes.Role, "viewer"));
        if (brandIds is not null)
        {
            claims.Add(new Claim(Scoped, "true"));
            claims.AddRange(brandIds.Select(b => new Claim(BrandScope, b.ToString(CultureInfo.InvariantCulture))));
        }
        return new ClaimsIdentity(claims.DistinctBy(c => (c.Type, c.Value)), scheme);
    }

    /// <summary>A signed-in user's identity from their stored record: the role and brands they have now.</summary>
    public static ClaimsIdentity ForUser(UserRecord user, string scheme) =>
        Identity(scheme, $"user:{user.Id}", user.Name, user.Role, user.BrandIds);

    /// <summary>Whether <paramref name="principal"/> carries exactly the role and brands <paramref name="user"/> has now.</summary>
    public static bool Matches(this ClaimsPrincipal principal, UserRecord user) =>
        principal.FindFirstValue(ClaimTypes.Role) == AuthStore.RoleName(user.Role)
        && (principal.Scope().AsList, user.BrandIds) switch
        {
            (null, null) => true,
            ({ } had, { } now) => had.SequenceEqual(now.Distinct().Order()),
            _ => false,
        };

    /// <summary>
    /// The caller as they are now: a signed-in user's role and brands read again from the store (an admin's change holds
    /// from their next request or page, whatever their cookie or dashboard connection was given at sign-in); one
    /// disabled or deleted meanwhile has no role and sees no brand. A key's caller is returned as it is (its
    /// handler reads the key on every request).
    /// </summary>
    public static async Task<ClaimsPrincipal> CurrentAsync(this ClaimsPrincipal principal, AuthStore store, CancellationToken ct = default)
    {
        if (principal.UserId() is not { } id) return principal;
        var scheme = principal.Identity?.AuthenticationType ?? "Cookies";
        return await store.UserAsync(id, ct) switch
        {
            { Enabled: true } user when principal.Matches(user) => principal,
            { Enabled: true } user => new ClaimsPrincipal(ForUser(user, scheme)),
            _ => new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, $"user:{id}"), new Claim(Scoped, "true")], scheme)),
        };
    }

    /// <summary>The caller's stable identity (<c>key:{id}</c>, <c>user:{id}</c>), null when anonymous.</summary>
    public static string? Subject(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    /// <summary>The signed-in user's id (<c>user:{id}</c>), null for an API key.</summary>
    public static long? UserId(this ClaimsPrincipal user) =>
        user.Subject() is { } s && s.StartsWith("user:", StringComparison.Ordinal)
        && long.TryParse(s.AsSpan(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;

    public static BrandScope Scope(this ClaimsPrincipal user) =>
        user.HasClaim(c => c.Type == Scoped)
            ? new BrandScope(user.FindAll(BrandScope).Select(c => long.Parse(c.Value, CultureInfo.InvariantCulture)).ToHashSet())
            : new BrandScope(null);
}

/// <summary>Which brands a caller may see; <see cref="Allowed"/> null means all.</summary>
public sealed record BrandScope(IReadOnlySet<long>? Allowed)
{
    public bool CanSee(long brandId) => Allowed is null || Allowed.Contains(brandId);

    /// <summary>
    /// Whether this caller may see, and so change, a thing of <paramref name="brandId"/>: one of no brand (a pair or
    /// system alert without one) only when the caller is not limited to some brands. The one rule for reads and writes.
    /// </summary>
    public bool CanSee(long? brandId) => brandId is { } b ? CanSee(b) : Allowed is null;

    public IReadOnlyList<long>? AsList => Allowed?.Order().ToList();
}
