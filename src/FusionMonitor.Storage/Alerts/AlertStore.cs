using System.Data.Common;
using Dapper;
using FusionMonitor.Core.Alerts;
using FusionMonitor.Storage.Scores;

namespace FusionMonitor.Storage.Alerts;

/// <summary>One stored alert (an incident as users see it).</summary>
public sealed record AlertRow(long Id, string IncidentId, string Kind, long? BrandId, long? PairId, string Status, DateTimeOffset OpenedAt,
    DateTimeOffset? AcknowledgedAt, DateTimeOffset? ResolvedAt, DateTimeOffset UpdatedAt, double Value, string Summary, string Evidence,
    double? ScoreBefore, double? ScoreAfter, string? BrandName, string? InfluencerName, string? Assignee, double? Speed)
{
    /// <summary>The row as the card formatter reads it (<see cref="AlertCards.Build"/>).</summary>
    public AlertFacts ToFacts(AlertChangeFacts? change = null) => new(Id, AlertStore.KindOf(Kind), AlertStore.StatusOf(Status), BrandId, PairId, BrandName,
        PairId is null ? null : InfluencerName, OpenedAt, ResolvedAt, Value, PairId is null ? null : ScoreBefore, PairId is null ? null : ScoreAfter,
        Summary, ScoreJson.Read<AlertEvidence>(Evidence) ?? AlertEvidence.None, Speed, change, Assignee);

    /// <summary>The card; with <paramref name="change"/> (<see cref="AlertChangeStore"/>) it also says what changed since it opened.</summary>
    public AlertCard Card(DateTimeOffset now, AlertChangeFacts? change = null) => AlertCards.Build(ToFacts(change), now);
}

/// <summary>
/// What the inbox asks for; every part optional, the parts combined with "and": any of the statuses, any of the kinds
/// (stored names, <see cref="AlertCards.KindName"/>), any of the severities, one brand, one assignee
/// by name, or only assigned (<see cref="Assigned"/> true) or only unassigned (false) alerts.
/// </summary>
public sealed record AlertQuery(IReadOnlyList<string>? Statuses = null, IReadOnlyList<string>? Kinds = null, IReadOnlyList<string>? Severities = null,
    long? BrandId = null, string? Assignee = null, bool? Assigned = null);

/// <summary>One step of an alert's timeline: <c>opened</c>, <c>updated</c>, <c>acknowledged</c>, <c>noted</c>, <c>assigned</c>,
/// <c>unassigned</c>, <c>resolved</c>, <c>reopened</c>; <see cref="Actor"/> null when FusionMonitor did it itself.</summary>
public sealed record AlertEventRow(long Id, long AlertId, DateTimeOffset At, string Kind, string? Actor, string? Text);

/// <summary>Incident-stream state (the lifecycle's memory) and the alerts users see, one row per incident.</summary>
public sealed class AlertStore(FusionDatabase db)
{
    /// <summary>The kept states of the given incident streams (an inactive stream has none).</summary>
    public async Task<Dictionary<string, AlertState>> StatesAsync(DbConnection conn, DbTransaction tx, IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        if (keys.Count == 0) return [];
        var rows = await conn.QueryAsync<(string Key, string State)>(new CommandDefinition(
            $"select key as Key, state as State from alert_states where key {(db.Kind == DatabaseKind.Postgres ? "= any(@keys)" : "in @keys")}",
            new { keys = keys.Distinct().ToArray() }, tx, cancellationToken: ct));
        return rows.ToDictionary(r => r.Key, r => ScoreJson.Read<AlertState>(r.State));
    }

    /// <summary>Up to <paramref name="limit"/> states that must be looked at by <paramref name="now"/> (<see cref="AlertLifecycle.DueAt"/>), soonest first.</summary>
    public static async Task<IReadOnlyList<AlertState>> DueAsync(DbConnection conn, DbTransaction tx, DateTimeOffset now, int limit, CancellationToken ct)
    {
        var rows = await conn.QueryAsync<string>(new CommandDefinition(
            "select state from alert_states where due_at <= @now order by due_at limit @limit", new { now, limit }, tx, cancellationToken: ct));
        return rows.Select(ScoreJson.Read<AlertState>).ToList();
    }

