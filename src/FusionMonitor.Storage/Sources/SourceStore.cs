using System.Data.Common;
using Dapper;
using FusionMonitor.Core.Sources;
using FusionMonitor.Core.Text;

namespace FusionMonitor.Storage.Sources;

/// <summary>A feed to poll. The schedule is data: interval, next check, error count and cursor live in the row.</summary>
public sealed record SourceRecord(long Id, string Kind, string Name, string Settings, bool Enabled, int IntervalSeconds, string? Cursor,
    DateTimeOffset NextCheckAt, int ErrorCount, DateTimeOffset? LastRunAt, string? LastOutcome, string? LastError);

/// <summary>A due source claimed for one fetch: the fetch job carries the claim token, which holds the source until the fetch is done or its lease runs out.</summary>
public sealed record SourceClaim(long SourceId, string Claim);

/// <summary>A fetch's claim no longer holds its source (its lease ran out and another fetch took the source): nothing of the fetch is stored.</summary>
public sealed class SourceClaimLostException(long sourceId)
    : Exception($"source {sourceId}: this fetch's claim ran out and another fetch holds the source now");

/// <summary>One run of a source, for its history: counts, timing, and the error if it failed.</summary>
public sealed record SourceRun(long SourceId, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, int Fetched, int New, int Duplicates, int Rejected, string? Error);

public sealed class SourceStore(FusionDatabase db)
{
    /// <summary>Longest error message kept with a failed run.</summary>
    public const int MaxErrorLength = 2_000;

    private const string Columns = "id, kind, name, settings, enabled, interval_seconds, cursor, next_check_at, error_count, last_run_at, last_outcome, last_error";

