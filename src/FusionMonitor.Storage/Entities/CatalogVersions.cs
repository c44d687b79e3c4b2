using System.Data.Common;
using Dapper;
using Npgsql;

namespace FusionMonitor.Storage.Entities;

/// <summary>
/// The version of the brands, influencers and pairs (<c>catalog_version</c>), which every entity change moves by one in
/// its own transaction (triggers, which on PostgreSQL also take <see cref="LockKey"/> exclusively), and how an instance hears of a move: PostgreSQL <c>LISTEN fusion_catalog</c>
/// (delivered to every instance when the change commits), or polling the row on SQLite.
/// </summary>
public sealed class CatalogVersions(FusionDatabase db)
{
    public const string Channel = "fusion_catalog";

    public async Task<long> CurrentAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition("select version from catalog_version where id = 1", cancellationToken: ct));
    }

    /// <summary>The transaction-level advisory lock an ingest holds shared and a catalogue change exclusively (the migration's trigger).</summary>
    public const long LockKey = 0x46_55_53_43_41_54; // "FUSCAT"

    /// <summary>
    /// The version, read inside a write transaction so that no entity change commits before it does: on PostgreSQL
    /// after taking the catalogue lock shared (a change's trigger takes it exclusively, so it waits for this
    /// transaction; a change in flight makes this wait, then read the new version) — a lock in memory, no row written;
    /// on SQLite the write transaction already holds the database's one write lock.
    /// </summary>
    public static async Task<long> ReadHoldingAsync(DbConnection conn, DbTransaction tx, CancellationToken ct)
    {
        if (conn is NpgsqlConnection)
            await conn.ExecuteAsync(new CommandDefinition("select pg_advisory_xact_lock_shared(@k)", new { k = LockKey }, tx, cancellationToken: ct));
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition("select version from catalog_version where id = 1", transaction: tx, cancellationToken: ct));
    }

    /// <summary>The version, and the newest version whose additions were re-matched against recent mentions.</summary>
    public async Task<(long Version, long Rematched)> StateAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleAsync<(long, long)>(new CommandDefinition("select version, rematched_version from catalog_version where id = 1", cancellationToken: ct));
    }

    /// <summary>Records that everything up to <paramref name="version"/> has been re-matched (never moves back).</summary>
    public async Task MarkRematchedAsync(long version, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "update catalog_version set rematched_version = @version where id = 1 and rematched_version < @version", new { version }, cancellationToken: ct));
    }

    /// <summary>
    /// Calls <paramref name="changed"/> with the version whenever it may have moved: on every PostgreSQL notification,
    /// and after each <paramref name="poll"/> without one (a safety net, and the only way on SQLite). Runs until
    /// cancelled; a lost connection throws, and the caller starts it again.
    /// </summary>
    public async Task WatchAsync(Action<long> changed, TimeSpan poll, CancellationToken ct)
    {
        if (db.Kind != DatabaseKind.Postgres)
        {
            await PollAsync(changed, poll, ct);
            return;
        }

        await using var conn = (NpgsqlConnection)await db.OpenAsync(ct);
        conn.Notification += (_, e) =>
        {
            if (long.TryParse(e.Payload, out var v)) changed(v);
        };
        await conn.ExecuteAsync(new CommandDefinition($"listen {Channel}", cancellationToken: ct));
        changed(await conn.ExecuteScalarAsync<long>(new CommandDefinition("select version from catalog_version where id = 1", cancellationToken: ct)));
        while (true)
        {
            if (!await conn.WaitAsync(poll, ct))
                changed(await conn.ExecuteScalarAsync<long>(new CommandDefinition("select version from catalog_version where id = 1", cancellationToken: ct)));
        }
    }

    private async Task PollAsync(Action<long> changed, TimeSpan poll, CancellationToken ct)
    {
        while (true)
        {
            changed(await CurrentAsync(ct));
            await Task.Delay(poll, ct);
        }
    }
}
