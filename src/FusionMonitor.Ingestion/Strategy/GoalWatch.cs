using System.Globalization;
using Dapper;
using FusionMonitor.Core.Alerts;
using FusionMonitor.Core.Entities;
using FusionMonitor.Core.Strategy;
using FusionMonitor.Ingestion.Alerts;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Alerts;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Storage.Strategy;

namespace FusionMonitor.Ingestion.Strategy;

/// <summary>
/// The goal check (issue 21, seeds/004's "monitor frequently so the plan does not silently miss"): judges every goal
/// as <c>GET /api/goals/{id}</c> does, keeps its history (each change of status, in <c>goal_events</c>), and raises a
/// <see cref="AlertKind.GoalAtRisk"/> alert when the projection misses the next checkpoint
/// (<see cref="GoalProjection.MissedCheckpoint"/>: the next milestone, or the goal itself once none is left) — once
/// per goal and checkpoint, however often it is checked. The alert resolves itself when the projection reaches that
/// checkpoint again or the checkpoint is past; a person may resolve it before. Each goal is judged and written in its
/// own short transaction with the goal's row locked (PostgreSQL), so two instances raise each alert once.
/// Cost: one goal read (a pair view or a brand scope, at most 14 days of hourly rows) per goal per check.
/// </summary>
public sealed class GoalWatch(FusionDatabase db, GoalStore goals, EntityStore entities, StrategyReadModel strategy, EntityCatalog catalog, TimeProvider clock)
{
    public const int Page = 200;

    /// <summary>A goal whose date passed this long ago is no longer judged (its last status, met or missed, stays).</summary>
    public static readonly TimeSpan FinishedAfter = TimeSpan.FromDays(1);

    public const string AlertKey = "GoalAtRisk:goal:";

    /// <summary>Checks every goal; the alert events to announce.</summary>
    public async Task<IReadOnlyList<AlertMonitor.AlertAnnouncement>> CheckAllAsync(CancellationToken ct = default)
    {
        var announced = new List<AlertMonitor.AlertAnnouncement>();
        for (long after = 0; ;)
        {
            var page = await goals.PageAsync(after, Page, ct);
            if (page.Count == 0) break;
            foreach (var g in page) announced.AddRange(await CheckAsync(g, ct));
            after = page[^1].Id;
        }
        return announced;
    }

