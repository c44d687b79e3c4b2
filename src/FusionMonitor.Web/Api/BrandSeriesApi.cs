using FusionMonitor.Core.Scoring;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Ingestion.Scoring;
using FusionMonitor.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FusionMonitor.Web.Api;

/// <summary>A brand's mention volume and sentiment mix over time, from the hourly rollups.</summary>
public static class BrandSeriesApi
{
    public sealed record BrandPoint(DateTimeOffset At, long Mentions, long Negative, long Neutral, long Positive, double Polarity, double NegativeVolume);

    public static IEndpointRouteBuilder MapBrandSeriesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/brands/{id:long}/series", Series).WithTags("Entities").RequireAuthorization(AuthRegistration.Viewer);
        return app;
    }

    /// <summary>
    /// <c>GET /api/brands/{id}/series?from&amp;to&amp;bucket&amp;format</c>: the points as JSON, or with <c>format=csv</c> as CSV
    /// (a header row <c>At,Mentions,Negative,Neutral,Positive,Polarity,NegativeVolume</c>, times ISO-8601 UTC).
    /// </summary>
    private static async Task<Results<Ok<List<BrandPoint>>, PushStreamHttpResult, ValidationProblem, NotFoundProblem>> Series(
        long id, [AsParameters] SeriesQuery q, HttpContext http, EntityCatalog catalog, PairReadModel pairs, CancellationToken ct)
    {
        var errors = new ApiProblems.Errors();
        var (from, to, bucket) = errors.Series(q.From, q.To, q.Bucket, pairs.Now, TimeSpan.FromDays(7), TimeBuckets.Hour);
        if (errors.Any) return errors.ToResult();
        if (!(await catalog.GetAsync(ct)).BrandsById.ContainsKey(id) || !http.User.Scope().CanSee(id)) return ApiProblems.NotFound($"brand {id}");

        if (q.Format is not null && !CsvExport.Wanted(q.Format) && q.Format != "json") errors.Add("format", "format must be json or csv.");
        if (errors.Any) return errors.ToResult();
        var points = await pairs.BrandVolumeAsync(id, from, to, bucket, ct);
        var rows = points.Select(p => new BrandPoint(p.At, p.Mentions, p.Negative, p.Neutral, p.Positive,
            Math.Round(p.MeanPolarity, 4), Math.Round(p.NegativeVolume, 3))).ToList();
        return CsvExport.Wanted(q.Format) ? CsvExport.Write(rows, $"brand-{id}-series.csv") : TypedResults.Ok(rows);
    }
}
