using FusionMonitor.Core.Sentiment;
using FusionMonitor.Sentiment.Scoring;
using FusionMonitor.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FusionMonitor.Web.Api;

public static class SentimentApi
{
    public const int MaxTexts = 1_000;
    public const int MaxChars = 40_000;
    public const int MaxTargets = 50;
    public const int MaxTargetChars = 200;

    /// <summary><c>targets</c>: names whose polarity is wanted in every text that names them (contract v2).</summary>
    public sealed record SentimentRequest(IReadOnlyList<string?>? Texts, IReadOnlyList<string?>? Targets = null);

    /// <summary>One text's reading; <c>lang</c> as detected, <c>scored</c> false when no model reads that language (the
    /// probabilities are then a neutral placeholder, as stored for such a mention). <see cref="Targets"/> lists the
    /// requested targets found in the text, in request order, read by the configured tier's per-party reader (an
    /// English reader: a text scored in another language, or unscored, lists none).</summary>
    public sealed record SentimentResult(string Label, float PNeg, float PNeu, float PPos, float Polarity, string Lang, bool Scored, IReadOnlyList<TargetResult> Targets);

    public sealed record TargetResult(string Target, string Label, float PNeg, float PNeu, float PPos, float Polarity);

    public static IEndpointRouteBuilder MapSentimentApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/sentiment", Score).WithTags("Sentiment").RequireAuthorization(AuthRegistration.Viewer);
        return app;
    }

    private static Results<Ok<List<SentimentResult>>, ValidationProblem> Score(SentimentRequest? body, ISentimentReader reader, ITargetSentimentScorer targetScorer)
    {
        if (body?.Texts is not { } texts) return ApiProblems.Invalid("texts", "texts (an array of strings) is required.");
        if (texts.Count > MaxTexts) return ApiProblems.Invalid("texts", $"at most {MaxTexts} texts per request.");
        var errors = new ApiProblems.Errors();
        for (var i = 0; i < texts.Count; i++)
        {
            if (texts[i] is null) errors.Add($"texts[{i}]", "must be a string.");
            else if (texts[i]!.Length > MaxChars) errors.Add($"texts[{i}]", $"must be at most {MaxChars} characters.");
        }
        var targets = body.Targets ?? [];
        if (targets.Count > MaxTargets) errors.Add("targets", $"at most {MaxTargets} targets per request.");
        for (var k = 0; k < targets.Count && k < MaxTargets; k++)
        {
            if (string.IsNullOrWhiteSpace(targets[k])) errors.Add($"targets[{k}]", "must be a non-empty string.");
            else if (targets[k]!.Length > MaxTargetChars) errors.Add($"targets[{k}]", $"must be at most {MaxTargetChars} characters.");
        }
        if (errors.Any) return errors.ToResult();

        var list = texts.Select(t => t!).ToList();
        // The language is read from the words around the targets' names, as the pipeline reads it around the names it matched.
        var readings = reader.Read(list, detectIn: targets.Count == 0 ? null
            : list.Select(t => TextSpan.Blank(t, targets.SelectMany(name => TargetSpans.Find(t, name!).Spans))).ToList());
        var found = new List<string>[list.Count];
        var items = new List<TargetedText>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var english = readings[i].Scored && readings[i].Lang is "en" or "und";
            var named = english
                ? targets.Select(t => (Name: t!, Where: TargetSpans.Find(list[i], t!))).Where(t => t.Where.Spans.Count > 0).ToList()
                : [];
            found[i] = named.Select(t => t.Name).ToList();
            items.Add(new TargetedText(list[i], named.Select(t => t.Where).ToList()));
        }
        var perTarget = items.Any(t => t.Targets.Count > 0) ? targetScorer.ScoreTargets(items) : null;
        return TypedResults.Ok(readings.Select((r, i) => new SentimentResult(SentimentScore.LabelName(r.Score.Label), r.Score.PNeg, r.Score.PNeu, r.Score.PPos,
            r.Score.Polarity, r.Lang, r.Scored, found[i].Select((name, k) => Target(name, perTarget![i][k])).ToList())).ToList());
    }

    private static TargetResult Target(string name, SentimentScore s) =>
        new(name, SentimentScore.LabelName(s.Label), s.PNeg, s.PNeu, s.PPos, s.Polarity);
}
