using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using FusionMonitor.Core.Alerts;
using FusionMonitor.Ingestion.Alerts;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Storage.Alerts;
using FusionMonitor.Storage.Auth;
using FusionMonitor.Storage.Scores;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using FusionMonitor.Web.Auth;

namespace FusionMonitor.Web.Api;

/// <summary>The alerts inbox: list by status, acknowledge, resolve.</summary>
public static class AlertsApi
{
    /// <summary>An alert as contract v2 shows it: severity, names in words, the score before and after (pair alerts), structured evidence.</summary>
    public sealed record AlertView(long Id, string Kind, long? BrandId, long? PairId, DateTimeOffset OpenedAt, string Status, string Summary,
        EvidenceView Evidence, DateTimeOffset? AcknowledgedAt, DateTimeOffset? ResolvedAt, double Value, string Severity, string? BrandName,
        string? InfluencerName, double? ScoreBefore, double? ScoreAfter, AlertCard Card, string? Assignee, double? Speed,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<TimelineEventView>? Timeline = null);

    /// <summary>One step of an alert's timeline; <c>actor</c> null when FusionMonitor did it (opened, updated, resolved by itself, reopened).</summary>
    public sealed record TimelineEventView(long Id, DateTimeOffset At, string Kind, string? Actor, string? Text);

    public sealed record NoteRequest(string? Text);

    public sealed record AssignRequest(string? Assignee);

    /// <summary>
    /// Why it fired: the mentions that pushed in the alert's direction, at most one per author (<c>accounts</c> above 1:
    /// a coordinated group of that many accounts posting near-identical text, shown as one), their authors, recurring words.
    /// </summary>
    public sealed record EvidenceView(IReadOnlyList<EvidenceMentionView> TopMentions, IReadOnlyList<string> Authors, IReadOnlyList<string> Terms,
        SpikeFigures? Spike);

