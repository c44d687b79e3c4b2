using System.Data.Common;
using Dapper;
using FusionMonitor.Core.Strategy;

namespace FusionMonitor.Storage.Strategy;

/// <summary>A stored goal: a target score for a pair (and its brand) or a brand by a date, with milestones.</summary>
/// <param name="Status">The status the goal check judged last (null before its first check).</param>
/// <param name="AlertedCheckpoint">The checkpoint (a milestone's or the goal's date) the last goalAtRisk alert was about.</param>
/// <param name="AlertIncident">The incident of that alert while the goal check may still resolve it.</param>
public sealed record GoalRecord(long Id, long BrandId, long? PairId, double Target, DateTimeOffset By, IReadOnlyList<Milestone> Milestones,
    DateTimeOffset CreatedAt, string? CreatedBy, string? Status = null, DateTimeOffset? CheckedAt = null, DateTimeOffset? AlertedCheckpoint = null,
    string? AlertIncident = null);

/// <summary>One entry of a goal's history: created, edited, status (a change of status), alertRaised, alertResolved.</summary>
public sealed record GoalEvent(long Id, long GoalId, DateTimeOffset At, string Kind, string? Status, string Detail, string? Actor, long? AlertId);

/// <summary>
/// Goals (<c>goals</c>, migrations 0013 and 0024): read by id or by brand, each on an index; they go with their pair or
/// brand, their history (<c>goal_events</c>) with them. A goal keeps at most <see cref="MaxEvents"/> history entries.
/// </summary>
public sealed class GoalStore(FusionDatabase db)
{
    /// <summary>The most history entries a goal keeps (the newest); older ones are deleted as new ones are written.</summary>
    public const int MaxEvents = 500;

