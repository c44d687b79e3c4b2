using System.Data.Common;
using Dapper;
using FusionMonitor.Core.Sources;

namespace FusionMonitor.Storage.Sources;

/// <summary>A feed to poll. The schedule is data: interval, next check, error count and cursor live in the row.</summary>
public sealed record SourceRecord(long Id, string Kind, string Name, string Settings, bool Enabled, int IntervalSeconds, string? Cursor,
    DateTimeOffset NextCheckAt, int ErrorCount, DateTimeOffset? LastRunAt, string? LastOutcome, string? LastError);

/// <summary>One run of a source, for its history: counts, timing, and the error if it failed.</summary>
public sealed record SourceRun(long SourceId, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, int Fetched, int New, int Duplicates, int Rejected, string? Error);

public sealed class SourceStore(FusionDatabase db)
{
    private const string Columns = "id, kind, name, settings, enabled, interval_seconds, cursor, next_check_at, error_count, last_run_at, last_outcome, last_error";

    public async Task<SourceRecord> AddAsync(string kind, string name, string settingsJson, int intervalSeconds, DateTimeOffset firstCheck, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "insert into sources (kind, name, settings, enabled, interval_seconds, next_check_at, created_at) values (@kind, @name, @settingsJson, @enabled, @intervalSeconds, @firstCheck, @firstCheck) returning id",
            new { kind, name, settingsJson, enabled = true, intervalSeconds, firstCheck }, cancellationToken: ct));
        return (await GetAsync(id, ct))!;
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
    /// Claims the enabled sources due at <paramref name="now"/>: each claimed one's next check moves past the lease,
    /// so another instance polling at the same time does not queue it twice.
    /// </summary>
    public async Task<IReadOnlyList<long>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken ct = default, IReadOnlyCollection<string>? exceptKinds = null)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(conn, ct);
        // Stream kinds are read by their consumer, never polled.
        var except = exceptKinds is not { Count: > 0 } ? "" : db.Kind == DatabaseKind.Postgres ? " and kind <> all(@except)" : " and kind not in @except";
        var sql = db.Kind == DatabaseKind.Postgres
            ? $"select id from sources where enabled and next_check_at <= @now{except} order by next_check_at limit @limit for update skip locked"
            : $"select id from sources where enabled and next_check_at <= @now{except} order by next_check_at limit @limit";
        var ids = (await conn.QueryAsync<long>(new CommandDefinition(sql, new { now, limit, except = exceptKinds?.ToArray() }, tx, cancellationToken: ct))).ToList();
        foreach (var id in ids)
            await conn.ExecuteAsync(new CommandDefinition("update sources set next_check_at = @until where id = @id", new { id, until = now + lease }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return ids;
    }

    /// <summary>Records a successful run inside the transaction that stored its mentions, so the cursor moves with them.</summary>
    public static async Task RecordSuccessAsync(DbConnection conn, DbTransaction tx, SourceRecord source, string? nextCursor, SourceRun run, CancellationToken ct)
    {
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

    /// <summary>Records a failed run and backs the source off (<see cref="SourceSchedule.NextCheck"/>).</summary>
    public async Task RecordFailureAsync(SourceRecord source, SourceRun run, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(conn, ct);
        var errors = source.ErrorCount + 1;
        var next = SourceSchedule.NextCheck(TimeSpan.FromSeconds(source.IntervalSeconds), errors, run.FinishedAt);
        await conn.ExecuteAsync(new CommandDefinition(
            "update sources set error_count = @errors, last_run_at = @finished, last_outcome = 'error', last_error = @error, next_check_at = @next where id = @id",
            new { id = source.Id, errors, finished = run.FinishedAt, error = run.Error, next }, tx, cancellationToken: ct));
        await InsertRunAsync(conn, tx, run, ct);
        await tx.CommitAsync(ct);
    }

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
