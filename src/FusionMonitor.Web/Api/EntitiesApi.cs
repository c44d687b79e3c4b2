using FusionMonitor.Core.Entities;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Ingestion.Scoring;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FusionMonitor.Web.Api;

/// <summary>Brands, influencers and pairs. Reading needs a viewer; creating needs an admin.</summary>
public static class EntitiesApi
{
    /// <param name="Enabled">On <c>PUT</c>: false pauses the brand, true resumes it, left out keeps it as it is.</param>
    public sealed record BrandRequest(string? Name, IReadOnlyList<string>? Aliases, IReadOnlyList<string>? Keywords, IReadOnlyList<string>? Excludes,
        bool? Enabled = null);

    /// <param name="Enabled">On <c>PUT</c>: false pauses the influencer, true resumes her, left out keeps it as it is.</param>
    public sealed record InfluencerRequest(string? Name, Dictionary<string, string>? Handles, IReadOnlyList<string>? Aliases, bool? Enabled = null);

    public sealed record PairRequest(long? BrandId, long? InfluencerId);

    /// <summary><c>PUT /api/pairs/{id}</c>: a pair's one editable field (its brand and influencer are what it is).</summary>
    public sealed record PairUpdate(bool? Enabled);

    public static IEndpointRouteBuilder MapEntitiesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Entities");
        api.MapGet("/brands", ListBrands).RequireAuthorization(AuthRegistration.Viewer);
        api.MapPost("/brands", AddBrand).RequireAuthorization(AuthRegistration.Admin);
        api.MapGet("/influencers", ListInfluencers).RequireAuthorization(AuthRegistration.Viewer);
        api.MapPost("/influencers", AddInfluencer).RequireAuthorization(AuthRegistration.Admin);
        api.MapPost("/pairs", AddPair).RequireAuthorization(AuthRegistration.Admin);
        api.MapGet("/brands/{id:long}", GetBrand).RequireAuthorization(AuthRegistration.Viewer);
        api.MapPut("/brands/{id:long}", UpdateBrand).RequireAuthorization(AuthRegistration.Admin);
        api.MapDelete("/brands/{id:long}", DeleteBrand).RequireAuthorization(AuthRegistration.Admin);
        api.MapGet("/influencers/{id:long}", GetInfluencer).RequireAuthorization(AuthRegistration.Viewer);
        api.MapPut("/influencers/{id:long}", UpdateInfluencer).RequireAuthorization(AuthRegistration.Admin);
        api.MapDelete("/influencers/{id:long}", DeleteInfluencer).RequireAuthorization(AuthRegistration.Admin);
        api.MapPut("/pairs/{id:long}", UpdatePair).RequireAuthorization(AuthRegistration.Admin);
        api.MapDelete("/pairs/{id:long}", DeletePair).RequireAuthorization(AuthRegistration.Admin);
        return app;
    }

    private static ValidationProblem? CheckBrand(BrandRequest body)
    {
        var errors = new ApiProblems.Errors();
        errors.RequireText("name", body.Name, 200);
        errors.CheckList("aliases", body.Aliases);
        errors.CheckList("keywords", body.Keywords);
        errors.CheckList("excludes", body.Excludes);
        return errors.Any ? errors.ToResult() : null;
    }

    private static ValidationProblem? CheckInfluencer(InfluencerRequest body)
    {
        var errors = new ApiProblems.Errors();
        errors.RequireText("name", body.Name, 200);
        errors.CheckList("aliases", body.Aliases);
        if (body.Handles is { } h && (h.Count > 50 || h.Any(kv => kv.Key.Length > 50 || string.IsNullOrWhiteSpace(kv.Value) || kv.Value.Length > 200)))
            errors.Add("handles", "handles must map a platform name to a non-empty handle of at most 200 characters (at most 50 platforms).");
        return errors.Any ? errors.ToResult() : null;
    }

    /// <summary>A brand as <c>GET /api/brands/{id}</c> shows it: its record and <see cref="UnscoredMentions"/>, its mentions in a
    /// language without a model (stored, moving nothing; contract v2).</summary>
    public sealed record BrandDetail(long Id, string Name, IReadOnlyList<string> Aliases, IReadOnlyList<string> Keywords, IReadOnlyList<string> Excludes,
        long UnscoredMentions, bool Enabled);

    private static async Task<Results<Ok<BrandDetail>, NotFoundProblem>> GetBrand(long id, EntityStore store, PairReadModel pairs, HttpContext http, CancellationToken ct) =>
        http.User.Scope().CanSee(id) && await store.BrandAsync(id, ct) is { } b
            ? TypedResults.Ok(new BrandDetail(b.Id, b.Name, b.Aliases, b.Keywords, b.Excludes, await pairs.UnscoredBrandMentionsAsync(b.Id, ct), b.Enabled))
            : ApiProblems.NotFound($"brand {id}");

    /// <summary>Replaces the brand's name, aliases, keywords and excludes (what is left out is emptied) and, when given,
    /// its enabled flag (left out: kept). Matching uses the new terms from the next mention on, on every instance (the
    /// catalogue version moves); a disabled brand matches nothing until enabled again.</summary>
    private static async Task<Results<Ok<Brand>, ValidationProblem, NotFoundProblem, ConflictProblem>> UpdateBrand(long id, BrandRequest? body, EntityStore store,
        EntityCatalog catalog, HttpContext http, CancellationToken ct)
    {
        if (body is null) return ApiProblems.Invalid("body", "a JSON object is required.");
        if (CheckBrand(body) is { } invalid) return invalid;
        if (!http.User.Scope().CanSee(id)) return ApiProblems.NotFound($"brand {id}");
        try
        {
            var brand = await store.UpdateBrandAsync(id, body.Name!, body.Aliases, body.Keywords, body.Excludes, ct, body.Enabled);
            if (brand is null) return ApiProblems.NotFound($"brand {id}");
            catalog.Invalidate();
            return TypedResults.Ok(brand);
        }
        catch (DuplicateNameException e)
        {
            return ApiProblems.Conflict(e.Message);
        }
    }

    private static async Task<Results<NoContent, NotFoundProblem>> DeleteBrand(long id, EntityRemoval removal, EntityCatalog catalog, HttpContext http, CancellationToken ct)
    {
        if (!http.User.Scope().CanSee(id) || !await removal.DeleteBrandAsync(id, ct)) return ApiProblems.NotFound($"brand {id}");
        catalog.Invalidate();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<Influencer>, NotFoundProblem>> GetInfluencer(long id, EntityStore store, CancellationToken ct) =>
        await store.InfluencerAsync(id, ct) is { } influencer ? TypedResults.Ok(influencer) : ApiProblems.NotFound($"influencer {id}");

    /// <summary>Replaces the influencer's name, handles and aliases (what is left out is emptied) and, when given, her
    /// enabled flag (left out: kept); a disabled influencer matches nothing until enabled again.</summary>
    private static async Task<Results<Ok<Influencer>, ValidationProblem, NotFoundProblem, ConflictProblem>> UpdateInfluencer(long id, InfluencerRequest? body,
        EntityStore store, EntityCatalog catalog, CancellationToken ct)
    {
        if (body is null) return ApiProblems.Invalid("body", "a JSON object is required.");
        if (CheckInfluencer(body) is { } invalid) return invalid;
        try
        {
            var influencer = await store.UpdateInfluencerAsync(id, body.Name!, body.Handles, body.Aliases, ct, body.Enabled);
            if (influencer is null) return ApiProblems.NotFound($"influencer {id}");
            catalog.Invalidate();
            return TypedResults.Ok(influencer);
        }
        catch (DuplicateNameException e)
        {
            return ApiProblems.Conflict(e.Message);
        }
    }

    private static async Task<Results<NoContent, NotFoundProblem>> DeleteInfluencer(long id, EntityRemoval removal, EntityCatalog catalog, CancellationToken ct)
    {
        if (!await removal.DeleteInfluencerAsync(id, ct)) return ApiProblems.NotFound($"influencer {id}");
        catalog.Invalidate();
        return TypedResults.NoContent();
    }

    /// <summary><c>PUT /api/pairs/{id} {enabled}</c>: false pauses the pair (its own co-mentions count nothing new, it
    /// writes no history and raises no alert), true resumes it and counts the co-mentions stored meanwhile (<see cref="PairPause"/>).</summary>
    private static async Task<Results<Ok<Pair>, ValidationProblem, NotFoundProblem>> UpdatePair(long id, PairUpdate? body, EntityStore store, PairPause pause,
        HttpContext http, CancellationToken ct)
    {
        if (body is null) return ApiProblems.Invalid("body", "a JSON object is required.");
        if (body.Enabled is not { } enabled) return ApiProblems.Invalid("enabled", "enabled is required: true to follow the pair, false to pause it.");
        if (await store.PairAsync(id, ct) is not { } pair || !http.User.Scope().CanSee(pair.BrandId)) return ApiProblems.NotFound($"pair {id}");
        return await pause.SetEnabledAsync(id, enabled, ct) is { } updated ? TypedResults.Ok(updated) : ApiProblems.NotFound($"pair {id}");
    }

    private static async Task<Results<NoContent, NotFoundProblem>> DeletePair(long id, EntityStore store, EntityRemoval removal, HttpContext http, CancellationToken ct)
    {
        if (await store.PairAsync(id, ct) is not { } pair || !http.User.Scope().CanSee(pair.BrandId) || !await removal.DeletePairAsync(id, ct))
            return ApiProblems.NotFound($"pair {id}");
        return TypedResults.NoContent();
    }

    private static async Task<Ok<List<Brand>>> ListBrands(EntityStore store, HttpContext http, CancellationToken ct)
    {
        var scope = http.User.Scope();
        return TypedResults.Ok((await store.BrandsAsync(ct)).Where(b => scope.CanSee(b.Id)).ToList());
    }

    private static async Task<Results<Created<Brand>, ValidationProblem, ConflictProblem>> AddBrand(BrandRequest? body, EntityStore store, EntityCatalog catalog, CancellationToken ct)
    {
        if (body is null) return ApiProblems.Invalid("body", "a JSON object is required.");
        if (CheckBrand(body) is { } invalid) return invalid;
        if (body.Enabled is false) return ApiProblems.Invalid("enabled", "a brand is created enabled; pause it afterwards with PUT /api/brands/{id} {\"enabled\": false}.");
        try
        {
            var brand = await store.AddBrandAsync(body.Name!, body.Aliases, body.Keywords, body.Excludes, ct);
            catalog.Invalidate();
            return TypedResults.Created($"/api/brands/{brand.Id}", brand);
        }
        catch (DuplicateNameException e)
        {
            return ApiProblems.Conflict(e.Message);
        }
    }

    private static async Task<Ok<IReadOnlyList<Influencer>>> ListInfluencers(EntityStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.InfluencersAsync(ct));

    private static async Task<Results<Created<Influencer>, ValidationProblem, ConflictProblem>> AddInfluencer(InfluencerRequest? body, EntityStore store, EntityCatalog catalog, CancellationToken ct)
    {
        if (body is null) return ApiProblems.Invalid("body", "a JSON object is required.");
        if (CheckInfluencer(body) is { } invalid) return invalid;
        if (body.Enabled is false)
            return ApiProblems.Invalid("enabled", "an influencer is created enabled; pause her afterwards with PUT /api/influencers/{id} {\"enabled\": false}.");
        try
        {
            var influencer = await store.AddInfluencerAsync(body.Name!, body.Handles, body.Aliases, ct);
            catalog.Invalidate();
            return TypedResults.Created($"/api/influencers/{influencer.Id}", influencer);
        }
        catch (DuplicateNameException e)
        {
            return ApiProblems.Conflict(e.Message);
        }
    }

    private static async Task<Results<Created<Pair>, ValidationProblem>> AddPair(PairRequest? body, EntityStore store, EntityCatalog catalog, CancellationToken ct)
    {
        if (body is null) return ApiProblems.Invalid("body", "a JSON object is required.");
        var errors = new ApiProblems.Errors();
        if (body.BrandId is null or <= 0) errors.Add("brandId", "brandId is required.");
        if (body.InfluencerId is null or <= 0) errors.Add("influencerId", "influencerId is required.");
        if (errors.Any) return errors.ToResult();
        try
        {
            Pair pair = await store.AddPairAsync(body.BrandId!.Value, body.InfluencerId!.Value, ct);
            catalog.Invalidate();
            return TypedResults.Created($"/api/pairs/{pair.Id}", pair);
        }
        catch (KeyNotFoundException e)
        {
            return ApiProblems.Invalid(e.Message.StartsWith("brand", StringComparison.Ordinal) ? "brandId" : "influencerId", e.Message + ".");
        }
    }
}