    public async Task<GoalRecord> AddAsync(long brandId, long? pairId, double target, DateTimeOffset by, IReadOnlyList<Milestone> milestones,
        DateTimeOffset now, string? createdBy, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(conn, ct);
        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            insert into goals (brand_id, pair_id, target, by_at, milestones, created_at, created_by)
            values (@brandId, @pairId, @target, @by, @milestones, @now, @createdBy) returning id
            """, new { brandId, pairId, target, by, milestones = Json.Write(milestones), now, createdBy }, tx, cancellationToken: ct));
        await AddEventAsync(conn, tx, id, now, "created", null, Describe(target, by, milestones), createdBy, null, ct);
        await tx.CommitAsync(ct);
        return new GoalRecord(id, brandId, pairId, target, by, milestones, now, createdBy);
    }

    /// <summary>Replaces a goal's target, date and milestones (its pair or brand stays); null when there is no such goal.</summary>
    public async Task<GoalRecord?> UpdateAsync(long id, double target, DateTimeOffset by, IReadOnlyList<Milestone> milestones, DateTimeOffset now, string? actor,
        CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(conn, ct);
        var changed = await conn.ExecuteAsync(new CommandDefinition(
            "update goals set target = @target, by_at = @by, milestones = @milestones where id = @id",
            new { id, target, by, milestones = Json.Write(milestones) }, tx, cancellationToken: ct));
        if (changed == 0) return null;
        await AddEventAsync(conn, tx, id, now, "edited", null, Describe(target, by, milestones), actor, null, ct);
        var row = await conn.QuerySingleAsync<Row>(new CommandDefinition($"select {Columns} from goals where id = @id", new { id }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return row.ToRecord();
    }

    /// <summary>A page of every goal after <paramref name="afterId"/> by id (the goal check's sweep, on the primary key).</summary>
    public async Task<IReadOnlyList<GoalRecord>> PageAsync(long afterId, int limit, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition(
            $"select {Columns} from goals where id > @afterId order by id limit @limit", new { afterId, limit }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>The goal in the caller's write transaction, locked on PostgreSQL until it ends (so two instances' checks take turns); null when deleted.</summary>
    public async Task<GoalRecord?> LockAsync(DbConnection conn, DbTransaction tx, long id, CancellationToken ct)
    {
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"select {Columns} from goals where id = @id{(db.Kind == DatabaseKind.Postgres ? " for update" : "")}", new { id }, tx, cancellationToken: ct));
        return row?.ToRecord();
    }

    /// <summary>What the goal check judged, in the caller's transaction.</summary>
    public static Task SaveCheckAsync(DbConnection conn, DbTransaction tx, long id, string status, DateTimeOffset at, DateTimeOffset? alertedCheckpoint,
        string? alertIncident, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(
            "update goals set status = @status, checked_at = @at, alerted_checkpoint = @alertedCheckpoint, alert_incident = @alertIncident where id = @id",
            new { id, status, at, alertedCheckpoint, alertIncident }, tx, cancellationToken: ct));

    /// <summary>Adds one history entry in the caller's transaction and drops the goal's entries beyond the newest <see cref="MaxEvents"/>.</summary>
    public static async Task AddEventAsync(DbConnection conn, DbTransaction tx, long goalId, DateTimeOffset at, string kind, string? status, string detail,
        string? actor, long? alertId, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition(
            "insert into goal_events (goal_id, at, kind, status, detail, actor, alert_id) values (@goalId, @at, @kind, @status, @detail, @actor, @alertId)",
            new { goalId, at, kind, status, detail, actor, alertId }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(
            """
            delete from goal_events where goal_id = @goalId
              and id < (select id from goal_events where goal_id = @goalId order by id desc limit 1 offset @keep)
            """, new { goalId, keep = MaxEvents - 1 }, tx, cancellationToken: ct));
    }

    /// <summary>A goal's history, newest first, at most <paramref name="limit"/> (index <c>goal_events_goal</c>).</summary>
    public async Task<IReadOnlyList<GoalEvent>> HistoryAsync(long goalId, int limit, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<GoalEvent>(new CommandDefinition(
            """
            select id as Id, goal_id as GoalId, at as At, kind as Kind, status as Status, detail as Detail, actor as Actor, alert_id as AlertId
            from goal_events where goal_id = @goalId order by id desc limit @limit
            """, new { goalId, limit }, cancellationToken: ct));
        return rows.ToList();
    }

    /// <summary>"target 70 by 2026-12-31, 2 milestones": a goal in words, for its history.</summary>
    public static string Describe(double target, DateTimeOffset by, IReadOnlyList<Milestone> milestones) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"target {target:0.#} by {by.UtcDateTime:yyyy-MM-dd HH:mm} UTC{(milestones.Count == 0 ? "" : milestones.Count == 1 ? ", 1 milestone" : $", {milestones.Count} milestones")}");

    public async Task<GoalRecord?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"select {Columns} from goals where id = @id", new { id }, cancellationToken: ct));
        return row?.ToRecord();
    }

    /// <summary>A brand's goals (its own and its pairs'), oldest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<GoalRecord>> OfBrandAsync(long brandId, int limit, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition(
            $"select {Columns} from goals where brand_id = @brandId order by id limit @limit", new { brandId, limit }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>
    /// The goals of the given pairs with the status the goal check judged last (the board's badges: no judging at read
    /// time), newest goal first per pair; index <c>goals_pair</c>.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, GoalRecord>> OfPairsAsync(IReadOnlyCollection<long> pairIds, CancellationToken ct = default)
    {
        if (pairIds.Count == 0) return new Dictionary<long, GoalRecord>();
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition(
            $"select {Columns} from goals where pair_id {(db.Kind == DatabaseKind.Postgres ? "= any(@ids)" : "in @ids")}",
            new { ids = pairIds.Distinct().ToArray() }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).GroupBy(g => g.PairId!.Value).ToDictionary(g => g.Key, g => g.OrderByDescending(x => x.Id).First());
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("delete from goals where id = @id", new { id }, cancellationToken: ct)) > 0;
    }

    private const string Columns =
        "id as Id, brand_id as BrandId, pair_id as PairId, target as Target, by_at as ByAt, milestones as Milestones, created_at as CreatedAt, created_by as CreatedBy, " +
        "status as Status, checked_at as CheckedAt, alerted_checkpoint as AlertedCheckpoint, alert_incident as AlertIncident";

    private sealed class Row
    {
        public long Id { get; set; }
        public long BrandId { get; set; }
        public long? PairId { get; set; }
        public double Target { get; set; }
        public DateTimeOffset ByAt { get; set; }
        public string Milestones { get; set; } = "[]";
        public DateTimeOffset CreatedAt { get; set; }
        public string? CreatedBy { get; set; }
        public string? Status { get; set; }
        public DateTimeOffset? CheckedAt { get; set; }
        public DateTimeOffset? AlertedCheckpoint { get; set; }
        public string? AlertIncident { get; set; }

        public GoalRecord ToRecord() => new(Id, BrandId, PairId, Target, ByAt, Json.Read<List<Milestone>>(Milestones, []), CreatedAt, CreatedBy, Status, CheckedAt,
            AlertedCheckpoint, AlertIncident);
    }
}
