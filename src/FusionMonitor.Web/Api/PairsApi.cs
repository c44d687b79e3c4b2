using FusionMonitor.Core.Scoring;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Ingestion.Scoring;
using FusionMonitor.Storage.Scores;
using FusionMonitor.Web.Auth;

namespace FusionMonitor.Web.Api;

/// <summary>Pairs with their live Fusion Score, its explanation, and its history.</summary>
public static class PairsApi
{
    public sealed record PairSummary(long Id, long BrandId, long InfluencerId, string? BrandName, string? InfluencerName, double Score, double Delta24h,
        long Mentions, double Confidence, DateTimeOffset UpdatedAt);

    public sealed record PairDetail(long Id, long BrandId, long InfluencerId, string? BrandName, string? InfluencerName, double Score, double Delta24h,
        long Mentions, double Confidence, DateTimeOffset UpdatedAt, ScoreComponents Components, IReadOnlyList<Driver> Drivers, string Explanation);

    public static IEndpointRouteBuilder MapPairsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/pairs").WithTags("Pairs").RequireAuthorization(AuthRegistration.Viewer);
        api.MapGet("/", List);
        api.MapGet("/{id:long}", Get);
        api.MapGet("/{id:long}/scores", History);
        return app;
    }

    private static async Task<IResult> List(HttpContext http, EntityCatalog catalog, ScoreReader reader, ScoreStore store, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var snapshot = await catalog.GetAsync(ct);
        var scope = http.User.Scope();
        var pairs = snapshot.Pairs.Where(p => scope.CanSee(p.BrandId)).ToList();
        var scores = await reader.ScoresAsync(pairs, now, ct);
        var dayAgo = await store.ScoresAtAsync(now.AddHours(-24), ct);
        return TypedResults.Ok(pairs.Select(p =>
        {
            var s = scores[p.Id];
            return new PairSummary(p.Id, p.BrandId, p.InfluencerId, snapshot.BrandsById.GetValueOrDefault(p.BrandId)?.Name,
                snapshot.InfluencersById.GetValueOrDefault(p.InfluencerId)?.Name, Math.Round(s.Score, 2),
                Math.Round(s.Score - dayAgo.GetValueOrDefault(p.Id, 50), 2), s.CoMentions, Math.Round(s.Confidence, 3), now);
        }).ToList());
    }

    private static async Task<IResult> Get(long id, HttpContext http, EntityCatalog catalog, ScoreReader reader, ScoreStore store, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var snapshot = await catalog.GetAsync(ct);
        var pair = snapshot.Pairs.FirstOrDefault(p => p.Id == id);
        if (pair is null || !http.User.Scope().CanSee(pair.BrandId)) return ApiProblems.NotFound($"pair {id}");
        var state = (await reader.StatesAsync([pair], ct))[pair.Id];
        var explained = ScoreExplainer.Explain(PairState.Empty, now, state, now, reader.Options, maxDrivers: 5);
        var s = explained.After;
        var dayAgo = (await store.ScoresAtAsync(now.AddHours(-24), ct)).GetValueOrDefault(pair.Id, 50);
        return TypedResults.Ok(new PairDetail(pair.Id, pair.BrandId, pair.InfluencerId, snapshot.BrandsById.GetValueOrDefault(pair.BrandId)?.Name,
            snapshot.InfluencersById.GetValueOrDefault(pair.InfluencerId)?.Name, Math.Round(s.Score, 2), Math.Round(s.Score - dayAgo, 2), s.CoMentions,
            Math.Round(s.Confidence, 3), now, s.Components, explained.Drivers, explained.Summary));
    }

    private static async Task<IResult> History(long id, HttpContext http, EntityCatalog catalog, ScoreStore store, TimeProvider clock, CancellationToken ct)
    {
        var q = http.Request.Query;
        var errors = new ApiProblems.Errors();
        var now = clock.GetUtcNow();
        var to = errors.Time("to", q["to"]) ?? now;
        var from = errors.Time("from", q["from"]) ?? to.AddDays(-30);
        var bucket = (string?)q["bucket"] ?? "day";
        if (bucket is not ("hour" or "day" or "week")) errors.Add("bucket", "bucket must be hour, day or week.");
        if (from >= to) errors.Add("from", "from must be before to.");
        if (to - from > TimeSpan.FromDays(3 * 366)) errors.Add("from", "the range may span at most three years.");
        if (errors.Any) return errors.ToResult();

        var snapshot = await catalog.GetAsync(ct);
        var pair = snapshot.Pairs.FirstOrDefault(p => p.Id == id);
        if (pair is null || !http.User.Scope().CanSee(pair.BrandId)) return ApiProblems.NotFound($"pair {id}");

        var series = await store.SeriesAsync(id, from, to, bucket, ct);
        return CsvExport.Wanted(http.Request) ? CsvExport.Write(series, $"pair-{id}-scores.csv") : TypedResults.Ok(series);
    }
}