    public async Task<SourceRecord> AddAsync(string kind, string name, string settingsJson, int intervalSeconds, DateTimeOffset firstCheck, CancellationToken ct = default)
    {
        StoredText.Require("source", kind, name, settingsJson);
        await using var conn = await db.OpenAsync(ct);
        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "insert into sources (kind, name, settings, enabled, interval_seconds, next_check_at, created_at) values (@kind, @name, @settingsJson, @enabled, @intervalSeconds, @firstCheck, @firstCheck) returning id",
            new { kind, name, settingsJson, enabled = true, intervalSeconds, firstCheck }, cancellationToken: ct));
        return (await GetAsync(id, ct))!;
    }

    /// <summary>
    /// Replaces a source's name, settings, interval and enabled flag; null when there is no such source. A source whose
    /// settings change starts again without its cursor (it points into the old feed); any edit clears the failure count
    /// and makes an enabled source due now, so a fixed source is fetched at once instead of after its backoff.
    /// </summary>
    public async Task<SourceRecord?> UpdateAsync(long id, string name, string settingsJson, int intervalSeconds, bool enabled, DateTimeOffset now,
        CancellationToken ct = default)
    {
        StoredText.Require("source", name, settingsJson);
        await using var conn = await db.OpenAsync(ct);
        var n = await conn.ExecuteAsync(new CommandDefinition(
            """
            update sources set name = @name, interval_seconds = @intervalSeconds, enabled = @enabled, error_count = 0, next_check_at = @now,
                cursor = case when settings = @settingsJson then cursor else null end, settings = @settingsJson
            where id = @id
            """, new { id, name, settingsJson, intervalSeconds, enabled, now }, cancellationToken: ct));
        return n == 0 ? null : await GetAsync(id, ct);
    }

    /// <summary>Deletes a source with its run history and lease; false when there was none. The mentions it fetched stay
    /// stored (they are evidence of what was said; their scores stand). A fetch of it in flight finds its claim gone and
    /// stores nothing.</summary>
    public async Task<bool> DeleteAsync(long id, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("delete from sources where id = @id", new { id }, cancellationToken: ct)) > 0;
    }

    public async Task<SourceRecord?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QuerySingleOrDefaultAsync<SourceRow>(new CommandDefinition($"select {Columns} from sources where id = @id", new { id }, cancellationToken: ct)))?.ToRecord();
    }

    public async Task<IReadOnlyList<SourceRecord>> ListAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<SourceRow>(new CommandDefinition($"select {Columns} from sources order by id", cancellationToken: ct))).Select(r => r.ToRecord()).ToList();
    }

    /// <summary>
    /// Claims the enabled, polled sources due at <paramref name="now"/> that no fetch holds, for one fetch each: a claim
    /// is a new token holding the source's lease (<see cref="StreamLeaseStore"/>, the one lease per source that stream
    /// consumers hold too) for <paramref name="lease"/>, how long the claimed fetch may wait in the queue. <c>FOR UPDATE
    /// SKIP LOCKED</c> keeps two dispatchers at the same moment apart; the lease keeps the source out of later
    /// dispatches until its fetch is done — or until the lease runs out because its holder died, when the next dispatch
    /// claims it anew (and the old claim is stale: its job, handed out again later, does nothing).
    /// </summary>
    public async Task<IReadOnlyList<SourceClaim>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken ct = default, IReadOnlyCollection<string>? exceptKinds = null)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(conn, ct);
        // Stream kinds are read by their consumer, never polled.
        var except = exceptKinds is not { Count: > 0 } ? "" : db.Kind == DatabaseKind.Postgres ? " and s.kind <> all(@except)" : " and s.kind not in @except";
        var sql = $"""
            select s.id from sources s
            where s.enabled and s.next_check_at <= @now{except}
              and not exists (select 1 from stream_leases l where l.source_id = s.id and l.expires_at >= @now)
            order by s.next_check_at limit @limit
            {(db.Kind == DatabaseKind.Postgres ? "for update of s skip locked" : "")}
            """;
        var claims = new List<SourceClaim>();
        foreach (var id in (await conn.QueryAsync<long>(new CommandDefinition(sql, new { now, limit, except = exceptKinds?.ToArray() }, tx, cancellationToken: ct))).ToList())
        {
            var claim = NewClaim();
            if (await StreamLeaseStore.TryAcquireAsync(conn, tx, id, claim, now, lease, ct)) claims.Add(new SourceClaim(id, claim));
        }
        await tx.CommitAsync(ct);
        return claims;
    }

    /// <summary>
    /// The start of a fetch: the source, its claim holding the source's lease for <paramref name="lease"/>, which
    /// <see cref="RenewAsync"/> keeps renewing while the fetch runs. <paramref name="claim"/> is the dispatch's token, or
    /// null for a "fetch now", which takes a new claim unless a fetch of the source is under way. Null, with the reason,
    /// when the fetch must not run: the source is gone or disabled, another fetch holds it, or the claim is stale (the
    /// source was claimed again or fetched since — a job Hangfire hands out again long after its worker died).
    /// </summary>
    public async Task<(SourceRecord? Source, string Claim, string? Skipped)> StartFetchAsync(long sourceId, string? claim, DateTimeOffset now, TimeSpan lease, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(conn, ct);
        var forUpdate = db.Kind == DatabaseKind.Postgres ? " for update" : "";
        var row = await conn.QuerySingleOrDefaultAsync<SourceRow>(new CommandDefinition(
            $"select {Columns} from sources where id = @sourceId{forUpdate}", new { sourceId }, tx, cancellationToken: ct));
        var holder = await conn.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "select holder from stream_leases where source_id = @sourceId", new { sourceId }, tx, cancellationToken: ct));
        var skipped = row is null ? "the source no longer exists"
            : !row.Enabled ? "the source is disabled"
            : claim is not null && holder != claim ? "this claim is stale (the source was claimed again, or fetched since)"
            : null;
        claim ??= NewClaim();
        if (skipped is null && !await StreamLeaseStore.TryAcquireAsync(conn, tx, sourceId, claim, now, lease, ct)) skipped = "another fetch of it is under way";
        await tx.CommitAsync(ct);
        return (skipped is null ? row!.ToRecord() : null, claim, skipped);
    }

    /// <summary>Keeps a running fetch's claim for another <paramref name="lease"/>; false when the claim no longer holds the source (it went to another fetch).</summary>
    public async Task<bool> RenewAsync(long sourceId, string claim, DateTimeOffset now, TimeSpan lease, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("update stream_leases set expires_at = @until where source_id = @sourceId and holder = @claim",
            new { sourceId, claim, until = now + lease }, cancellationToken: ct)) == 1;
    }

    /// <summary>Lets the source go, inside the transaction that records the fetch's run; false when <paramref name="claim"/> no longer holds it.</summary>
    private static async Task<bool> ReleaseAsync(DbConnection conn, DbTransaction tx, long sourceId, string claim, CancellationToken ct) =>
        await conn.ExecuteAsync(new CommandDefinition("delete from stream_leases where source_id = @sourceId and holder = @claim",
            new { sourceId, claim }, tx, cancellationToken: ct)) == 1;

    /// <summary>
    /// Records a successful run inside the transaction that stored its mentions, so the cursor moves with them, and
    /// frees the source (its lease) — only while <paramref name="claim"/> still holds it; otherwise throws
    /// <see cref="SourceClaimLostException"/> so the batch rolls back (the fetch that holds the source now writes instead).
    /// </summary>
    public static async Task RecordSuccessAsync(DbConnection conn, DbTransaction tx, SourceRecord source, string claim, string? nextCursor, SourceRun run, CancellationToken ct)
    {
        if (!await ReleaseAsync(conn, tx, source.Id, claim, ct)) throw new SourceClaimLostException(source.Id);
        await conn.ExecuteAsync(new CommandDefinition(
            """
            update sources set cursor = @cursor, error_count = 0, last_run_at = @finished, last_outcome = @outcome, last_error = null,
                next_check_at = @next
            where id = @id
            """,
            new
            {
                id = source.Id,
                cursor = nextCursor ?? source.Cursor,
                finished = run.FinishedAt,
                outcome = $"ok: {run.Fetched} fetched, {run.New} new, {run.Duplicates} duplicate, {run.Rejected} rejected",
                next = SourceSchedule.NextCheck(TimeSpan.FromSeconds(source.IntervalSeconds), 0, run.FinishedAt),
            }, tx, cancellationToken: ct));
        await InsertRunAsync(conn, tx, run, ct);
    }

    /// <summary>
    /// Records a failed run, backs the source off (<see cref="SourceSchedule.NextCheck"/>) and frees it; records
    /// nothing when <paramref name="claim"/> no longer holds the source (another fetch has it now). Returns whether it recorded.
    /// </summary>
    public Task<bool> RecordFailureAsync(SourceRecord source, string claim, SourceRun run, CancellationToken ct = default) => RecordFailureCoreAsync(source, claim, run, ct);

    /// <summary>Records a failed run of a stream source and backs it off; its consumer's lease is its own to keep or give up.</summary>
    public Task RecordFailureAsync(SourceRecord source, SourceRun run, CancellationToken ct = default) => RecordFailureCoreAsync(source, null, run, ct);

    private async Task<bool> RecordFailureCoreAsync(SourceRecord source, string? claim, SourceRun run, CancellationToken ct)
    {
        // An error message may quote what the source sent (a body's first bytes): stored as a diagnostic copy, cut.
        if (run.Error is { } message) run = run with { Error = TextCut.Cut(StoredText.ForDiagnostics(message), MaxErrorLength, "…") };
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(conn, ct);
        if (claim is not null && !await ReleaseAsync(conn, tx, source.Id, claim, ct)) return false;
        var errors = source.ErrorCount + 1;
        var next = SourceSchedule.NextCheck(TimeSpan.FromSeconds(source.IntervalSeconds), errors, run.FinishedAt);
        await conn.ExecuteAsync(new CommandDefinition(
            "update sources set error_count = @errors, last_run_at = @finished, last_outcome = 'error', last_error = @error, next_check_at = @next where id = @id",
            new { id = source.Id, errors, finished = run.FinishedAt, error = run.Error, next }, tx, cancellationToken: ct));
        await InsertRunAsync(conn, tx, run, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    private static string NewClaim() => Guid.NewGuid().ToString("N");

    public async Task<IReadOnlyList<SourceRun>> RunsAsync(long sourceId, int limit = 50, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<RunRow>(new CommandDefinition(
            "select source_id, started_at, finished_at, fetched, new, duplicates, rejected, error from source_runs where source_id = @sourceId order by id desc limit @limit",
            new { sourceId, limit }, cancellationToken: ct))).Select(r => new SourceRun(r.SourceId, r.StartedAt, r.FinishedAt, r.Fetched, r.New, r.Duplicates, r.Rejected, r.Error)).ToList();
    }

    internal static Task InsertRunAsync(DbConnection conn, DbTransaction tx, SourceRun run, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(
            "insert into source_runs (source_id, started_at, finished_at, fetched, new, duplicates, rejected, error) values (@SourceId, @StartedAt, @FinishedAt, @Fetched, @New, @Duplicates, @Rejected, @Error)",
            run, tx, cancellationToken: ct));

    // Row classes, because SQLite hands back 64-bit integers where the records hold int and bool.
    private sealed class SourceRow
    {
        public long Id { get; set; }
        public string Kind { get; set; } = "";
        public string Name { get; set; } = "";
        public string Settings { get; set; } = "{}";
        public bool Enabled { get; set; }
        public int IntervalSeconds { get; set; }
        public string? Cursor { get; set; }
        public DateTimeOffset NextCheckAt { get; set; }
        public int ErrorCount { get; set; }
        public DateTimeOffset? LastRunAt { get; set; }
        public string? LastOutcome { get; set; }
        public string? LastError { get; set; }

        public SourceRecord ToRecord() => new(Id, Kind, Name, Settings, Enabled, IntervalSeconds, Cursor, NextCheckAt, ErrorCount, LastRunAt, LastOutcome, LastError);
    }

    private sealed class RunRow
    {
        public long SourceId { get; set; }
        public DateTimeOffset StartedAt { get; set; }
        public DateTimeOffset FinishedAt { get; set; }
        public int Fetched { get; set; }
        public int New { get; set; }
        public int Duplicates { get; set; }
        public int Rejected { get; set; }
        public string? Error { get; set; }
    }
}
