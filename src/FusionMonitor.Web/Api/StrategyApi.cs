using System.Text.Json.Serialization;
using FusionMonitor.Core.Strategy;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Ingestion.Scoring;
using FusionMonitor.Ingestion.Strategy;
using FusionMonitor.Storage.Strategy;
using FusionMonitor.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FusionMonitor.Web.Api;

/// <summary>
/// The strategy layer (issue 21, contract v2): goals ("Now vs Tomorrow", seeds/004), the voices that move a brand
/// (seeds/002), and importance–performance by customer-experience aspect (seeds/000). Reads need a viewer; goals
/// are written by an analyst.
/// </summary>
public static class StrategyApi
{
    public sealed record MilestoneRequest(DateTimeOffset? At, double? Target);

    public sealed record GoalRequest(long? PairId, long? BrandId, double? Target, DateTimeOffset? By, IReadOnlyList<MilestoneRequest>? Milestones);

    public sealed record MilestoneView(DateTimeOffset At, double Target, string Status, double? Projected, double? Reached);

    /// <summary>A goal as judged now. <c>eta</c>: when the trend reaches the target (now when met; null when the trend never does).</summary>
    public sealed record GoalView(long Id, long? PairId, long BrandId, double Now, double Target, DateTimeOffset By, string Status, DateTimeOffset? Eta,
        double TrendPerDay, double? Projected, IReadOnlyList<MilestoneView> Milestones, DateTimeOffset CreatedAt, string? CreatedBy);

    public sealed record CompetitorsRequest(IReadOnlyList<long>? CompetitorIds);

    public sealed record CompetitorView(long Id, string Name);

    public sealed record SharePoint(DateTimeOffset At, long Mentions, double Share, double Polarity, double? Score);

    /// <summary>A brand in a share-of-voice read: totals over the window (<c>score</c> is its own score now) and its buckets.</summary>
    public sealed record ShareView(long BrandId, string Name, bool Competitor, long Mentions, double Share, double Polarity, double Score, IReadOnlyList<SharePoint> Series);

    public sealed record AspectView(string Aspect, long Mentions, double Performance, double Importance, string Quadrant);

    /// <summary>The query of a brand's voices or aspects, read as text so every malformed value is reported at once.</summary>
    public sealed record WindowQuery(
        [property: FromQuery(Name = "from")] string? From,
        [property: FromQuery(Name = "to")] string? To,
        [property: FromQuery(Name = "limit")] string? Limit);

    public const int MaxMilestones = 50;
    public const int DefaultVoices = 20;
    public const int MaxVoices = 100;

    /// <summary>The default window of voices and aspects, and the longest one may ask for.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(30);

    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(366);

    public static IEndpointRouteBuilder MapStrategyApi(this IEndpointRouteBuilder app)
    {
        var goals = app.MapGroup("/api/goals").WithTags("Strategy").RequireAuthorization(AuthRegistration.Viewer);
        goals.MapPost("/", AddGoal).RequireAuthorization(AuthRegistration.Analyst);
        goals.MapGet("/", ListGoals);
        goals.MapGet("/{id:long}", GetGoal);
        goals.MapPut("/{id:long}", UpdateGoal).RequireAuthorization(AuthRegistration.Analyst);
        goals.MapGet("/{id:long}/history", GoalHistory);
        goals.MapDelete("/{id:long}", DeleteGoal).RequireAuthorization(AuthRegistration.Analyst);
        var brands = app.MapGroup("/api/brands").WithTags("Strategy").RequireAuthorization(AuthRegistration.Viewer);
        brands.MapGet("/{id:long}/voices", BrandVoices);
        brands.MapGet("/{id:long}/aspects", BrandAspects);
        app.MapGroup("/api/influencers").WithTags("Strategy").RequireAuthorization(AuthRegistration.Viewer).MapGet("/{id:long}/brands", InfluencerBrands);
        brands.MapGet("/{id:long}/competitors", Competitors);
        brands.MapPut("/{id:long}/competitors", SetCompetitors).RequireAuthorization(AuthRegistration.Analyst);
        brands.MapGet("/{id:long}/share-of-voice", BrandShareOfVoice);
        return app;
    }