    public sealed record EvidenceMentionView(long Id, string? Text, string? Author, long? Followers, string? Url, double Polarity, DateTimeOffset? CreatedAt,
        int Accounts, bool Coordinated, double Weight, double Authenticity, string? AuthenticityNote);

    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/alerts").WithTags("Alerts").RequireAuthorization(AuthRegistration.Viewer);
        api.MapGet("/", List);
        api.MapPost("/backtest", Backtest).RequireAuthorization(AuthRegistration.Analyst);
        api.MapPost("/{id:long}/ack", (long id, HttpContext http, AlertStore store, LiveNotifier notifier, TimeProvider clock, CancellationToken ct) => Move(id, AlertStatus.Acknowledged, http, store, notifier, clock, ct));
        api.MapGet("/{id:long}", Get);
        api.MapPost("/{id:long}/notes", AddNote);
        api.MapPost("/{id:long}/assign", Assign);
        api.MapPost("/{id:long}/resolve", (long id, HttpContext http, AlertStore store, LiveNotifier notifier, TimeProvider clock, CancellationToken ct) => Move(id, AlertStatus.Resolved, http, store, notifier, clock, ct));
        return app;
    }

    /// <summary>The inbox's filters as the query names them (every one optional, combined with "and").</summary>
    public sealed record AlertFilter(
        [property: FromQuery(Name = "status")] string? Status,
        [property: FromQuery(Name = "kind")] string? Kind,
        [property: FromQuery(Name = "severity")] string? Severity,
        [property: FromQuery(Name = "brandId")] string? BrandId,
        [property: FromQuery(Name = "assignee")] string? Assignee,
        [property: FromQuery(Name = "limit")] string? Limit);

    private static readonly string[] Statuses = ["open", "acknowledged", "resolved"];
    private static readonly string[] Kinds = Enum.GetValues<AlertKind>().Select(AlertCards.KindName).ToArray();
    private static readonly string[] Severities = Enum.GetValues<AlertSeverity>().Select(AlertSeverities.Name).ToArray();

    /// <summary>
    /// <c>GET /api/alerts?status&amp;kind&amp;severity&amp;brandId&amp;assignee&amp;limit</c>: the newest alerts the caller may
    /// see that match every filter given; <c>status</c>, <c>kind</c> and <c>severity</c> take one value or several
    /// separated by commas; <c>assignee</c> is <c>me</c> (the caller), <c>anyone</c> (assigned to somebody),
    /// <c>nobody</c> or a user's name. A malformed value is a 400 naming it.
    /// </summary>
    private static async Task<Results<Ok<List<AlertView>>, ValidationProblem>> List([AsParameters] AlertFilter filter, HttpContext http, AlertStore store,
        AlertChangeReader changes, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ApiProblems.Errors();
        var statuses = OneOf(errors, "status", filter.Status, Statuses);
        var kinds = OneOf(errors, "kind", filter.Kind, Kinds);
        var severities = OneOf(errors, "severity", filter.Severity, Severities);
        var brandId = errors.Id("brandId", filter.BrandId);
        var limit = errors.Limit(filter.Limit, 500, 500);
        var (assignee, assigned) = AssigneeFilter(errors, filter.Assignee, Actor(http));
        if (errors.Any) return errors.ToResult();

        var rows = await store.ListAsync(new AlertQuery(statuses, kinds, severities, brandId, assignee, assigned), http.User.Scope().AsList, limit, ct);
        var now = clock.GetUtcNow();
        // What changed since opening, for the alerts still open (a resolved one's story is its timeline).
        var changed = await changes.ReadAsync(rows.Where(r => r.Status != "resolved").ToList(), now, ct);
        return TypedResults.Ok(rows.Select(r => ToView(r, now, changed.GetValueOrDefault(r.Id))).ToList());
    }

    /// <summary>One value or several separated by commas, each one of <paramref name="allowed"/>; null when not given.</summary>
    private static IReadOnlyList<string>? OneOf(ApiProblems.Errors errors, string name, string? value, string[] allowed)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var values = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var bad = values.Where(v => !allowed.Contains(v, StringComparer.Ordinal)).ToList();
        if (values.Length == 0 || bad.Count > 0)
        {
            errors.Add(name, $"{name} must be one or more of {string.Join(", ", allowed)} (separated by commas); \"{string.Join(",", bad)}\" is not.");
            return null;
        }
        return values.Distinct().ToList();
    }

    /// <summary><c>me</c>: the caller; <c>anyone</c>: assigned to somebody; <c>nobody</c>: unassigned; else a user's name.</summary>
    private static (string? Assignee, bool? Assigned) AssigneeFilter(ApiProblems.Errors errors, string? value, string caller)
    {
        var v = value?.Trim();
        switch (v)
        {
            case null or "": return (null, null);
            case "me": return (caller, null);
            case "anyone": return (null, true);
            case "nobody": return (null, false);
            case { Length: > 200 }:
                errors.Add("assignee", "assignee must be me, anyone, nobody or a user's name (at most 200 characters).");
                return (null, null);
            default: return (v, null);
        }
    }

    /// <summary><c>GET /api/alerts/{id}</c>: the alert with its timeline (oldest first).</summary>
    private static async Task<Results<Ok<AlertView>, NotFoundProblem>> Get(long id, HttpContext http, AlertStore store, AlertChangeReader changes, TimeProvider clock,
        CancellationToken ct)
    {
        var alert = await store.GetAsync(id, ct);
        if (alert is null || !http.User.Scope().CanSee(alert.BrandId)) return ApiProblems.NotFound($"alert {id}");
        var now = clock.GetUtcNow();
        return TypedResults.Ok(await DetailAsync(alert, store, now, ct, await changes.ReadAsync(alert, now, ct)));
    }

    /// <summary><c>POST /api/alerts/{id}/notes {text}</c>: a note on the timeline, signed by the caller.</summary>
    private static async Task<Results<Created<TimelineEventView>, ValidationProblem, NotFoundProblem, ConflictProblem>> AddNote(long id, NoteRequest? body,
        HttpContext http, AlertStore store, LiveNotifier notifier, TimeProvider clock, CancellationToken ct)
    {
        var alert = await store.GetAsync(id, ct);
        if (alert is null || !http.User.Scope().CanSee(alert.BrandId)) return ApiProblems.NotFound($"alert {id}");
        if (AlertStore.NoteProblem(body?.Text) is { } problem) return ApiProblems.Invalid("text", problem);
        var text = body!.Text!.Trim();
        var now = clock.GetUtcNow();
        var actor = Actor(http);
        switch (await store.AddNoteAsync(id, actor, text, now, ct))
        {
            case AlertStore.NoteResult.NoAlert: return ApiProblems.NotFound($"alert {id}");
            case AlertStore.NoteResult.Full:
                return ApiProblems.Conflict($"This alert's timeline is full: an alert keeps at most {AlertStore.MaxEventsPerAlert} events.");
        }
        notifier.Publish(new AlertChanged(id, alert.BrandId, alert.PairId, alert.Status, "noted"));
        var added = (await store.TimelineAsync(id, ct)).Last(e => e.Kind == "noted" && e.Actor == actor);
        return TypedResults.Created($"/api/alerts/{id}", new TimelineEventView(added.Id, added.At, added.Kind, added.Actor, added.Text));
    }

    /// <summary><c>POST /api/alerts/{id}/assign {assignee}</c>: to a dashboard user by name, or to nobody with null.</summary>
    private static async Task<Results<Ok<AlertView>, ValidationProblem, NotFoundProblem>> Assign(long id, AssignRequest? body, HttpContext http, AlertStore store,
        AuthStore users, LiveNotifier notifier, TimeProvider clock, CancellationToken ct)
    {
        var alert = await store.GetAsync(id, ct);
        if (alert is null || !http.User.Scope().CanSee(alert.BrandId)) return ApiProblems.NotFound($"alert {id}");
        var name = body?.Assignee?.Trim();
        if (name is { Length: 0 }) name = null;
        if (name is not null && await users.FindUserAsync(name, ct) is null)
            return ApiProblems.Invalid("assignee", $"There is no user named \"{name}\"; assign to an existing dashboard user, or null to nobody.");
        var now = clock.GetUtcNow();
        if (!await store.AssignAsync(id, name, Actor(http), now, ct)) return ApiProblems.NotFound($"alert {id}");
        notifier.Publish(new AlertChanged(id, alert.BrandId, alert.PairId, alert.Status, name is null ? "unassigned" : "assigned"));
        return TypedResults.Ok(await DetailAsync((await store.GetAsync(id, ct))!, store, now, ct));
    }

    /// <summary>Who did it, as the timeline names them: the user's name, or <c>key:name</c> for an API key.</summary>
    private static string Actor(HttpContext http) => http.User.Identity?.Name ?? "unknown";

    private static async Task<AlertView> DetailAsync(AlertRow alert, AlertStore store, DateTimeOffset now, CancellationToken ct, AlertChangeFacts? change = null) =>
        ToView(alert, now, change) with
        {
            Timeline = (await store.TimelineAsync(alert.Id, ct)).Select(e => new TimelineEventView(e.Id, e.At, e.Kind, e.Actor, e.Text)).ToList(),
        };

    /// <summary>
    /// <c>POST /api/alerts/backtest {from, to, brandId?, rules?}</c>: the alerts the rules would have raised over the
    /// stored history (<see cref="AlertBacktestRunner"/>); <c>rules</c> names only what differs from the rules in force
    /// (the same names as <c>Alerts:Defaults:*</c>, camelCase; durations "d.hh:mm:ss", sensitivity low|medium|high).
    /// Without <c>brandId</c>, every brand the caller may see. Stores and sends nothing.
    /// </summary>
    public sealed record BacktestRequest(DateTimeOffset? From, DateTimeOffset? To, long? BrandId, JsonObject? Rules);

    public sealed record BacktestAlertView(string Kind, long BrandId, long? PairId, DateTimeOffset OpenedAt, DateTimeOffset? ResolvedAt, string Summary, string Severity, double Value);

    public sealed record BacktestResult(IReadOnlyList<BacktestAlertView> Alerts);

    private static async Task<Results<Ok<BacktestResult>, ValidationProblem, NotFoundProblem>> Backtest(BacktestRequest body, HttpContext http,
        AlertBacktestRunner runner, EntityStore entities, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.From is null) errors["from"] = ["from is required"];
        if (body.To is null) errors["to"] = ["to is required"];
        if (body.From is { } f && body.To is { } t && (t <= f || t - f > AlertBacktestRunner.MaxSpan))
            errors["to"] = [$"to must be after from, at most {AlertBacktestRunner.MaxSpan.TotalDays:0} days later"];
        AlertRules? rules = null;
        if (body.Rules is { } overrides)
        {
            var (layered, problems) = AlertRulesJson.TryLayer(await runner.RulesForAsync(body.BrandId, ct), overrides);
            if (problems.Count > 0) errors["rules"] = [.. problems];
            rules = layered;
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var scope = http.User.Scope();
        IReadOnlyCollection<long> brands;
        if (body.BrandId is { } id)
        {
            if (!scope.CanSee(id) || (await entities.BrandsAsync(ct)).All(b => b.Id != id)) return ApiProblems.NotFound($"brand {id}");
            brands = [id];
        }
        else brands = (await entities.BrandsAsync(ct)).Select(b => b.Id).Where(scope.CanSee).ToList();

        var alerts = await runner.RunAsync(brands, body.From!.Value, body.To!.Value, rules, ct);
        return TypedResults.Ok(new BacktestResult(alerts.Select(a => new BacktestAlertView(AlertStore.KindName(a.Kind), a.BrandId, a.PairId, a.OpenedAt, a.ResolvedAt,
            a.Summary, AlertSeverities.Name(AlertSeverities.Of(a.Kind, a.Value, speed: a.Speed)), a.Value)).ToList()));
    }

    private static async Task<Results<Ok<AlertView>, NotFoundProblem>> Move(long id, AlertStatus status, HttpContext http, AlertStore store, LiveNotifier notifier,
        TimeProvider clock, CancellationToken ct)
    {
        var alert = await store.GetAsync(id, ct);
        // Scope applies to writes: an alert the caller may not see is, to it, not there.
        if (alert is null || !http.User.Scope().CanSee(alert.BrandId)) return ApiProblems.NotFound($"alert {id}");
        var now = clock.GetUtcNow();
        await store.SetStatusAsync(id, status, now, Actor(http), ct);
        var moved = (await store.GetAsync(id, ct))!;
        notifier.Publish(new AlertChanged(id, moved.BrandId, moved.PairId, moved.Status, AlertStore.StatusName(status)));
        return TypedResults.Ok(ToView(moved, now));
    }

    public static AlertView ToView(AlertRow r, DateTimeOffset now, AlertChangeFacts? change = null)
    {
        var e = ScoreJson.Read<AlertEvidence>(r.Evidence) ?? AlertEvidence.None;
        var evidence = new EvidenceView(
            e.TopMentions.Select(m => new EvidenceMentionView(m.MentionId, m.Text, m.Author, m.Followers, m.Url, m.Polarity, m.CreatedAt, m.Accounts, m.Accounts > 1, m.Weight,
                m.Authenticity, m.AuthenticityNote)).ToList(),
            e.Authors ?? [], e.Terms ?? [], e.Spike);
        var card = r.Card(now, change);
        return new(r.Id, r.Kind, r.BrandId, r.PairId, r.OpenedAt, r.Status, r.Summary, evidence, r.AcknowledgedAt, r.ResolvedAt, r.Value,
            card.Severity, r.BrandName, r.PairId is null ? null : r.InfluencerName,
            r.PairId is null ? null : r.ScoreBefore, r.PairId is null ? null : r.ScoreAfter, card, r.Assignee, r.Speed);
    }
}
