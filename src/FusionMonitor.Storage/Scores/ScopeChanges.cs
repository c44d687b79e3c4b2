using System.Data.Common;
using Dapper;
using FusionMonitor.Core.Scoring;

namespace FusionMonitor.Storage.Scores;

/// <summary>One scope written since a reader last looked: its key and its sums now (no top list).</summary>
public sealed record ScopeChange(ScopeKey Key, ScopeAccumulator Sums);

/// <summary>How far a reader of the change feed has got: every change up to (change id, scope) is handled.</summary>
public readonly record struct ChangeCursor(long ChangeId, int Kind, long BrandId, long InfluencerId)
{
    /// <summary>Everything before <paramref name="changeId"/> handled, nothing of it.</summary>
    public static ChangeCursor Before(long changeId) => new(changeId, -1, -1, -1);

    public static ChangeCursor After(long changeId, ScopeKey key) => new(changeId, (int)key.Kind, key.BrandId, key.InfluencerId);

    public bool IsBefore(ChangeCursor other) =>
        (ChangeId, Kind, BrandId, InfluencerId).CompareTo((other.ChangeId, other.Kind, other.BrandId, other.InfluencerId)) < 0;
}

/// <summary>A page of the change feed and the cursor to save once it is handled.</summary>
public sealed record ChangeBatch(IReadOnlyList<ScopeChange> Changes, ChangeCursor Next, bool More);

/// <summary>
/// The change feed over the score scopes: every write of a scope carries the change id of its transaction, and a
/// reader keeps a cursor. On PostgreSQL the change id is the writing transaction's id (xid8), and a reader takes only
/// changes below the oldest transaction of this database still running: every change below it has committed or
/// rolled back, and every transaction still to commit has a higher id, so nothing is passed over however transactions
/// interleave. On SQLite, whose writers take turns, a counter incremented in each write transaction does
/// the same. A rewritten scope moves up the feed and is read again; a reader may see a scope once more than it
/// changed, never less. Readers must hold their transaction briefly: while one runs, changes behind it wait.
/// </summary>
public sealed class ScopeChanges(FusionDatabase db)
{
    /// <summary>The follow-up cycle's cursor (history, spill-over pushes, alert evaluation).</summary>
    public const string FollowUp = "follow-up";

    /// <summary>The change id every scope written by this transaction carries. SQLite: call it once per transaction.</summary>
    public static async Task<long> IdAsync(DbConnection conn, DbTransaction tx, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            conn is Npgsql.NpgsqlConnection
                ? "select pg_current_xact_id()::text::bigint"
                : "update change_clock set value = value + 1 where id = 1 returning value",
            transaction: tx, cancellationToken: ct));

    /// <summary>
    /// Up to <paramref name="limit"/> changes after reader <paramref name="name"/>'s cursor that are safe to read, in
    /// (change id, scope) order, in the caller's (write) transaction. Save <see cref="ChangeBatch.Next"/> with
    /// <see cref="SaveCursorAsync"/> in the same transaction once they are handled.
    /// </summary>
    public async Task<ChangeBatch> ReadAsync(DbConnection conn, DbTransaction tx, string name, int limit, CancellationToken ct)
    {
        var cursor = await conn.QuerySingleOrDefaultAsync<CursorRow>(new CommandDefinition(
            $"select change_id as ChangeId, {(db.Kind == DatabaseKind.Postgres ? "kind::int8" : "kind")} as Kind, brand_id as BrandId, influencer_id as InfluencerId from change_cursors where name = @name",
            new { name }, tx, cancellationToken: ct));
        var from = cursor is null ? ChangeCursor.Before(1) : new ChangeCursor(cursor.ChangeId, (int)cursor.Kind, cursor.BrandId, cursor.InfluencerId);
        var upper = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            db.Kind == DatabaseKind.Postgres ? PostgresUpperBound : "select value + 1 from change_clock where id = 1", transaction: tx, cancellationToken: ct));
        var kind = db.Kind == DatabaseKind.Postgres ? "s.kind::int8" : "s.kind";
        var rows = (await conn.QueryAsync<ChangeRow>(new CommandDefinition(
            $"""
            select s.change_id as ChangeId, {kind} as Kind, s.brand_id as BrandId, s.influencer_id as InfluencerId, s.state as State
            from score_scopes s
            where s.change_id < @upper and (s.change_id, s.kind, s.brand_id, s.influencer_id) > (@c, @k, @b, @i)
            order by s.change_id, s.kind, s.brand_id, s.influencer_id
            limit @limit
            """, new { upper, c = from.ChangeId, k = from.Kind, b = from.BrandId, i = from.InfluencerId, limit }, tx, cancellationToken: ct))).ToList();
        var more = rows.Count == limit;
        var next = more ? ChangeCursor.After(rows[^1].ChangeId, rows[^1].Key) : ChangeCursor.Before(upper);
        if (next.IsBefore(from)) next = from;
        return new ChangeBatch(rows.Select(r => new ScopeChange(r.Key, ScoreJson.ReadAccumulator(r.State, "[]"))).ToList(), next, more);
    }

    public static Task SaveCursorAsync(DbConnection conn, DbTransaction tx, string name, ChangeCursor cursor, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(
            """
            insert into change_cursors (name, change_id, kind, brand_id, influencer_id) values (@name, @ChangeId, @Kind, @BrandId, @InfluencerId)
            on conflict (name) do update set change_id = excluded.change_id, kind = excluded.kind, brand_id = excluded.brand_id, influencer_id = excluded.influencer_id
            """, new { name, cursor.ChangeId, Kind = (short)cursor.Kind, cursor.BrandId, cursor.InfluencerId }, tx, cancellationToken: ct));

    /// <summary>
    /// The first change id that may still be to commit: the oldest transaction of this database still running when the
    /// snapshot was taken, else the snapshot's end (every transaction below it has finished). Transactions of other
    /// databases on the same server are left out, so they never hold this database's feed back. A transaction that
    /// gets its id later gets a higher one. (The xid is 32 bits in <c>pg_stat_activity</c>, 64 in the snapshot.)
    /// </summary>
    private const string PostgresUpperBound = """
        with snap as (select pg_current_snapshot() as s),
             ours as (select backend_xid::text::bigint as xid from pg_stat_activity
                      where datname = current_database() and backend_xid is not null and pid <> pg_backend_pid())
        select coalesce(
            (select min(x::text::bigint) from snap, pg_snapshot_xip(snap.s) as x where x::text::bigint % 4294967296 in (select xid from ours)),
            (select pg_snapshot_xmax(s)::text::bigint from snap))
        """;

    private sealed record CursorRow(long ChangeId, long Kind, long BrandId, long InfluencerId);

    private sealed record ChangeRow(long ChangeId, long Kind, long BrandId, long InfluencerId, string State)
    {
        public ScopeKey Key => new((ScopeKind)Kind, BrandId, InfluencerId);
    }
}
