using FusionMonitor.Core.Sentiment;
using FusionMonitor.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FusionMonitor.Web.Api;

public static class SentimentApi
{
    public const int MaxTexts = 1_000;
    public const int MaxChars = 40_000;

    public sealed record SentimentRequest(IReadOnlyList<string?>? Texts);

    public sealed record SentimentResult(string Label, float PNeg, float PNeu, float PPos, float Polarity);

    public static IEndpointRouteBuilder MapSentimentApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/sentiment", Score).WithTags("Sentiment").RequireAuthorization(AuthRegistration.Viewer);
        return app;
    }

    private static Results<Ok<List<SentimentResult>>, ValidationProblem> Score(SentimentRequest? body, ISentimentScorer scorer)
    {
        if (body?.Texts is not { } texts) return ApiProblems.Invalid("texts", "texts (an array of strings) is required.");
        if (texts.Count > MaxTexts) return ApiProblems.Invalid("texts", $"at most {MaxTexts} texts per request.");
        var errors = new ApiProblems.Errors();
        for (var i = 0; i < texts.Count; i++)
        {
            if (texts[i] is null) errors.Add($"texts[{i}]", "must be a string.");
            else if (texts[i]!.Length > MaxChars) errors.Add($"texts[{i}]", $"must be at most {MaxChars} characters.");
        }
        if (errors.Any) return errors.ToResult();
        var scores = scorer.Score(texts.Select(t => t!).ToList());
        return TypedResults.Ok(scores.Select(s => new SentimentResult(SentimentScore.LabelName(s.Label), s.PNeg, s.PNeu, s.PPos, s.Polarity)).ToList());
    }
}
