using System.Security.Claims;
using System.Text;
using FusionMonitor.Core.Digest;
using FusionMonitor.Ingestion.Alerts;
using FusionMonitor.Ingestion.Digest;
using FusionMonitor.Storage.Auth;
using FusionMonitor.Storage.Digest;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FusionMonitor.Web.Api;

/// <summary>
/// Digests (issue 20): opt-in daily or weekly mail of the score moves that mattered, the open alerts, the top posts and
/// a chart per brand. A user subscribes themselves (all their brands, or one); an admin may subscribe another user;
/// an analyst or admin may subscribe an address to one brand. The preview renders what would be sent.
/// </summary>
public static class DigestApi
{
    public sealed record DigestRequest(string? Email, string? Period, long? BrandId, long? UserId);

    public sealed record DigestView(long Id, long? UserId, long? BrandId, string Email, string Period, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? LastSentAt);

    public sealed record SentView(long Id, string Email, DateTimeOffset SentAt);

    public sealed record PreviewQuery(
        [property: FromQuery(Name = "period")] string? Period,
        [property: FromQuery(Name = "brandId")] string? BrandId,
        [property: FromQuery(Name = "userId")] string? UserId,
        [property: FromQuery(Name = "format")] string? Format);

    public static IEndpointRouteBuilder MapDigestApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/digests").WithTags("Digests").RequireAuthorization(AuthRegistration.Viewer);
        api.MapGet("/", List);
        api.MapPost("/", Create);
        api.MapDelete("/{id:long}", Delete);
        api.MapPost("/{id:long}/send", SendNow);
        app.MapGet("/api/digest/preview", Preview).WithTags("Digests").RequireAuthorization(AuthRegistration.Viewer);
        return app;
    }

    private static DigestView View(DigestSubscription s) => new(s.Id, s.UserId, s.BrandId, s.Email, s.Period, s.CreatedBy, s.CreatedAt, s.LastSentAt);

    /// <summary>The signed-in user's id (<c>user:{id}</c>); null for an API key.</summary>
    public static long? CallerUser(ClaimsPrincipal user) =>
        user.Subject() is { } s && s.StartsWith("user:", StringComparison.Ordinal) && long.TryParse(s.AsSpan(5), out var id) ? id : null;

    private static long? CallerUser(HttpContext http) => CallerUser(http.User);

    private static bool IsAdmin(HttpContext http) => http.User.IsInRole(AuthRegistration.Admin);

    /// <summary>An admin sees every subscription; anyone else their own and the brand subscriptions of brands they may see.</summary>
    public static bool CanSee(ClaimsPrincipal user, DigestSubscription s) =>
        user.IsInRole(AuthRegistration.Admin) || (s.UserId is { } u ? u == CallerUser(user) : user.Scope().CanSee(s.BrandId));

    private static bool CanSee(HttpContext http, DigestSubscription s) => CanSee(http.User, s);

    /// <summary><c>GET /api/digests</c>: the subscriptions the caller may see, oldest first.</summary>
    private static async Task<Ok<List<DigestView>>> List(HttpContext http, DigestStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.AllAsync(ct)).Where(s => CanSee(http, s)).Select(View).ToList());

    /// <summary><c>POST /api/digests {email, period, brandId?, userId?}</c>: subscribes; every problem a 400 naming its field.</summary>
    private static async Task<Results<Created<DigestView>, ValidationProblem>> Create(DigestRequest? body, HttpContext http, DigestStore store, AuthStore auth,
        EntityStore entities, TimeProvider clock, CancellationToken ct)
    {
        var (created, errors) = await SubscribeAsync(body, http.User, store, auth, entities, clock.GetUtcNow(), ct);
        return created is null ? errors.ToResult() : TypedResults.Created($"/api/digests/{created.Id}", View(created));
    }

    /// <summary>The one rule for subscribing (API and the account page): the subscription, or every problem by field.</summary>
    internal static async Task<(DigestSubscription? Created, ApiProblems.Errors Errors)> SubscribeAsync(DigestRequest? body, ClaimsPrincipal caller, DigestStore store,
        AuthStore auth, EntityStore entities, DateTimeOffset now, CancellationToken ct)
    {
        var errors = new ApiProblems.Errors();
        var period = Digests.Parse(body?.Period);
        if (period is null) errors.Add("period", "period must be daily or weekly.");
        var email = body?.Email?.Trim();
        if (string.IsNullOrEmpty(email) || email.Length > 320 || !MimeKit.MailboxAddress.TryParse(email, out var address) || !address.Address.Contains('@'))
            errors.Add("email", "email must be an address mail can be sent to, such as ana@example.com.");
        if (body?.BrandId is { } brandId && (await entities.BrandAsync(brandId, ct) is null || !caller.Scope().CanSee(brandId)))
            errors.Add("brandId", $"brandId {brandId} is not a brand you may see.");
        var me = CallerUser(caller);
        var userId = body?.UserId ?? me;
        if (body?.UserId is { } other)
        {
            if (other != me && !caller.IsInRole(AuthRegistration.Admin)) errors.Add("userId", "Only an admin subscribes another user; leave userId out to subscribe yourself.");
            else if (await auth.UserAsync(other, ct) is null) errors.Add("userId", $"userId {other} is not a user.");
        }
        if (userId is null && body?.BrandId is null)
            errors.Add("brandId", "An API key has no user of its own: give brandId (a brand's digest) or userId (a user's).");
        if (userId is null && body?.BrandId is not null && !caller.IsInRole(AuthRegistration.Analyst))
            errors.Add("brandId", "Subscribing an address to a brand takes an analyst.");
        if (errors.Any) return (null, errors);
        return (await store.AddAsync(userId, body!.BrandId, email!, period!.Value, caller.Identity?.Name ?? "unknown", now, ct), errors);
    }

    /// <summary><c>DELETE /api/digests/{id}</c>: unsubscribes.</summary>
    private static async Task<Results<NoContent, NotFoundProblem>> Delete(long id, HttpContext http, DigestStore store, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } s || !CanSee(http, s)) return ApiProblems.NotFound($"digest {id}");
        await store.DeleteAsync(id, ct);
        return TypedResults.NoContent();
    }

    /// <summary><c>POST /api/digests/{id}/send</c>: sends it now (to check it arrives); 409 when no mail server is configured.</summary>
    private static async Task<Results<Ok<SentView>, NotFoundProblem, ConflictProblem>> SendNow(long id, HttpContext http, DigestStore store, DigestJob job,
        TimeProvider clock, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } s || !CanSee(http, s)) return ApiProblems.NotFound($"digest {id}");
        if (!await job.SendNowAsync(s, ct))
            return ApiProblems.Conflict("No mail server is configured (Alerts:Email:0:Host), so no digest can be sent.");
        return TypedResults.Ok(new SentView(s.Id, s.Email, clock.GetUtcNow()));
    }

    /// <summary>
    /// <c>GET /api/digest/preview?period=daily|weekly&amp;brandId|userId&amp;format=html|text|png</c>: the digest as it would
    /// be sent now — of one brand, of a user's brands (yourself, or anyone for an admin), or of every brand the caller
    /// may see; <c>png</c> is one brand's chart.
    /// </summary>
    private static async Task<IResult> Preview([AsParameters] PreviewQuery q, HttpContext http, DigestJob job, DigestBuilder builder, EntityStore entities,
        AuthStore auth, IOptionsMonitor<AlertSettings> alerts, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ApiProblems.Errors();
        var period = Digests.Parse(string.IsNullOrEmpty(q.Period) ? "daily" : q.Period);
        if (period is null) errors.Add("period", "period must be daily or weekly.");
        var brandId = errors.Id("brandId", q.BrandId);
        var userId = errors.Id("userId", q.UserId);
        var format = string.IsNullOrEmpty(q.Format) ? "html" : q.Format;
        if (format is not ("html" or "text" or "png")) errors.Add("format", "format must be html, text or png.");
        if (brandId is { } b && (await entities.BrandAsync(b, ct) is null || !http.User.Scope().CanSee(b))) errors.Add("brandId", $"brandId {b} is not a brand you may see.");
        if (userId is { } u)
        {
            if (u != CallerUser(http) && !IsAdmin(http)) errors.Add("userId", "Only an admin previews another user's digest.");
            else if (await auth.UserAsync(u, ct) is null) errors.Add("userId", $"userId {u} is not a user.");
        }
        if (format == "png" && brandId is null) errors.Add("brandId", "The chart is one brand's: give brandId with format=png.");
        if (errors.Any) return errors.ToResult();

        var scope = http.User.Scope();
        var brands = userId is not null
            ? await job.BrandsOfAsync(new DigestSubscription(0, userId, brandId, "", Digests.Name(period!.Value), "", default, null), ct)
            : brandId is { } one ? [one] : (await entities.BrandsAsync(ct)).Select(x => x.Id).ToList();
        var report = await builder.BuildAsync(brands.Where(scope.CanSee).ToList(), period!.Value, clock.GetUtcNow(), ct);
        if (format == "png")
        {
            var section = report.Brands.FirstOrDefault(x => x.BrandId == brandId) ?? new DigestBrand(brandId!.Value, "", 0, 0, [], [], [], 0, [], []);
            return TypedResults.File(DigestChart.Png(section, report.From, report.To), "image/png");
        }
        var url = alerts.CurrentValue.DashboardUrl;
        if (format == "text") return TypedResults.Text(DigestMessages.PlainText(report, url), "text/plain", Encoding.UTF8);
        var html = DigestMessages.Html(report, url, x => "data:image/png;base64," + Convert.ToBase64String(DigestChart.Png(x, report.From, report.To)));
        return TypedResults.Text($"<!doctype html><html><head><meta charset=\"utf-8\"><title>{System.Net.WebUtility.HtmlEncode(DigestMessages.Subject(report))}</title></head><body>{html}</body></html>",
            "text/html", Encoding.UTF8);
    }
}
