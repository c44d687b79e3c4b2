using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Storage.Scores;
using FusionMonitor.Web.Auth;

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

    private static async Task<IResult> Series(long id, HttpContext http, EntityCatalog catalog, ScoreStore store, TimeProvider clock, CancellationToken ct)
    {
        var q = http.Request.Query;
        var errors = new ApiProblems.Errors();
        var to = errors.Time("to", q["to"]) ?? clock.GetUtcNow();
        var from = errors.Time("from", q["from"]) ?? to.AddDays(-7);
        var bucket = (string?)q["bucket"] ?? "hour";
        if (bucket is not ("hour" or "day" or "week")) errors.Add("bucket", "bucket must be hour, day or week.");
        if (from >= to) errors.Add("from", "from must be before to.");
        if (errors.Any) return errors.ToResult();
        if (!(await catalog.GetAsync(ct)).BrandsById.ContainsKey(id) || !http.User.Scope().CanSee(id)) return ApiProblems.NotFound($"brand {id}");

        var rows = await store.RollupsAsync(brand: true, id, from, to, ct);
        var points = rows.GroupBy(r => ScoreSeries.Start(r.Hour, bucket)).OrderBy(g => g.Key).Select(g =>
        {
            var weight = g.Sum(r => r.WeightSum);
            return new BrandPoint(g.Key, g.Sum(r => r.Mentions), g.Sum(r => r.Negative), g.Sum(r => r.Neutral), g.Sum(r => r.Positive),
                weight > 0 ? Math.Round(g.Sum(r => r.PolaritySum) / weight, 4) : 0, Math.Round(g.Sum(r => r.NegVolume), 3));
        }).ToList();
        return TypedResults.Ok(points);
    }
}
