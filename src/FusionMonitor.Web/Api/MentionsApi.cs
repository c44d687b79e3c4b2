using System.Text.Json;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Core.Text;
using FusionMonitor.Ingestion.Import;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FusionMonitor.Web.Api;

/// <summary>Push mentions in (idempotent on source + externalId) and page through stored ones.</summary>
public static class MentionsApi
{
    public const int MaxBatch = 10_000;

    public sealed record PushResult(int Accepted, int Duplicates, IReadOnlyList<Rejection> Rejected);

    public sealed record Rejection(int Index, string Reason);

    public sealed record SentimentView(string Label, float PNeg, float PNeu, float PPos, float Polarity);

    /// <summary>An analyst's correction in force: <c>sentiment</c> then reads its label; <see cref="ModelLabel"/> is what the model read.</summary>
    public sealed record CorrectionView(string Label, string ModelLabel, string CorrectedBy, DateTimeOffset CorrectedAt);

    /// <summary>A stored mention; <see cref="Sentiment"/> is the reading in force (an analyst's <see cref="Correction"/>
    /// when there is one, with all its probability on the corrected label), which is what its scores read.
    /// <see cref="Aspects"/>: the customer-experience aspects it names — in a list of one brand's mentions those it names
    /// about that brand (<see cref="Core.Strategy.AspectAttribution.NamesAbout(string?, long?, Core.Matching.EntityMatcher?)"/>).</summary>
    public sealed record MentionItem(
        long Id, string Source, string ExternalId, string Text, DateTimeOffset CreatedAt, DateTimeOffset IngestedAt, string? Url, string? Lang,
        Author Author, Engagement Engagement, int? Rating, SentimentView Sentiment, string ModelVersion, IReadOnlyList<long> BrandIds, IReadOnlyList<long> InfluencerIds,
        bool Scored, CorrectionView? Correction = null, IReadOnlyList<TargetView>? Targets = null, IReadOnlyList<string>? Aspects = null);

    /// <summary>The model's polarity toward one brand or influencer the mention names (contract v2). A correction in force
    /// stands for every party in scoring; these stay the model's.</summary>
    public sealed record TargetView(string Kind, long Id, string Label, float Polarity);

    public sealed record MentionList(IReadOnlyList<MentionItem> Items, string? NextCursor);

    /// <summary><c>GET /api/mentions</c>'s query; read as text so every malformed value is reported at once.</summary>
    public sealed record ListQuery(
        [property: FromQuery(Name = "brandId")] string? BrandId,
        [property: FromQuery(Name = "influencerId")] string? InfluencerId,
        [property: FromQuery(Name = "from")] string? From,
        [property: FromQuery(Name = "to")] string? To,
        [property: FromQuery(Name = "label")] string? Label,
        [property: FromQuery(Name = "limit")] string? Limit,
        [property: FromQuery(Name = "cursor")] string? Cursor,
        [property: FromQuery(Name = "format")] string? Format,
        [property: FromQuery(Name = "q")] string? Q = null);

