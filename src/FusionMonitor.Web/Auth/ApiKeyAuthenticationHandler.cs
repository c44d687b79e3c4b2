using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FusionMonitor.Web.Auth;

/// <summary>
/// Authenticates <c>X-Api-Key</c>, or the same key as <c>Authorization: Bearer</c> (what SignalR clients send from
/// their <c>accessTokenFactory</c> / <c>AccessTokenProvider</c>); for browsers' SignalR connections (which cannot set
/// headers on WebSockets) also the <c>access_token</c> query on the hub path only, so keys do not end up in other
/// URLs' logs.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeys keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    public static bool CarriesKey(HttpRequest request) =>
        request.Headers.ContainsKey(Header) || BearerOf(request) is not null || (request.Path.StartsWithSegments("/hubs") && request.Query.ContainsKey("access_token"));

    /// <summary>The token of an <c>Authorization: Bearer</c> header, if the request has one.</summary>
    private static string? BearerOf(HttpRequest request) =>
        AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var h) && h.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)
            && !string.IsNullOrWhiteSpace(h.Parameter) ? h.Parameter.Trim() : null;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? key = Request.Headers[Header];
        if (string.IsNullOrEmpty(key)) key = BearerOf(Request);
        if (string.IsNullOrEmpty(key) && Request.Path.StartsWithSegments("/hubs")) key = Request.Query["access_token"];
        if (string.IsNullOrEmpty(key)) return AuthenticateResult.NoResult();

        var (record, refusal) = await keys.CheckAsync(key, Context.RequestAborted);
        if (record is null) return AuthenticateResult.Fail(refusal ?? "This API key is not known.");
        var identity = FusionClaims.Identity(SchemeName, $"key:{record.Id}", $"key:{record.Name}", record.Role, record.BrandIds);
        return AuthenticateResult.Success(new AuthenticationTicket(new System.Security.Claims.ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>A refused key's 401 says why in a sentence (a problem document), so a script's owner knows what to fix.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        if (result.Failure is { } failure && !Response.HasStarted)
            await Response.WriteAsJsonAsync(new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized, Title = "Unauthorized", Detail = failure.Message,
            }, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", Context.RequestAborted);
    }
}
