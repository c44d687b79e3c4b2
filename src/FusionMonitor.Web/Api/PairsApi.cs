using FusionMonitor.Core.Scoring;
using FusionMonitor.Ingestion.Scoring;
using FusionMonitor.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FusionMonitor.Web.Api;

/// <summary>Pairs with their live Fusion Score, its explanation, and its history, from the <see cref="PairReadModel"/> the dashboard reads too.</summary>
public static class PairsApi
{
    public sealed record PairSummary(long Id, long BrandId, long InfluencerId, string? BrandName, string? InfluencerName, double Score, double Delta24h,
        long Mentions, double Confidence, DateTimeOffset UpdatedAt);

    public sealed record PairDetail(long Id, long BrandId, long InfluencerId, string? BrandName, string? InfluencerName, double Score, double Delta24h,
        long Mentions, double Confidence, DateTimeOffset UpdatedAt, ScoreComponents Components, IReadOnlyList<Driver> Drivers, string Explanation,
        long UnscoredMentions);

    public static IEndpointRouteBuilder MapPairsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/pairs").WithTags("Pairs").RequireAuthorization(AuthRegistration.Viewer);
        api.MapGet("/", List);
        api.MapGet("/{id:long}", Get);
        api.MapGet("/{id:long}/scores", History);
        return app;
    }

    private static readonly TimeSpan Day = TimeSpan.FromHours(24);

    private static async Task<Ok<List<PairSummary>>> List(HttpContext http, PairReadModel pairs, CancellationToken ct)
    {
        var views = await pairs.ViewsAsync(await pairs.PairsAsync(http.User.Scope().CanSee, ct: ct), maxDrivers: 0, ct);
        var dayAgo = await pairs.BaselineAsync(Day, ct);
        var now = pairs.Now;
        return TypedResults.Ok(views.Select(v => new PairSummary(v.Pair.Id, v.Pair.BrandId, v.Pair.InfluencerId, v.Brand, v.Influencer,
            Math.Round(v.Score.Score, 2), Math.Round(v.Score.Score - dayAgo.Of(v.Pair.Id), 2), v.Score.CoMentions, Math.Round(v.Score.Confidence, 3), now)).ToList());
    }

    private static async Task<Results<Ok<PairDetail>, NotFoundProblem>> Get(long id, HttpContext http, PairReadModel pairs, CancellationToken ct)
    {
        if (await pairs.FindAsync(id, http.User.Scope().CanSee, maxDrivers: 5, ct) is not { } v) return ApiProblems.NotFound($"pair {id}");
        var s = v.Score;
        var dayAgo = (await pairs.BaselineAsync(Day, ct)).Of(id);
        return TypedResults.Ok(new PairDetail(id, v.Pair.BrandId, v.Pair.InfluencerId, v.Brand, v.Influencer, Math.Round(s.Score, 2), Math.Round(s.Score - dayAgo, 2),
            s.CoMentions, Math.Round(s.Confidence, 3), pairs.Now, s.Components, v.Drivers, v.Summary, await pairs.UnscoredMentionsAsync(v.Pair, ct)));
    }

    private static async Task<Results<Ok<IReadOnlyList<SeriesPoint>>, PushStreamHttpResult, ValidationProblem, NotFoundProblem>> History(
        long id, [AsParameters] SeriesQuery q, HttpContext http, PairReadModel pairs, CancellationToken ct)
    {
        var errors = new ApiProblems.Errors();
        var (from, to, bucket) = errors.Series(q.From, q.To, q.Bucket, pairs.Now, TimeSpan.FromDays(30), TimeBuckets.Day);
        if (to - from > TimeSpan.FromDays(3 * 366)) errors.Add("from", "the range may span at most three years.");
        if (errors.Any) return errors.ToResult();
        if ((await pairs.PairsAsync(http.User.Scope().CanSee, ct: ct)).All(p => p.Id != id)) return ApiProblems.NotFound($"pair {id}");

        var series = await pairs.SeriesAsync(id, from, to, bucket, ct);
        return CsvExport.Wanted(q.Format) ? CsvExport.Write(series, $"pair-{id}-scores.csv") : TypedResults.Ok(series);
    }
}