    private static async Task<Results<Created<GoalView>, ValidationProblem, NotFoundProblem>> AddGoal(GoalRequest? body, HttpContext http, GoalStore store,
        PairReadModel pairs, EntityCatalog catalog, StrategyReadModel strategy, CancellationToken ct)
    {
        if (body is null) return ApiProblems.Invalid("body", "a JSON object is required.");
        var now = Microseconds(strategy.Now);
        var errors = new ApiProblems.Errors();
        if ((body.PairId is null) == (body.BrandId is null)) errors.Add("pairId", "give exactly one of pairId and brandId.");
        if (body.PairId is <= 0) errors.Add("pairId", "pairId must be a positive whole number.");
        if (body.BrandId is <= 0) errors.Add("brandId", "brandId must be a positive whole number.");
        var milestones = Plan(errors, body.Target, body.By, body.Milestones, now);
        if (errors.Any) return errors.ToResult();

        var scope = http.User.Scope();
        long brandId;
        if (body.PairId is { } pairId)
        {
            if (await pairs.FindPairAsync(pairId, scope.CanSee, ct) is not { } pair) return ApiProblems.NotFound($"pair {pairId}");
            brandId = pair.BrandId;
        }
        else
        {
            brandId = body.BrandId!.Value;
            if (!(await catalog.GetAsync(ct)).BrandsById.ContainsKey(brandId) || !scope.CanSee(brandId)) return ApiProblems.NotFound($"brand {brandId}");
        }
        var goal = await store.AddAsync(brandId, body.PairId, body.Target!.Value, Microseconds(body.By!.Value), milestones, now,
            http.User.Identity?.Name, ct);
        return TypedResults.Created($"/api/goals/{goal.Id}", View(goal, await strategy.AssessAsync(goal, ct)));
    }

    /// <summary>The target, date and milestones of a new or edited goal, every problem named at once; the milestones in date order.</summary>
    internal static List<Milestone> Plan(ApiProblems.Errors errors, double? target, DateTimeOffset? by, IReadOnlyList<MilestoneRequest>? ms, DateTimeOffset now)
    {
        if (target is not { } t0) errors.Add("target", "target is required.");
        else if (!(t0 is >= 0 and <= 100)) errors.Add("target", "target must be a score from 0 to 100.");
        if (by is not { } b0) errors.Add("by", "by is required.");
        else if (b0 <= now) errors.Add("by", "by must be in the future.");
        else if (b0 >= QueryParsing.LatestQueryTime) errors.Add("by", $"by must be before {QueryParsing.LatestQueryTime:yyyy-MM-dd}.");
        var milestones = new List<Milestone>();
        if (ms is null) return milestones;
        if (ms.Count > MaxMilestones) errors.Add("milestones", $"at most {MaxMilestones} milestones.");
        for (var i = 0; i < ms.Count && i < MaxMilestones; i++)
        {
            var m = ms[i];
            if (m is null) { errors.Add($"milestones[{i}]", "a milestone must be an object {at, target}."); continue; }
            if (m.At is not { } at) errors.Add($"milestones[{i}].at", "at is required.");
            else if (at <= now || by is { } b && at > b) errors.Add($"milestones[{i}].at", "at must be in the future and no later than by.");
            if (m.Target is not { } t) errors.Add($"milestones[{i}].target", "target is required.");
            else if (!(t is >= 0 and <= 100)) errors.Add($"milestones[{i}].target", "target must be a score from 0 to 100.");
            if (m is { At: { } a, Target: { } v }) milestones.Add(new Milestone(Microseconds(a), v));
        }
        return milestones.OrderBy(m => m.At).ToList();
    }

    /// <summary><c>PUT /api/goals/{id}</c>: a new target, date and milestones for a goal (its pair or brand stays); the history records the edit.</summary>
    private static async Task<Results<Ok<GoalView>, ValidationProblem, NotFoundProblem>> UpdateGoal(long id, GoalRequest? body, HttpContext http, GoalStore store,
        StrategyReadModel strategy, CancellationToken ct)
    {
        if (body is null) return ApiProblems.Invalid("body", "a JSON object is required.");
        if (await store.GetAsync(id, ct) is not { } goal || !http.User.Scope().CanSee(goal.BrandId)) return ApiProblems.NotFound($"goal {id}");
        var now = Microseconds(strategy.Now);
        var errors = new ApiProblems.Errors();
        if (body.PairId is { } p && p != goal.PairId) errors.Add("pairId", "a goal's pair cannot change: delete it and set a new one.");
        if (body.BrandId is { } b && (goal.PairId is not null || b != goal.BrandId)) errors.Add("brandId", "a goal's brand cannot change: delete it and set a new one.");
        var milestones = Plan(errors, body.Target, body.By, body.Milestones, now);
        if (errors.Any) return errors.ToResult();
        if (await store.UpdateAsync(id, body.Target!.Value, Microseconds(body.By!.Value), milestones, now, http.User.Identity?.Name, ct) is not { } saved)
            return ApiProblems.NotFound($"goal {id}");
        return TypedResults.Ok(View(saved, await strategy.AssessAsync(saved, ct)));
    }

