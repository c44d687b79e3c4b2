using System.Globalization;
using System.Security.Claims;
using System.Text;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Ingestion.Scoring;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FusionMonitor.Web.Api;

/// <summary>
/// Analysts correct a mention's sentiment (contract v2: <c>PATCH /api/mentions/{id}/sentiment {label}</c>), which
/// replaces the model's reading for scoring from then on and recomputes the scopes it touches
/// (<see cref="SentimentCorrections"/>); <c>GET /api/corrections?format=tsv</c> exports the corrections in force as
/// <c>label&lt;TAB&gt;text</c> for <c>fusion train</c>.
/// </summary>
public static class CorrectionsApi
{
    public sealed record CorrectionRequest(string? Label);

    /// <summary>What a correction did: the label in force before and now, who, when, and the pairs whose score moved.</summary>
    public sealed record CorrectionResult(long MentionId, string Label, string PreviousLabel, string CorrectedBy, DateTimeOffset CorrectedAt, IReadOnlyList<MovedPair> Moved);

    public sealed record MovedPair(long PairId, double Score, double Delta);

    public sealed record CorrectionItem(long MentionId, string Label, string Text, string CorrectedBy, DateTimeOffset CorrectedAt);

    public static IEndpointRouteBuilder MapCorrectionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPatch("/api/mentions/{id}/sentiment", Correct).WithTags("Mentions").RequireAuthorization(AuthRegistration.Analyst);
        app.MapGet("/api/corrections", Export).WithTags("Mentions").RequireAuthorization(AuthRegistration.Analyst);
        return app;
    }

    private static async Task<Results<Ok<CorrectionResult>, ValidationProblem, NotFoundProblem>> Correct(
        string id, CorrectionRequest? body, HttpContext http, SentimentCorrections corrections, CancellationToken ct)
    {
        var errors = new ApiProblems.Errors();
        var mentionId = errors.Id("id", id);
        SentimentLabel label = default;
        if (body?.Label is not { } text) errors.Add("label", "label (negative, neutral or positive) is required.");
        else if (!SentimentScore.TryParseLabel(text, out label)) errors.Add("label", "label must be negative, neutral or positive.");
        if (errors.Any) return errors.ToResult();

        var scope = http.User.Scope();
        var outcome = await corrections.CorrectAsync(mentionId!.Value, label, Who(http.User),
            brands => scope.Allowed is null || brands.Any(scope.CanSee), ct);
        if (outcome is null) return ApiProblems.NotFound($"Mention {mentionId}");
        return TypedResults.Ok(new CorrectionResult(outcome.MentionId, SentimentScore.LabelName(outcome.Correction.Label), SentimentScore.LabelName(outcome.Previous),
            outcome.Correction.CorrectedBy, outcome.Correction.CorrectedAt, outcome.Moved.Select(m => new MovedPair(m.PairId, m.Score, m.Delta)).ToList()));
    }

    /// <summary>Every correction in force (oldest first), as JSON or, with <c>format=tsv</c>, as the training format:
    /// a <c>label	text</c> header, then one row per corrected mention, tabs and line breaks in the text made spaces.</summary>
    private static async Task<Results<Ok<List<CorrectionItem>>, ContentHttpResult, ValidationProblem>> Export(
        [FromQuery(Name = "format")] string? format, HttpContext http, CorrectionStore store, CancellationToken ct)
    {
        var tsv = string.Equals(format, "tsv", StringComparison.OrdinalIgnoreCase);
        if (!tsv && !string.IsNullOrEmpty(format) && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
            return ApiProblems.Invalid("format", "format must be tsv or json.");
        var rows = await store.InForceAsync(http.User.Scope().AsList, ct);
        if (!tsv)
            return TypedResults.Ok(rows.Select(r => new CorrectionItem(r.MentionId, SentimentScore.LabelName(r.Label), r.Text, r.CorrectedBy, r.CorrectedAt)).ToList());
        var sb = new StringBuilder("label\ttext\n");
        foreach (var r in rows) sb.Append(SentimentScore.LabelName(r.Label)).Append('\t').Append(OneLine(r.Text)).Append('\n');
        http.Response.Headers.ContentDisposition = "attachment; filename=\"corrections.tsv\"";
        return TypedResults.Text(sb.ToString(), "text/tab-separated-values; charset=utf-8", Encoding.UTF8);
    }

    /// <summary>A text as one TSV cell: no tab, no line break (each becomes a space).</summary>
    internal static string OneLine(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text) sb.Append(c is '\t' or '\n' or '\r' or '\u2028' or '\u2029' or '\u0085' ? ' ' : c);
        return sb.ToString();
    }

    /// <summary>How a correction names its author: the user's or key's name with its stable id.</summary>
    private static string Who(ClaimsPrincipal user)
    {
        var name = user.Identity?.Name;
        var subject = user.Subject();
        return string.IsNullOrEmpty(name) ? subject ?? "unknown" : subject is null ? name : string.Create(CultureInfo.InvariantCulture, $"{name} ({subject})");
    }
}