    /// <summary>Stores states with the time each must be looked at again, in one statement per few hundred.</summary>
    public static Task SaveStatesAsync(DbConnection conn, DbTransaction tx, IEnumerable<(AlertState State, DateTimeOffset? DueAt)> states, DateTimeOffset now, CancellationToken ct) =>
        MultiRow.ExecuteAsync(conn, tx,
            "insert into alert_states (key, state, updated_at, due_at)",
            "on conflict (key) do update set state = excluded.state, updated_at = excluded.updated_at, due_at = excluded.due_at",
            states.Select(s => new object?[] { s.State.Key, ScoreJson.Write(s.State), now, s.DueAt }), ct);

    /// <summary>Forgets streams that went back to inactive (the default, not kept).</summary>
    public async Task DeleteStatesAsync(DbConnection conn, DbTransaction tx, IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        if (keys.Count == 0) return;
        await conn.ExecuteAsync(new CommandDefinition(
            $"delete from alert_states where key {(db.Kind == DatabaseKind.Postgres ? "= any(@keys)" : "in @keys")}",
            new { keys = keys.ToArray() }, tx, cancellationToken: ct));
    }

    /// <summary>Applies one lifecycle event to the alert rows; returns the alert's id.</summary>
    public static async Task<long> ApplyAsync(DbConnection conn, DbTransaction tx, AlertEvent e, CancellationToken ct)
    {
        // A person may have resolved it already: the lifecycle's own resolve then adds nothing to the timeline.
        var wasResolved = e.Kind == AlertEventKind.Resolved && await conn.ExecuteScalarAsync<string?>(new CommandDefinition(
            "select status from alerts where incident_id = @IncidentId", new { e.IncidentId }, tx, cancellationToken: ct)) == "resolved";
        var id = await ApplyRowAsync(conn, tx, e, ct);
        // The timeline hears what the lifecycle did: FusionMonitor itself is the actor.
        if (!wasResolved)
            await AddEventAsync(conn, tx, id, e.At, e.Kind.ToString().ToLowerInvariant(), null,
                e.Kind == AlertEventKind.Resolved ? "back to normal" : e.Summary, ct);
        return id;
    }