    public sealed record GoalEventView(DateTimeOffset At, string Kind, string? Status, string Detail, string? Actor, long? AlertId);

    /// <summary><c>GET /api/goals/{id}/history</c>: what happened to the goal, newest first (at most <see cref="GoalStore.MaxEvents"/>).</summary>
    private static async Task<Results<Ok<List<GoalEventView>>, NotFoundProblem>> GoalHistory(long id, HttpContext http, GoalStore store, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } goal || !http.User.Scope().CanSee(goal.BrandId)) return ApiProblems.NotFound($"goal {id}");
        return TypedResults.Ok((await store.HistoryAsync(id, GoalStore.MaxEvents, ct)).Select(e => new GoalEventView(e.At, e.Kind, e.Status, e.Detail, e.Actor, e.AlertId)).ToList());
    }

    /// <summary><c>GET /api/goals?brandId=</c>: a brand's goals (its own and its pairs'), each judged now; at most 200.</summary>
    private static async Task<Results<Ok<List<GoalView>>, ValidationProblem, NotFoundProblem>> ListGoals([FromQuery(Name = "brandId")] string? brandId,
        HttpContext http, GoalStore store, EntityCatalog catalog, StrategyReadModel strategy, CancellationToken ct)
    {
        var errors = new ApiProblems.Errors();
        var id = errors.Id("brandId", brandId);
        if (id is null && !errors.Any) errors.Add("brandId", "brandId is required.");
        if (errors.Any) return errors.ToResult();
        if (!(await catalog.GetAsync(ct)).BrandsById.ContainsKey(id!.Value) || !http.User.Scope().CanSee(id.Value)) return ApiProblems.NotFound($"brand {id}");
        var views = new List<GoalView>();
        foreach (var g in await store.OfBrandAsync(id.Value, 200, ct)) views.Add(View(g, await strategy.AssessAsync(g, ct)));
        return TypedResults.Ok(views);
    }

    private static async Task<Results<Ok<GoalView>, NotFoundProblem>> GetGoal(long id, HttpContext http, GoalStore store, StrategyReadModel strategy, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } goal || !http.User.Scope().CanSee(goal.BrandId)) return ApiProblems.NotFound($"goal {id}");
        return TypedResults.Ok(View(goal, await strategy.AssessAsync(goal, ct)));
    }

    private static async Task<Results<NoContent, NotFoundProblem>> DeleteGoal(long id, HttpContext http, GoalStore store, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } goal || !http.User.Scope().CanSee(goal.BrandId)) return ApiProblems.NotFound($"goal {id}");
        await store.DeleteAsync(id, ct);
        return TypedResults.NoContent();
    }

    private static GoalView View(GoalRecord g, GoalAssessment a) => new(g.Id, g.PairId, g.BrandId, Math.Round(a.Now, 2), g.Target, g.By, StatusName(a.Status), a.Eta,
        Math.Round(a.SlopePerDay, 3), a.Projected is { } p ? Math.Round(p, 2) : null,
        a.Milestones.Select(m => new MilestoneView(m.At, m.Target, StatusName(m.Status), m.Projected is { } mp ? Math.Round(mp, 2) : null,
            m.Reached is { } r ? Math.Round(r, 2) : null)).ToList(), g.CreatedAt, g.CreatedBy);

    /// <summary>Times as both databases keep them (PostgreSQL to the microsecond), so the created goal reads back as stored.</summary>
    private static DateTimeOffset Microseconds(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % 10, TimeSpan.Zero);

    public static string StatusName(GoalStatus s) => GoalStatuses.Name(s);

    public static string QuadrantName(Quadrant q) => q switch
    {
        Quadrant.KeepUp => "keepUp",
        Quadrant.ConcentrateHere => "concentrateHere",
        Quadrant.LowPriority => "lowPriority",
        _ => "possibleOverkill",
    };

    private static (DateTimeOffset From, DateTimeOffset To) Window(ApiProblems.Errors errors, WindowQuery q, DateTimeOffset now)
    {
        var to = errors.Time("to", q.To) ?? now;
        var from = errors.Time("from", q.From) ?? to - DefaultWindow;
        if (from >= to) errors.Add("from", "from must be before to.");
        else if (to - from > MaxWindow) errors.Add("from", $"the window may span at most {MaxWindow.TotalDays:0} days.");
        return (from, to);
    }

    private static async Task<Results<Ok<IReadOnlyList<VoiceView>>, ValidationProblem, NotFoundProblem>> BrandVoices(long id, [AsParameters] WindowQuery q,
        HttpContext http, EntityCatalog catalog, StrategyReadModel strategy, CancellationToken ct)
    {
        var errors = new ApiProblems.Errors();
        var (from, to) = Window(errors, q, strategy.Now);
        var limit = errors.Limit(q.Limit, DefaultVoices, MaxVoices);
        if (errors.Any) return errors.ToResult();
        if (!(await catalog.GetAsync(ct)).BrandsById.ContainsKey(id) || !http.User.Scope().CanSee(id)) return ApiProblems.NotFound($"brand {id}");
        var voices = await strategy.VoicesAsync(id, from, to, limit, ct);
        return TypedResults.Ok<IReadOnlyList<VoiceView>>(voices.Select(v => v with { Weight = Math.Round(v.Weight, 3), Polarity = Math.Round(v.Polarity, 4) }).ToList());
    }

    /// <summary><c>GET /api/influencers/{id}/brands?from&amp;to&amp;limit</c>: "which brands does she move?", the voices read turned round (brands the caller may see).</summary>
    private static async Task<Results<Ok<IReadOnlyList<MovedBrandView>>, ValidationProblem, NotFoundProblem>> InfluencerBrands(long id, [AsParameters] WindowQuery q,
        HttpContext http, EntityCatalog catalog, StrategyReadModel strategy, CancellationToken ct)
    {
        var errors = new ApiProblems.Errors();
        var (from, to) = Window(errors, q, strategy.Now);
        var limit = errors.Limit(q.Limit, DefaultVoices, MaxVoices);
        if (errors.Any) return errors.ToResult();
        if (!(await catalog.GetAsync(ct)).InfluencersById.ContainsKey(id)) return ApiProblems.NotFound($"influencer {id}");
        var scope = http.User.Scope();
        var brands = await strategy.BrandsMovedByAsync(id, from, to, limit, scope.CanSee, ct);
        return TypedResults.Ok<IReadOnlyList<MovedBrandView>>(brands.Select(b => b with { Weight = Math.Round(b.Weight, 3), Polarity = Math.Round(b.Polarity, 4) }).ToList());
    }

    private static async Task<Results<Ok<List<AspectView>>, ValidationProblem, NotFoundProblem>> BrandAspects(long id,
        [FromQuery(Name = "from")] string? from, [FromQuery(Name = "to")] string? to, HttpContext http, EntityCatalog catalog, StrategyReadModel strategy,
        CancellationToken ct)
    {
        var errors = new ApiProblems.Errors();
        var (start, end) = Window(errors, new WindowQuery(from, to, null), strategy.Now);
        if (errors.Any) return errors.ToResult();
        if (!(await catalog.GetAsync(ct)).BrandsById.ContainsKey(id) || !http.User.Scope().CanSee(id)) return ApiProblems.NotFound($"brand {id}");
        var rows = await strategy.AspectsAsync(id, start, end, ct);
        return TypedResults.Ok(rows.Select(r => new AspectView(r.Aspect, r.Mentions, Math.Round(r.Performance, 4), Math.Round(r.Importance, 4),
            QuadrantName(r.Quadrant))).ToList());
    }

    /// <summary><c>GET /api/brands/{id}/competitors</c>: the brands it compares itself with (those the caller may see).</summary>
    private static async Task<Results<Ok<List<CompetitorView>>, NotFoundProblem>> Competitors(long id, HttpContext http, EntityCatalog catalog, CompetitorStore store,
        CancellationToken ct)
    {
        var snapshot = await catalog.GetAsync(ct);
        var scope = http.User.Scope();
        if (!snapshot.BrandsById.ContainsKey(id) || !scope.CanSee(id)) return ApiProblems.NotFound($"brand {id}");
        return TypedResults.Ok((await store.OfAsync(id, ct)).Where(c => scope.CanSee(c) && snapshot.BrandsById.ContainsKey(c))
            .Select(c => new CompetitorView(c, snapshot.BrandsById[c].Name)).ToList());
    }

    /// <summary><c>PUT /api/brands/{id}/competitors {competitorIds}</c>: replaces them; other tracked brands the caller may see, at most <see cref="CompetitorStore.Max"/>.</summary>
    private static async Task<Results<Ok<List<CompetitorView>>, ValidationProblem, NotFoundProblem>> SetCompetitors(long id, CompetitorsRequest? body, HttpContext http,
        EntityCatalog catalog, CompetitorStore store, CancellationToken ct)
    {
        var snapshot = await catalog.GetAsync(ct);
        var scope = http.User.Scope();
        if (!snapshot.BrandsById.ContainsKey(id) || !scope.CanSee(id)) return ApiProblems.NotFound($"brand {id}");
        if (body?.CompetitorIds is not { } ids) return ApiProblems.Invalid("competitorIds", "competitorIds is required (an array of brand ids; [] names none).");
        var errors = new ApiProblems.Errors();
        if (ids.Distinct().Count() > CompetitorStore.Max) errors.Add("competitorIds", $"at most {CompetitorStore.Max} competitors.");
        foreach (var c in ids.Distinct())
        {
            if (c == id) errors.Add("competitorIds", "a brand is not its own competitor.");
            else if (!snapshot.BrandsById.ContainsKey(c) || !scope.CanSee(c)) errors.Add("competitorIds", $"there is no brand {c} you may see.");
        }
        if (errors.Any) return errors.ToResult();
        await store.SetAsync(id, ids.Distinct().ToList(), ct);
        return TypedResults.Ok(ids.Distinct().Order().Select(c => new CompetitorView(c, snapshot.BrandsById[c].Name)).ToList());
    }

    /// <summary>
    /// <c>GET /api/brands/{id}/share-of-voice?from&amp;to&amp;bucket</c>: the brand and its competitors over the window
    /// (30 days, by day), from the rollups: each one's mentions, share of all their mentions, mean polarity and own score,
    /// in total and by bucket.
    /// </summary>
    private static async Task<Results<Ok<List<ShareView>>, ValidationProblem, NotFoundProblem>> BrandShareOfVoice(long id, [AsParameters] SeriesQuery q,
        HttpContext http, EntityCatalog catalog, CompetitorStore store, StrategyReadModel strategy, CancellationToken ct)
    {
        var errors = new ApiProblems.Errors();
        var (from, to, bucket) = errors.Series(q.From, q.To, q.Bucket, strategy.Now, DefaultWindow, FusionMonitor.Core.Scoring.TimeBuckets.Day);
        if (!errors.Any && to - from > MaxWindow) errors.Add("from", $"the window may span at most {MaxWindow.TotalDays:0} days.");
        if (!errors.Any && bucket == FusionMonitor.Core.Scoring.TimeBuckets.Hour && to - from > TimeSpan.FromDays(31)) errors.Add("bucket", "hourly buckets cover at most 31 days; ask for day or week.");
        if (errors.Any) return errors.ToResult();
        var snapshot = await catalog.GetAsync(ct);
        var scope = http.User.Scope();
        if (!snapshot.BrandsById.ContainsKey(id) || !scope.CanSee(id)) return ApiProblems.NotFound($"brand {id}");
        var ids = new List<long> { id };
        ids.AddRange((await store.OfAsync(id, ct)).Where(c => scope.CanSee(c) && snapshot.BrandsById.ContainsKey(c)));
        var shares = await strategy.ShareOfVoiceAsync(ids, from, to, bucket, ct);
        return TypedResults.Ok(shares.Select(b => new ShareView(b.BrandId, snapshot.BrandsById[b.BrandId].Name, b.BrandId != id, b.Mentions, Math.Round(b.Share, 4),
            Math.Round(b.Polarity, 4), Math.Round(b.Score, 2),
            b.Series.Select(p => new SharePoint(p.At, p.Mentions, Math.Round(p.Share, 4), Math.Round(p.Polarity, 4), p.Score is { } sc ? Math.Round(sc, 2) : null)).ToList())).ToList());
    }
}
