using System.Data.Common;
using Dapper;

namespace FusionMonitor.Storage.Sources;

/// <summary>The batch lost its stream lease to another instance; the transaction is rolled back, nothing is written.</summary>
public sealed class StreamLeaseLostException(long sourceId, string holder)
    : Exception($"source {sourceId}: {holder} no longer holds the stream lease; another instance consumes it now");

/// <summary>
/// Leases that let exactly one instance consume a stream source, or run one fetch of a polled source (its claim,
/// <see cref="SourceStore.ClaimDueAsync"/>), (a row per source in <c>stream_leases</c>). Taking a
/// lease succeeds when there is none, when it has run out, or when the caller already holds it (renewal), in one
/// statement, so two instances racing for it cannot both win. Works the same on PostgreSQL and SQLite.
/// </summary>
public sealed class StreamLeaseStore(FusionDatabase db)
{
    /// <summary>Takes or renews the lease until <paramref name="now"/> + <paramref name="ttl"/>; false when another holder's lease is still running.</summary>
    public async Task<bool> TryAcquireAsync(long sourceId, string holder, DateTimeOffset now, TimeSpan ttl, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(conn, ct);
        var won = await TryAcquireAsync(conn, tx, sourceId, holder, now, ttl, ct);
        await tx.CommitAsync(ct);
        return won;
    }

    /// <summary>The same inside the caller's transaction (a polled source's fetch claim, <see cref="SourceStore"/>).</summary>
    public static async Task<bool> TryAcquireAsync(DbConnection conn, DbTransaction tx, long sourceId, string holder, DateTimeOffset now, TimeSpan ttl, CancellationToken ct)
    {
        var won = await conn.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            """
            insert into stream_leases (source_id, holder, expires_at) values (@sourceId, @holder, @until)
            on conflict (source_id) do update set holder = excluded.holder, expires_at = excluded.expires_at
            where stream_leases.holder = excluded.holder or stream_leases.expires_at < @now
            returning holder
            """,
            new { sourceId, holder, until = now + ttl, now }, tx, cancellationToken: ct));
        return won == holder;
    }

    /// <summary>Gives the lease up (a clean stop), so another instance need not wait for it to run out.</summary>
    public async Task ReleaseAsync(long sourceId, string holder, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("delete from stream_leases where source_id = @sourceId and holder = @holder", new { sourceId, holder }, cancellationToken: ct));
    }

    /// <summary>Who holds the lease on a source now, if anyone (for the dashboard and tests).</summary>
    public async Task<string?> HolderAsync(long sourceId, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "select holder from stream_leases where source_id = @sourceId and expires_at >= @now", new { sourceId, now }, cancellationToken: ct));
    }

    /// <summary>
    /// Moves a stream source's cursor inside the transaction that stored its batch, and records the run when there is
    /// one — only while <paramref name="holder"/> still holds the lease; otherwise throws
    /// <see cref="StreamLeaseLostException"/> so the batch rolls back.
    /// </summary>
    public static async Task CommitAsync(DbConnection conn, DbTransaction tx, long sourceId, string holder, DateTimeOffset now, string cursor, SourceRun? run, CancellationToken ct)
    {
        var moved = await conn.ExecuteAsync(new CommandDefinition(
            """
            update sources set cursor = @cursor, error_count = 0, last_error = null
            where id = @sourceId and exists (select 1 from stream_leases l where l.source_id = @sourceId and l.holder = @holder and l.expires_at >= @now)
            """,
            new { sourceId, holder, now, cursor }, tx, cancellationToken: ct));
        if (moved == 0) throw new StreamLeaseLostException(sourceId, holder);
        if (run is null) return;
        await conn.ExecuteAsync(new CommandDefinition("update sources set last_run_at = @finished, last_outcome = @outcome where id = @sourceId",
            new { sourceId, finished = run.FinishedAt, outcome = $"streaming: {run.Fetched} matched, {run.New} new, {run.Duplicates} duplicate, {run.Rejected} rejected" }, tx, cancellationToken: ct));
        await SourceStore.InsertRunAsync(conn, tx, run, ct);
    }
}
