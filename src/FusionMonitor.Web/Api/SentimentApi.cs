using FusionMonitor.Core.Sentiment;
using FusionMonitor.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FusionMonitor.Web.Api;

public static class SentimentApi
{
    public const int MaxTexts = 1_000;
    public const int MaxChars = 40_000;

    public sealed record SentimentRequest(IReadOnlyList<string?>? Texts);

    /// <summary>One text's reading; <c>lang</c> as detected, <c>scored</c> false when no model reads that language (the
    /// probabilities are then a neutral placeholder, as stored for such a mention).</summary>
    public sealed record SentimentResult(string Label, float PNeg, float PNeu, float PPos, float Polarity, string Lang, bool Scored);

    public static IEndpointRouteBuilder MapSentimentApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/sentiment", Score).WithTags("Sentiment").RequireAuthorization(AuthRegistration.Viewer);
        return app;
    }

    private static Results<Ok<List<SentimentResult>>, ValidationProblem> Score(SentimentRequest? body, ISentimentReader reader)
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
        var readings = reader.Read(texts.Select(t => t!).ToList());
        return TypedResults.Ok(readings.Select(r => new SentimentResult(SentimentScore.LabelName(r.Score.Label), r.Score.PNeg, r.Score.PNeu, r.Score.PPos,
            r.Score.Polarity, r.Lang, r.Scored)).ToList());
    }
}