    public static IEndpointRouteBuilder MapMentionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/mentions").WithTags("Mentions");
        api.MapPost("/", Push).RequireAuthorization(AuthRegistration.Analyst);
        api.MapGet("/", List).RequireAuthorization(AuthRegistration.Viewer);
        return app;
    }

    private static async Task<Results<Ok<PushResult>, ValidationProblem>> Push(HttpRequest request, MentionPipeline pipeline, CancellationToken ct)
    {
        JsonDocument doc;
        try
        {
            doc = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 16 }, ct);
        }
        catch (JsonException e)
        {
            return ApiProblems.Invalid("body", $"the body is not valid JSON: {e.Message}");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array) return ApiProblems.Invalid("body", "the body must be a JSON array of mentions.");
            var count = doc.RootElement.GetArrayLength();
            if (count > MaxBatch) return ApiProblems.Invalid("body", $"at most {MaxBatch:N0} mentions per request (got {count:N0}); split the batch.");

            var items = new List<IncomingMention?>(count);
            var rejected = new List<RejectedItem>();
            var index = 0;
            foreach (var element in doc.RootElement.EnumerateArray())
            {
                var mention = MentionDto.FromJson(element, out var reason);
                items.Add(mention);
                if (mention is null) rejected.Add(new RejectedItem(index, reason ?? "not a mention", Payload: MentionDto.RawText(element)));
                index++;
            }
            // Scope applies to writes: a brand-limited key's mentions link only to brands it may see (docs/api.md).
            var report = await pipeline.IngestAsync(items, rejected, writableBrandIds: request.HttpContext.User.Scope().Allowed, ct: ct);
            return TypedResults.Ok(new PushResult(report.Accepted, report.Duplicates, report.Rejected.Select(r => new Rejection(r.Index, r.Reason)).ToList()));
        }
    }

    private static async Task<Results<Ok<MentionList>, PushStreamHttpResult, ValidationProblem, ForbidHttpResult>> List(
        [AsParameters] ListQuery q, HttpContext http, MentionStore store, EntityCatalog catalog, CancellationToken ct)
    {
        var errors = new ApiProblems.Errors();
        var brandId = errors.Id("brandId", q.BrandId);
        var influencerId = errors.Id("influencerId", q.InfluencerId);
        var from = errors.Time("from", q.From);
        var to = errors.Time("to", q.To);
        var limit = errors.Limit(q.Limit, 100, 1000);
        MentionCursor? cursor = null;
        if (!string.IsNullOrEmpty(q.Cursor) && !MentionCursor.TryDecode(q.Cursor, out cursor)) errors.Add("cursor", "cursor is not one this API returned.");
        SentimentLabel? label = null;
        if (!string.IsNullOrEmpty(q.Label) && q.Label is var l)
        {
            if (SentimentScore.TryParseLabel(l, out var parsed)) label = parsed;
            else errors.Add("label", "label must be negative, neutral or positive.");
        }
        IReadOnlyList<string>? words = null;
        if (q.Q is { Length: > 0 } text)
        {
            words = SearchWords.Parse(text, out var problem);
            if (problem is not null) errors.Add("q", problem);
        }
        if (errors.Any) return errors.ToResult();

        var scope = http.User.Scope();
        if (brandId is { } b && !scope.CanSee(b)) return TypedResults.Forbid();
        var page = await store.QueryAsync(new MentionQuery(brandId, influencerId, from, to, label, limit, cursor, scope.AsList, words), ct);
        var matcher = brandId is null ? null : (await catalog.GetAsync(ct)).Matcher;
        var items = page.Items.Select(v => ToItem(v) with { Aspects = Core.Strategy.AspectAttribution.NamesAbout(v.Mention.Text, brandId, matcher) }).ToList();
        if (CsvExport.Wanted(q.Format))
        {
            if (page.Next is { } next) http.Response.Headers["X-Next-Cursor"] = next.Encode();
            return CsvExport.Write(items.Select(CsvExport.Flatten), "mentions.csv");
        }
        return TypedResults.Ok(new MentionList(items, page.Next?.Encode()));
    }

    public static MentionItem ToItem(MentionView v)
    {
        var s = v.InForce;
        var m = v.Mention;
        var correction = v.Correction is { } c ? new CorrectionView(SentimentScore.LabelName(c.Label), SentimentScore.LabelName(v.Sentiment.Label), c.CorrectedBy, c.CorrectedAt) : null;
        return new MentionItem(v.Id, m.Source, m.ExternalId, m.Text, m.CreatedAt, v.IngestedAt, m.Url, m.Lang, m.Author, m.Engagement ?? Engagement.None, m.Rating,
            new SentimentView(SentimentScore.LabelName(s.Label), s.PNeg, s.PNeu, s.PPos, s.Polarity), v.ModelVersion, v.BrandIds, v.InfluencerIds,
            v.Scored || v.Correction is not null, correction,
            (v.Targets ?? []).Select(t => new TargetView(TargetsColumn.KindName(t.Kind), t.Id, SentimentScore.LabelName(t.Label), t.Polarity)).ToList());
    }
}
