using System.Globalization;
using System.Runtime.CompilerServices;
using FusionMonitor.Core.Entities;
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
        long Mentions, double Confidence, DateTimeOffset UpdatedAt, bool Enabled);

    public sealed record PairDetail(long Id, long BrandId, long InfluencerId, string? BrandName, string? InfluencerName, double Score, double Delta24h,
        long Mentions, double Confidence, DateTimeOffset UpdatedAt, ScoreComponents Components, IReadOnlyList<Driver> Drivers, string Explanation,
        long UnscoredMentions, bool Enabled);

    /// <summary><c>GET /api/pairs</c>'s query; read as text so every malformed value is reported at once.</summary>
    public sealed record ListQuery(
        [property: FromQuery(Name = "brandId")] string? BrandId,
        [property: FromQuery(Name = "limit")] string? Limit,
        [property: FromQuery(Name = "cursor")] string? Cursor);

    /// <summary>The most pairs one page holds.</summary>
    public const int MaxPage = 1_000;

    /// <summary>Pairs are read, scored and written out this many at a time, so a list of every pair streams.</summary>
    private const int Chunk = 1_000;

    public static IEndpointRouteBuilder MapPairsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/pairs").WithTags("Pairs").RequireAuthorization(AuthRegistration.Viewer);
        api.MapGet("/", List);
        api.MapGet("/{id:long}", Get);
        api.MapGet("/{id:long}/scores", History);
        return app;
    }

    private static readonly TimeSpan Day = TimeSpan.FromHours(24);

    /// <summary>
    /// Every visible pair (of one brand with <c>brandId</c>), ascending by id, as an array. With <c>limit</c>, one page
    /// of at most that many; the next page's cursor is in the <c>X-Next-Cursor</c> header and a <c>Link: rel="next"</c>.
    /// Without it the whole list streams out a thousand pairs at a time, so its cost grows with the pairs listed only.
    /// </summary>
    private static async Task<Results<Ok<IAsyncEnumerable<PairSummary>>, ValidationProblem>> List([AsParameters] ListQuery q, HttpContext http, PairReadModel pairs,
        CancellationToken ct)
    {
        var errors = new ApiProblems.Errors();
        var brandId = errors.Id("brandId", q.BrandId);
        int? limit = q.Limit is null ? null : errors.Limit(q.Limit, MaxPage, MaxPage);
        long after = 0;
        if (q.Cursor is { Length: > 0 } c && !(long.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out after) && after >= 0))
            errors.Add("cursor", "cursor must be the X-Next-Cursor value of the previous page.");
        if (errors.Any) return errors.ToResult();

        var allowed = http.User.Scope().AsList;
        if (limit is not { } size) return TypedResults.Ok(Stream(pairs, allowed, brandId, after, ct));

        var page = await pairs.PageAsync(allowed, brandId, after, size + 1, ct: ct);
        if (page.Count > size)
        {
            page = page.Take(size).ToList();
            var next = page[^1].Id.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers["X-Next-Cursor"] = next;
            var link = $"/api/pairs?limit={size}&cursor={next}" + (brandId is { } b ? $"&brandId={b}" : "");
            http.Response.Headers.Link = $"<{link}>; rel=\"next\"";
        }
        return TypedResults.Ok(Summaries(pairs, page, ct));
    }

    private static async IAsyncEnumerable<PairSummary> Stream(PairReadModel pairs, IReadOnlyList<long>? allowed, long? brandId, long after,
        [EnumeratorCancellation] CancellationToken ct)
    {
        while (true)
        {
            var page = await pairs.PageAsync(allowed, brandId, after, Chunk, ct: ct);
            await foreach (var s in Summaries(pairs, page, ct)) yield return s;
            if (page.Count < Chunk) yield break;
            after = page[^1].Id;
        }
    }

    private static async IAsyncEnumerable<PairSummary> Summaries(PairReadModel pairs, IReadOnlyList<Pair> page, [EnumeratorCancellation] CancellationToken ct)
    {
        if (page.Count == 0) yield break;
        var views = await pairs.ViewsAsync(page, maxDrivers: 0, ct);
        var dayAgo = await pairs.BaselineAsync(page.Select(p => p.Id).ToList(), Day, ct);
        var now = pairs.Now;
        foreach (var v in views)
        {
            yield return new PairSummary(v.Pair.Id, v.Pair.BrandId, v.Pair.InfluencerId, v.Brand, v.Influencer, Math.Round(v.Score.Score, 2),
                Math.Round(v.Score.Score - dayAgo.Of(v.Pair.Id), 2), v.Score.CoMentions, Math.Round(v.Score.Confidence, 3), now, v.Pair.Enabled);
        }
    }

    private static async Task<Results<Ok<PairDetail>, NotFoundProblem>> Get(long id, HttpContext http, PairReadModel pairs, CancellationToken ct)
    {
        if (await pairs.FindAsync(id, http.User.Scope().CanSee, maxDrivers: 5, ct) is not { } v) return ApiProblems.NotFound($"pair {id}");
        var s = v.Score;
        var dayAgo = (await pairs.BaselineAsync([id], Day, ct)).Of(id);
        return TypedResults.Ok(new PairDetail(id, v.Pair.BrandId, v.Pair.InfluencerId, v.Brand, v.Influencer, Math.Round(s.Score, 2), Math.Round(s.Score - dayAgo, 2),
            s.CoMentions, Math.Round(s.Confidence, 3), pairs.Now, s.Components, v.Drivers, v.Summary, await pairs.UnscoredMentionsAsync(v.Pair, ct), v.Pair.Enabled));
    }

    private static async Task<Results<Ok<IReadOnlyList<SeriesPoint>>, PushStreamHttpResult, ValidationProblem, NotFoundProblem>> History(
        long id, [AsParameters] SeriesQuery q, HttpContext http, PairReadModel pairs, CancellationToken ct)
    {
        var errors = new ApiProblems.Errors();
        var (from, to, bucket) = errors.Series(q.From, q.To, q.Bucket, pairs.Now, TimeSpan.FromDays(30), TimeBuckets.Day);
        if (to - from > TimeSpan.FromDays(3 * 366)) errors.Add("from", "the range may span at most three years.");
        if (errors.Any) return errors.ToResult();
        if (await pairs.FindPairAsync(id, http.User.Scope().CanSee, ct) is null) return ApiProblems.NotFound($"pair {id}");

        var series = await pairs.SeriesAsync(id, from, to, bucket, ct);
        return CsvExport.Wanted(q.Format) ? CsvExport.Write(series, $"pair-{id}-scores.csv") : TypedResults.Ok(series);
    }
}
