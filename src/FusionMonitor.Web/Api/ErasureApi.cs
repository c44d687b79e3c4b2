using FusionMonitor.Ingestion.Scoring;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FusionMonitor.Web.Api;

/// <summary>
/// An operator erases one author's data (a GDPR request, issue 15): <c>POST /api/erasures {author: "platform:handle"}</c>,
/// admin only, does what <c>fusion erase --author</c> does (<see cref="AuthorErasure"/>) and answers what went. Erasing
/// an author with nothing stored answers zeros, so a repeated request is harmless.
/// </summary>
public static class ErasureApi
{
    public sealed record ErasureRequest(string? Author);

    public sealed record ErasureResult(string Author, int Mentions, int Scopes, int Alerts, int Quarantined, IReadOnlyList<CorrectionsApi.MovedPair> Moved);

    public static IEndpointRouteBuilder MapErasureApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/erasures", Erase).WithTags("Administration").RequireAuthorization(AuthRegistration.Admin);
        return app;
    }

    private static async Task<Results<Ok<ErasureResult>, ValidationProblem, ProblemHttpResult>> Erase(ErasureRequest? body, HttpContext http, AuthorErasure erasure,
        CancellationToken ct)
    {
        if (http.User.Scope().Allowed is not null)
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Erasing an author needs an admin of every brand.",
                detail: "An author's mentions may name brands outside your scope; ask an admin who is not limited to some brands.");
        if (body?.Author is not { Length: <= 300 } text || AuthorRef.Parse(text) is not { } author)
            return ApiProblems.Invalid("author", "author must be platform:handle (at most 300 characters), e.g. bluesky:nova.bsky.social — the platform is the part of the mentions' source before ':'.");
        var outcome = await erasure.EraseAsync(author, ct);
        return TypedResults.Ok(new ErasureResult(outcome.Author.ToString(), outcome.Mentions, outcome.Scopes, outcome.Alerts, outcome.Quarantined,
            outcome.Moved.Select(m => new CorrectionsApi.MovedPair(m.PairId, m.Score, m.Delta)).ToList()));
    }
}