    /// <summary>Judges one goal now and writes what changed; the alert events to announce.</summary>
    public async Task<IReadOnlyList<AlertMonitor.AlertAnnouncement>> CheckAsync(GoalRecord goal, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        if (goal.By < now - FinishedAfter && goal.Status is not null) return [];
        // A paused brand or pair raises no alert (its goal is judged again once it is enabled).
        if ((await catalog.GetAsync(ct)).BrandsById.GetValueOrDefault(goal.BrandId) is { Enabled: false }) return [];
        if (goal.PairId is { } pairId && await entities.PairAsync(pairId, ct) is { Enabled: false }) return [];
        var a = await strategy.AssessAsync(goal, ct);
        var status = GoalStatuses.Name(a.Status);
        var checkpoint = GoalProjection.MissedCheckpoint(a, goal.Target, goal.By);
        var announced = new List<AlertMonitor.AlertAnnouncement>();
        var projected = checkpoint is null ? 0 : a.Milestones.FirstOrDefault(m => m.At == checkpoint.At)?.Projected ?? a.Projected ?? a.Now;
        var summary = checkpoint is null ? "" : await SummaryAsync(goal, a, checkpoint, projected, ct); // read before the write transaction

        await using var conn = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(conn, ct);
        if (await goals.LockAsync(conn, tx, goal.Id, ct) is not { } g) return []; // deleted meanwhile
        if (g.Status != status)
            await GoalStore.AddEventAsync(conn, tx, g.Id, now, "status", status, Explain(a, g), null, null, ct);
        var alerted = g.AlertedCheckpoint;
        var incident = g.AlertIncident;

        // The open alert goes once its checkpoint is no longer missed (back on course, past, or edited away).
        if (incident is not null && (checkpoint is null || checkpoint.At != alerted))
        {
            var o = await conn.QuerySingleOrDefaultAsync<OpenAlert>(new CommandDefinition(
                "select status as Status, opened_at as OpenedAt from alerts where incident_id = @incident", new { incident }, tx, cancellationToken: ct));
            if (o is not null && o.Status != "resolved")
            {
                var e = new AlertEvent(AlertEventKind.Resolved, incident, Key(g), $"brand:{g.BrandId}", AlertKind.GoalAtRisk, g.BrandId, g.PairId, AlertStatus.Resolved,
                    o.OpenedAt, now, 0, "back on course", AlertEvidence.None, ScoreAfter: a.Now);
                var id = await AlertStore.ApplyAsync(conn, tx, e, ct);
                await GoalStore.AddEventAsync(conn, tx, g.Id, now, "alertResolved", status, "the projection reaches the checkpoint again, or it has passed", null, id, ct);
                announced.Add(new AlertMonitor.AlertAnnouncement(e, id));
            }
            incident = null;
        }
        if (checkpoint is not null && checkpoint.At != alerted)
        {
            incident = $"{Key(g)}@{checkpoint.At.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
            var e = new AlertEvent(AlertEventKind.Opened, incident, Key(g), $"brand:{g.BrandId}", AlertKind.GoalAtRisk, g.BrandId, g.PairId, AlertStatus.Open,
                now, now, Math.Round(checkpoint.Target - projected, 2), summary, AlertEvidence.None, ScoreAfter: a.Now);
            var id = await AlertStore.ApplyAsync(conn, tx, e, ct);
            await GoalStore.AddEventAsync(conn, tx, g.Id, now, "alertRaised", status, summary, null, id, ct);
            announced.Add(new AlertMonitor.AlertAnnouncement(e, id));
            alerted = checkpoint.At;
        }
        await GoalStore.SaveCheckAsync(conn, tx, g.Id, status, now, alerted, incident, ct);
        await tx.CommitAsync(ct);
        return announced;
    }

    private sealed class OpenAlert
    {
        public string Status { get; set; } = "";
        public DateTimeOffset OpenedAt { get; set; }
    }

    private static string Key(GoalRecord g) => AlertKey + g.Id.ToString(CultureInfo.InvariantCulture);

    private static string Explain(GoalAssessment a, GoalRecord g) => string.Create(CultureInfo.InvariantCulture,
        $"score {a.Now:0.0}, trend {a.SlopePerDay:+0.00;−0.00;0.00} a day, projected {(a.Projected is { } p ? p.ToString("0.0", CultureInfo.InvariantCulture) : "—")} at the date for a target of {g.Target:0.#}");

    /// <summary>"Goal 12 for Roxy × Chez Marlin is off course: the trend (−0.40 a day) projects 52.1 on Dec 9, short of the milestone of 60 (score now 55.0)."</summary>
    private async Task<string> SummaryAsync(GoalRecord g, GoalAssessment a, Milestone checkpoint, double projected, CancellationToken ct)
    {
        var snapshot = await catalog.GetAsync(ct);
        var subject = g.PairId is { } pairId && await entities.PairAsync(pairId, ct) is Pair pair
            ? $"{snapshot.InfluencersById.GetValueOrDefault(pair.InfluencerId)?.Name ?? $"influencer {pair.InfluencerId}"} × {snapshot.BrandsById.GetValueOrDefault(g.BrandId)?.Name ?? $"brand {g.BrandId}"}"
            : snapshot.BrandsById.GetValueOrDefault(g.BrandId)?.Name ?? $"brand {g.BrandId}";
        var what = checkpoint.At == g.By ? $"the goal of {checkpoint.Target:0.#}" : $"the milestone of {checkpoint.Target:0.#}";
        return string.Create(CultureInfo.InvariantCulture,
            $"Goal {g.Id} for {subject} is off course: the trend ({a.SlopePerDay:+0.00;−0.00;0.00} a day) projects {projected:0.0} on {checkpoint.At.UtcDateTime:MMM d}, short of {what} (score now {a.Now:0.0}).");
    }
}
