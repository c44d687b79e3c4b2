using System.Text.Json;
using FusionMonitor.Ingestion.Connectors;
using FusionMonitor.Ingestion.Jobs;
using FusionMonitor.Storage.Sources;
using FusionMonitor.Web.Auth;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FusionMonitor.Web.Api;

/// <summary>Feeds to poll (admin): create with validated settings, list, run history, and a fetch now.</summary>
public static class SourcesApi
{
    public sealed record SourceRequest(string? Kind, string? Name, JsonElement? Settings, int? IntervalSeconds, bool? Enabled = null);

    public static IEndpointRouteBuilder MapSourcesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/sources").WithTags("Sources").RequireAuthorization(AuthRegistration.Admin);
        api.MapGet("/", async (SourceStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct)));
        api.MapPost("/", Create);
        api.MapGet("/{id:long}/runs", Runs);
        api.MapPost("/{id:long}/fetch", FetchNow);
        api.MapGet("/{id:long}", Get);
        api.MapPut("/{id:long}", Update);
        api.MapDelete("/{id:long}", Delete);
        return app;
    }

    public sealed record FetchQueued(string JobId);

    private static async Task<Results<Ok<IReadOnlyList<SourceRun>>, NotFoundProblem>> Runs(long id, SourceStore store, CancellationToken ct) =>
        await store.GetAsync(id, ct) is null ? ApiProblems.NotFound($"source {id}") : TypedResults.Ok(await store.RunsAsync(id, 100, ct));

    private static async Task<Results<Accepted<FetchQueued>, NotFoundProblem, ConflictProblem>> FetchNow(long id, SourceStore store, IBackgroundJobClient jobs, CancellationToken ct)
    {
        var source = await store.GetAsync(id, ct);
        if (source is null) return ApiProblems.NotFound($"source {id}");
        if (!source.Enabled) return ApiProblems.Conflict($"source {id} is disabled; a disabled source is never fetched");
        var job = jobs.Enqueue<SourceJobs>(j => j.FetchAsync(id, CancellationToken.None));
        return TypedResults.Accepted($"/api/sources/{id}/runs", new FetchQueued(job));
    }

    private static async Task<Results<Ok<SourceRecord>, NotFoundProblem>> Get(long id, SourceStore store, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } source ? TypedResults.Ok(source) : ApiProblems.NotFound($"source {id}");

    private static async Task<Results<NoContent, NotFoundProblem>> Delete(long id, SourceStore store, CancellationToken ct) =>
        await store.DeleteAsync(id, ct) ? TypedResults.NoContent() : ApiProblems.NotFound($"source {id}");

    /// <summary>
    /// Replaces a source's name, settings (validated by its connector, as on create) and, when given, its interval and
    /// enabled flag (left out: kept). The kind cannot change. <c>enabled: false</c> pauses it: it is never fetched
    /// until enabled again.
    /// </summary>
    private static async Task<Results<Ok<SourceRecord>, ValidationProblem, NotFoundProblem, ConflictProblem>> Update(long id, SourceRequest? body, SourceStore store,
        ConnectorRegistry connectors, TimeProvider clock, CancellationToken ct)
    {
        if (body is null) return ApiProblems.Invalid("body", "a JSON object is required.");
        if (await store.GetAsync(id, ct) is not { } current) return ApiProblems.NotFound($"source {id}");
        var errors = new ApiProblems.Errors();
        errors.RequireText("name", body.Name, 200);
        if (body.Kind is { } kind && !string.Equals(kind, current.Kind, StringComparison.Ordinal))
            errors.Add("kind", $"a source's kind cannot change (this one is {current.Kind}); add a new source instead.");
        var settings = body.Settings ?? JsonDocument.Parse("{}").RootElement;
        if (connectors.TryGet(current.Kind, out var connector))
            foreach (var problem in await connectors.ValidateAsync(connector, settings, ct)) errors.Add("settings", problem);
        var interval = body.IntervalSeconds ?? current.IntervalSeconds;
        if (interval is < 30 or > 86_400) errors.Add("intervalSeconds", "intervalSeconds must be 30 to 86400.");
        if (errors.Any) return errors.ToResult();
        try
        {
            var source = await store.UpdateAsync(id, body.Name!.Trim(), settings.GetRawText(), interval, body.Enabled ?? current.Enabled, clock.GetUtcNow(), ct);
            return source is null ? ApiProblems.NotFound($"source {id}") : TypedResults.Ok(source);
        }
        catch (System.Data.Common.DbException e) when (e.Message.Contains("unique", StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblems.Conflict($"A source named '{body.Name!.Trim()}' already exists.");
        }
    }

    private static async Task<Results<Created<SourceRecord>, ValidationProblem, ConflictProblem>> Create(SourceRequest? body, SourceStore store, ConnectorRegistry connectors, TimeProvider clock, CancellationToken ct)
    {
        if (body is null) return ApiProblems.Invalid("body", "a JSON object is required.");
        var errors = new ApiProblems.Errors();
        errors.RequireText("name", body.Name, 200);
        IConnector? connector = null;
        if (string.IsNullOrWhiteSpace(body.Kind) || !connectors.TryGet(body.Kind, out connector))
            errors.Add("kind", $"kind must be one of: {string.Join(", ", connectors.Kinds.Order())}.");
        var settings = body.Settings ?? JsonDocument.Parse("{}").RootElement;
        if (connector is not null)
            foreach (var problem in await connectors.ValidateAsync(connector, settings, ct)) errors.Add("settings", problem);
        var interval = body.IntervalSeconds ?? 300;
        if (interval is < 30 or > 86_400) errors.Add("intervalSeconds", "intervalSeconds must be 30 to 86400.");
        if (errors.Any) return errors.ToResult();
        try
        {
            var source = await store.AddAsync(body.Kind!, body.Name!.Trim(), settings.GetRawText(), interval, clock.GetUtcNow(), ct);
            return TypedResults.Created($"/api/sources/{source.Id}", source);
        }
        catch (System.Data.Common.DbException e) when (e.Message.Contains("unique", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("UNIQUE", StringComparison.Ordinal))
        {
            return ApiProblems.Conflict($"a source named '{body.Name}' already exists");
        }
    }
}