    private static async Task<long> ApplyRowAsync(DbConnection conn, DbTransaction tx, AlertEvent e, CancellationToken ct)
    {
        var evidence = ScoreJson.Write(e.Evidence);
        var kind = KindName(e.AlertKind);
        return e.Kind switch
        {
            AlertEventKind.Opened => await conn.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                insert into alerts (incident_id, kind, brand_id, pair_id, status, opened_at, updated_at, value, summary, evidence, score_before, score_after, speed)
                values (@IncidentId, @kind, @BrandId, @PairId, 'open', @OpenedAt, @At, @Value, @Summary, @evidence, @ScoreBefore, @ScoreAfter, @Speed)
                on conflict (incident_id) do update set status = 'open', resolved_at = null, updated_at = excluded.updated_at,
                    value = excluded.value, summary = excluded.summary, evidence = excluded.evidence,
                    score_before = excluded.score_before, score_after = excluded.score_after, speed = excluded.speed
                returning id
                """, new { e.IncidentId, kind, e.BrandId, e.PairId, e.OpenedAt, e.At, e.Value, e.Summary, evidence, e.ScoreBefore, e.ScoreAfter, e.Speed }, tx, cancellationToken: ct)),
            AlertEventKind.Reopened => await conn.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                update alerts set status = 'open', resolved_at = null, acknowledged_at = null, updated_at = @At, value = @Value, summary = @Summary, evidence = @evidence,
                    score_before = @ScoreBefore, score_after = @ScoreAfter, speed = @Speed
                where incident_id = @IncidentId returning id
                """, new { e.IncidentId, e.At, e.Value, e.Summary, evidence, e.ScoreBefore, e.ScoreAfter, e.Speed }, tx, cancellationToken: ct)),
            AlertEventKind.Updated => await conn.ExecuteScalarAsync<long>(new CommandDefinition(
                "update alerts set updated_at = @At, value = @Value, summary = @Summary, evidence = @evidence, score_after = @ScoreAfter, speed = coalesce(@Speed, speed) where incident_id = @IncidentId returning id",
                new { e.IncidentId, e.At, e.Value, e.Summary, evidence, e.ScoreAfter, e.Speed }, tx, cancellationToken: ct)),
            _ => await conn.ExecuteScalarAsync<long>(new CommandDefinition(
                "update alerts set status = 'resolved', resolved_at = @At, updated_at = @At where incident_id = @IncidentId returning id",
                new { e.IncidentId, e.At }, tx, cancellationToken: ct)),
        };
    }

    /// <summary>
    /// The newest alerts, of one status when given, limited to <paramref name="allowedBrands"/> when given (a reader's
    /// brand scope) — in SQL, so a limited reader gets a full page of what it may see.
    /// </summary>
    public Task<IReadOnlyList<AlertRow>> ListAsync(string? status, IReadOnlyList<long>? allowedBrands, int limit = 500, CancellationToken ct = default) =>
        ListAsync(new AlertQuery(Statuses: status is null ? null : [status]), allowedBrands, limit, ct);

    /// <summary>
    /// The newest alerts that match <paramref name="q"/> (<see cref="AlertQuery"/>), within <paramref name="allowedBrands"/>
    /// when given, at most <paramref name="limit"/>. Status, kind, brand and assignee are filtered in SQL; severity is
    /// not stored (it is read from the alert's size, reach and speed by the one rule, <see cref="AlertCards.Severity"/>),
    /// so with a severity filter the newest rows are read a page at a time, by the (opened_at, id) keyset, until
    /// <paramref name="limit"/> match or none are left.
    /// </summary>
    public async Task<IReadOnlyList<AlertRow>> ListAsync(AlertQuery q, IReadOnlyList<long>? allowedBrands, int limit = 500, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var pg = db.Kind == DatabaseKind.Postgres;
        var where = new List<string>();
        if (q.Statuses is { Count: > 0 }) where.Add(pg ? "status = any(@statuses)" : "status in @statuses");
        if (q.Kinds is { Count: > 0 }) where.Add(pg ? "kind = any(@kinds)" : "kind in @kinds");
        if (q.BrandId is not null) where.Add("brand_id = @brandId");
        if (allowedBrands is not null) where.Add(pg ? "brand_id = any(@allowedBrands)" : "brand_id in @allowedBrands");
        if (q.Assignee is not null) where.Add("assignee = @assignee");
        else if (q.Assigned is true) where.Add("assignee is not null");
        else if (q.Assigned is false) where.Add("assignee is null");
        var result = new List<AlertRow>();
        var page = q.Severities is { Count: > 0 } ? Math.Max(limit, 200) : limit;
        (DateTimeOffset OpenedAt, long Id)? after = null;
        while (true)
        {
            var keyset = after is null ? "" : $"{(where.Count > 0 ? " and " : " where ")}(opened_at < @afterAt or (opened_at = @afterAt and id < @afterId))";
            var rows = (await conn.QueryAsync<AlertRow>(new CommandDefinition(
                $"select {Columns} from alerts {(where.Count > 0 ? "where " + string.Join(" and ", where) : "")}{keyset} order by opened_at desc, id desc limit @page",
                new
                {
                    statuses = q.Statuses?.ToArray(), kinds = q.Kinds?.ToArray(), brandId = q.BrandId, assignee = q.Assignee, page,
                    allowedBrands = allowedBrands?.ToArray(), afterAt = after?.OpenedAt, afterId = after?.Id,
                }, cancellationToken: ct))).ToList();
            result.AddRange(q.Severities is { Count: > 0 } sev ? rows.Where(r => sev.Contains(AlertSeverities.Name(AlertCards.Severity(r.ToFacts())))) : rows);
            if (result.Count >= limit || rows.Count < page) return result.Take(limit).ToList();
            after = (rows[^1].OpenedAt, rows[^1].Id);
        }
    }

    /// <summary>
    /// The alerts that opened since <paramref name="since"/> about one pair or about its brand as a whole (the pair
    /// chart's markers), oldest first, at most <paramref name="limit"/> of the newest. Two index range reads
    /// (alerts_pair, alerts_brand), whatever the table holds.
    /// </summary>
    public async Task<IReadOnlyList<AlertRow>> OpenedForPairAsync(long pairId, long brandId, DateTimeOffset since, int limit = 200, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = new List<AlertRow>();
        rows.AddRange(await conn.QueryAsync<AlertRow>(new CommandDefinition(
            $"select {Columns} from alerts where pair_id = @pairId and opened_at >= @since order by opened_at desc limit @limit",
            new { pairId, since, limit }, cancellationToken: ct)));
        rows.AddRange(await conn.QueryAsync<AlertRow>(new CommandDefinition(
            $"select {Columns} from alerts where brand_id = @brandId and pair_id is null and opened_at >= @since order by opened_at desc limit @limit",
            new { brandId, since, limit }, cancellationToken: ct)));
        return rows.OrderByDescending(r => r.OpenedAt).ThenByDescending(r => r.Id).Take(limit).Reverse().ToList();
    }

    /// <summary>How many alerts have this status, of the brands given when given (the nav's open count; index <c>alerts_status</c>).</summary>
    public async Task<int> CountAsync(string status, IReadOnlyList<long>? allowedBrands, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var scope = allowedBrands is null ? "" : db.Kind == DatabaseKind.Postgres ? " and brand_id = any(@allowedBrands)" : " and brand_id in @allowedBrands";
        return await conn.ExecuteScalarAsync<int>(new CommandDefinition($"select count(*) from alerts where status = @status{scope}",
            new { status, allowedBrands = allowedBrands?.ToArray() }, cancellationToken: ct));
    }

    public async Task<AlertRow?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QuerySingleOrDefaultAsync<AlertRow>(new CommandDefinition($"select {Columns} from alerts where id = @id", new { id }, cancellationToken: ct)));
    }

    /// <summary>Moves an alert to acknowledged or resolved (by a user); also records it in the incident's state.</summary>
    public async Task<bool> SetStatusAsync(long id, AlertStatus status, DateTimeOffset now, CancellationToken ct = default) =>
        await SetStatusAsync(id, status, now, actor: null, ct);

    /// <summary>The same, recording who did it on the timeline (when the status changed).</summary>
    public async Task<bool> SetStatusAsync(long id, AlertStatus status, DateTimeOffset now, string? actor, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(conn, ct);
        var alert = await conn.QuerySingleOrDefaultAsync<AlertRow>(new CommandDefinition($"select {Columns} from alerts where id = @id", new { id }, tx, cancellationToken: ct));
        if (alert is null) return false;
        var name = StatusName(status);
        var moved = await conn.ExecuteAsync(new CommandDefinition(
            status == AlertStatus.Acknowledged
                ? "update alerts set status = @name, acknowledged_at = @now, updated_at = @now where id = @id and status = 'open'"
                : "update alerts set status = @name, resolved_at = @now, updated_at = @now where id = @id and status <> 'resolved'",
            new { id, name, now }, tx, cancellationToken: ct));
        if (moved > 0) await AddEventAsync(conn, tx, id, now, name, actor, null, ct);
        // An incident id is its stream's key, '@', and when it opened.
        var key = alert.IncidentId[..Math.Max(0, alert.IncidentId.LastIndexOf('@'))];
        var state = (await StatesAsync(conn, tx, [key], ct)).Values.FirstOrDefault(s => s.IncidentId == alert.IncidentId);
        if (state is not null && status == AlertStatus.Acknowledged && state.Status == AlertStatus.Open)
            await conn.ExecuteAsync(new CommandDefinition(
                "update alert_states set state = @state, updated_at = @now where key = @key",
                new { key, state = ScoreJson.Write(state with { Status = AlertStatus.Acknowledged }), now }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return true;
    }

    public static string KindName(AlertKind kind) => AlertCards.KindName(kind);

    /// <summary>The kind back from its stored name.</summary>
    public static AlertKind KindOf(string name) => name switch
    {
        "negativeSpike" => AlertKind.NegativeSpike,
        "positiveSpike" => AlertKind.PositiveSpike,
        "scoreDrop" => AlertKind.ScoreDrop,
        "goalAtRisk" => AlertKind.GoalAtRisk,
        "aspectSlipping" => AlertKind.AspectSlipping,
        _ => AlertKind.ScoreBelow,
    };

    public static string StatusName(AlertStatus status) => status.ToString().ToLowerInvariant();

    public static AlertStatus StatusOf(string name) => name switch
    {
        "acknowledged" => AlertStatus.Acknowledged,
        "resolved" => AlertStatus.Resolved,
        _ => AlertStatus.Open,
    };

    // In the order of AlertRow's constructor, named as its parameters: Dapper maps the rows straight onto it.
    private const string Columns = """
        id as Id, incident_id as IncidentId, kind as Kind, brand_id as BrandId, pair_id as PairId, status as Status, opened_at as OpenedAt,
        acknowledged_at as AcknowledgedAt, resolved_at as ResolvedAt, updated_at as UpdatedAt, value as Value, summary as Summary, evidence as Evidence,
        score_before as ScoreBefore, score_after as ScoreAfter,
        (select b.name from brands b where b.id = alerts.brand_id) as BrandName,
        (select i.name from pairs p join influencers i on i.id = p.influencer_id where p.id = alerts.pair_id) as InfluencerName,
        assignee as Assignee, speed as Speed
        """;

    /// <summary>A note, at most this long.</summary>
    public const int MaxNoteLength = 2000;

    /// <summary>At most this many events per alert: a timeline is a short story, not a chat.</summary>
    public const int MaxEventsPerAlert = 500;

    private static Task AddEventAsync(DbConnection conn, DbTransaction tx, long alertId, DateTimeOffset at, string kind, string? actor, string? text, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(
            "insert into alert_events (alert_id, at, kind, actor, text) values (@alertId, @at, @kind, @actor, @text)",
            new { alertId, at, kind, actor, text }, tx, cancellationToken: ct));

    /// <summary>The alert's timeline, oldest first (index <c>alert_events_alert</c>).</summary>
    public async Task<IReadOnlyList<AlertEventRow>> TimelineAsync(long alertId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<AlertEventRow>(new CommandDefinition(
            "select id as Id, alert_id as AlertId, at as At, kind as Kind, actor as Actor, text as Text from alert_events where alert_id = @alertId order by at, id limit @max",
            new { alertId, max = MaxEventsPerAlert }, cancellationToken: ct));
        return rows.ToList();
    }

    public enum NoteResult { Added, NoAlert, Full }

    /// <summary>What is wrong with a note, in a sentence; null when it may be added (API and dashboard alike).</summary>
    public static string? NoteProblem(string? text) =>
        string.IsNullOrWhiteSpace(text) ? "A note needs some text: what you found or did."
        : text.Trim().Length > MaxNoteLength ? $"A note is at most {MaxNoteLength} characters."
        : null;

    /// <summary>Adds a person's note to the alert's timeline.</summary>
    public async Task<NoteResult> AddNoteAsync(long id, string actor, string text, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(conn, ct);
        if (await conn.ExecuteScalarAsync<long?>(new CommandDefinition("select id from alerts where id = @id", new { id }, tx, cancellationToken: ct)) is null) return NoteResult.NoAlert;
        if (await conn.ExecuteScalarAsync<long>(new CommandDefinition("select count(*) from alert_events where alert_id = @id", new { id }, tx, cancellationToken: ct)) >= MaxEventsPerAlert)
            return NoteResult.Full;
        await AddEventAsync(conn, tx, id, now, "noted", actor, text, ct);
        await conn.ExecuteAsync(new CommandDefinition("update alerts set updated_at = @now where id = @id", new { id, now }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return NoteResult.Added;
    }

    /// <summary>Assigns the alert to a person (null: to nobody); a change is a timeline event. False when there is no such alert.</summary>
    public async Task<bool> AssignAsync(long id, string? assignee, string actor, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(conn, ct);
        var current = await conn.QuerySingleOrDefaultAsync<(long Id, string? Assignee)?>(new CommandDefinition(
            "select id as Id, assignee as Assignee from alerts where id = @id", new { id }, tx, cancellationToken: ct));
        if (current is null) return false;
        if (current.Value.Assignee != assignee)
        {
            await conn.ExecuteAsync(new CommandDefinition("update alerts set assignee = @assignee, updated_at = @now where id = @id", new { id, assignee, now }, tx, cancellationToken: ct));
            await AddEventAsync(conn, tx, id, now, assignee is null ? "unassigned" : "assigned", actor, assignee, ct);
        }
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>Deletes timeline events older than <paramref name="before"/> (retention; index <c>alert_events_at</c>).</summary>
    public async Task<int> PruneTimelineAsync(DateTimeOffset before, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("delete from alert_events where at < @before", new { before }, cancellationToken: ct));
    }
}
