using System.Data.Common;
using Dapper;
using FusionMonitor.Core.Scoring;

namespace FusionMonitor.Storage.Scores;

/// <summary>
/// Score state: one accumulator per scope (pair, influencer, brand), its sums and its top contributions stored apart
/// (reading a score needs only the sums), with the change id of the transaction that last wrote it (the change feed,
/// <see cref="ScopeChanges"/>). Writers take the caller's transaction: they run in the transaction that stores the
/// mentions that move them.
/// </summary>
public sealed class ScopeStore(FusionDatabase db)
{
    /// <summary>
    /// Loads the accumulators of <paramref name="keys"/> with their top lists and locks them until commit, creating an
    /// empty one for a scope that has none yet. On PostgreSQL each missing scope is first inserted empty (a concurrent
    /// transaction creating the same scope waits for this one, then finds it), then every row is locked
    /// <c>FOR UPDATE</c>, both in one global key order: two transactions (or instances) moving the same scope take
    /// turns, neither overwrites the other's new accumulator, and the single order rules out deadlocks. Row locks live
    /// in the rows, not in the server's lock table, so a batch touching thousands of scopes needs no raised lock limit.
    /// SQLite's write lock does all that.
    /// </summary>
    public async Task<Dictionary<ScopeKey, ScopeAccumulator>> LockAsync(DbConnection conn, DbTransaction tx, IReadOnlyCollection<ScopeKey> keys,
        DateTimeOffset now, CancellationToken ct)
    {
        var ordered = Ordered(keys);
        if (ordered.Count == 0) return [];
        IEnumerable<ScopeRow> rows;
        if (db.Kind == DatabaseKind.Postgres)
        {
            var arrays = new { kinds = ordered.Select(k => (short)k.Kind).ToArray(), brands = ordered.Select(k => k.BrandId).ToArray(), influencers = ordered.Select(k => k.InfluencerId).ToArray(), now };
            await conn.ExecuteAsync(new CommandDefinition(
                """
                insert into score_scopes (kind, brand_id, influencer_id, state, top, voices, change_id, updated_at)
                select k.kind, k.brand_id, k.influencer_id, '{}', '[]', '[]', 0, @now
                from unnest(@kinds, @brands, @influencers) as k(kind, brand_id, influencer_id)
                order by 1, 2, 3
                on conflict do nothing
                """, arrays, tx, cancellationToken: ct));
            rows = await conn.QueryAsync<ScopeRow>(new CommandDefinition(
                $"""
                select {Columns(withTop: true)} from score_scopes s
                join unnest(@kinds, @brands, @influencers) as k(kind, brand_id, influencer_id)
                  on s.kind = k.kind and s.brand_id = k.brand_id and s.influencer_id = k.influencer_id
                order by s.kind, s.brand_id, s.influencer_id
                for update of s
                """, arrays, tx, cancellationToken: ct));
        }
        else
        {
            rows = await SqliteRowsAsync(conn, tx, ordered, withTop: true, ct);
        }
        var result = ordered.ToDictionary(k => k, _ => new ScopeAccumulator());
        foreach (var r in rows) result[r.Key] = r.ToAccumulator();
        return result;
    }

    /// <summary>
    /// Reads the accumulators of <paramref name="keys"/> without locking (missing ones are absent from the result);
    /// without <paramref name="withTop"/> their top lists are left empty, which is all a score needs.
    /// </summary>
    public async Task<Dictionary<ScopeKey, ScopeAccumulator>> LoadAsync(IReadOnlyCollection<ScopeKey> keys, bool withTop, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await LoadAsync(conn, null, keys, withTop, ct);
    }

    /// <inheritdoc cref="LoadAsync(IReadOnlyCollection{ScopeKey}, bool, CancellationToken)"/>
    public async Task<Dictionary<ScopeKey, ScopeAccumulator>> LoadAsync(DbConnection conn, DbTransaction? tx, IReadOnlyCollection<ScopeKey> keys, bool withTop,
        CancellationToken ct)
    {
        var ordered = Ordered(keys);
        var result = new Dictionary<ScopeKey, ScopeAccumulator>(ordered.Count);
        if (ordered.Count == 0) return result;
        IEnumerable<ScopeRow> rows = db.Kind == DatabaseKind.Postgres
            ? await conn.QueryAsync<ScopeRow>(new CommandDefinition(
                $"""
                select {Columns(withTop)} from score_scopes s
                join unnest(@kinds, @brands, @influencers) as k(kind, brand_id, influencer_id)
                  on s.kind = k.kind and s.brand_id = k.brand_id and s.influencer_id = k.influencer_id
                """,
                new { kinds = ordered.Select(k => (short)k.Kind).ToArray(), brands = ordered.Select(k => k.BrandId).ToArray(), influencers = ordered.Select(k => k.InfluencerId).ToArray() },
                tx, cancellationToken: ct))
            : await SqliteRowsAsync(conn, tx, ordered, withTop, ct);
        foreach (var r in rows.Where(r => r.State != "{}")) result[r.Key] = r.ToAccumulator();
        return result;
    }

    /// <summary>Writes the accumulators (which <see cref="LockAsync"/> locked) with the transaction's change id.</summary>
    public static Task SaveAsync(DbConnection conn, DbTransaction tx, IEnumerable<KeyValuePair<ScopeKey, ScopeAccumulator>> scopes, long changeId,
        DateTimeOffset now, CancellationToken ct) =>
        MultiRow.ExecuteAsync(conn, tx,
            "insert into score_scopes (kind, brand_id, influencer_id, state, top, voices, change_id, updated_at)",
            "on conflict (kind, brand_id, influencer_id) do update set state = excluded.state, top = excluded.top, voices = excluded.voices, change_id = excluded.change_id, updated_at = excluded.updated_at",
            scopes.Select(s => new object?[] { (short)s.Key.Kind, s.Key.BrandId, s.Key.InfluencerId, ScoreJson.WriteSums(s.Value), ScoreJson.WriteTop(s.Value), ScoreJson.WriteVoices(s.Value), changeId, now }), ct);

    /// <summary>
    /// Replaces every accumulator (the recompute job), in the caller's transaction, and forgets where the shared
    /// scopes' pairs were last re-read: every pair is re-read by the next follow-up cycles.
    /// </summary>
    public static async Task ReplaceAllAsync(DbConnection conn, DbTransaction tx, IEnumerable<KeyValuePair<ScopeKey, ScopeAccumulator>> scopes, long changeId,
        DateTimeOffset now, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition("delete from score_scopes", transaction: tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition("delete from score_spillover", transaction: tx, cancellationToken: ct));
        await SaveAsync(conn, tx, scopes, changeId, now, ct);
    }

    /// <summary>Where the given shared scopes stood when their pairs were last re-read (absent: never).</summary>
    public async Task<Dictionary<ScopeKey, SpillOverMark>> MarksAsync(DbConnection conn, DbTransaction tx, IReadOnlyCollection<ScopeKey> keys, CancellationToken ct)
    {
        var ordered = Ordered(keys);
        if (ordered.Count == 0) return [];
        var select = $"select {(db.Kind == DatabaseKind.Postgres ? "m.kind::int8" : "m.kind")} as Kind, m.brand_id as BrandId, m.influencer_id as InfluencerId, m.anchor_ticks as AnchorTicks, m.mass as Mass from score_spillover m";
        IEnumerable<MarkRow> rows = db.Kind == DatabaseKind.Postgres
            ? await conn.QueryAsync<MarkRow>(new CommandDefinition(
                $"{select} join unnest(@kinds, @brands, @influencers) as k(kind, brand_id, influencer_id) on m.kind = k.kind and m.brand_id = k.brand_id and m.influencer_id = k.influencer_id",
                new { kinds = ordered.Select(k => (short)k.Kind).ToArray(), brands = ordered.Select(k => k.BrandId).ToArray(), influencers = ordered.Select(k => k.InfluencerId).ToArray() },
                tx, cancellationToken: ct))
            : await SqliteKeyedAsync<MarkRow>(conn, tx, ordered, select, "m", ct);
        return rows.ToDictionary(r => new ScopeKey((ScopeKind)r.Kind, r.BrandId, r.InfluencerId), r => new SpillOverMark(r.AnchorTicks, r.Mass));
    }

    /// <summary>Records where shared scopes stand now that their pairs have been re-read.</summary>
    public static Task SaveMarksAsync(DbConnection conn, DbTransaction tx, IEnumerable<KeyValuePair<ScopeKey, SpillOverMark>> marks, CancellationToken ct) =>
        MultiRow.ExecuteAsync(conn, tx,
            "insert into score_spillover (kind, brand_id, influencer_id, anchor_ticks, mass)",
            "on conflict (kind, brand_id, influencer_id) do update set anchor_ticks = excluded.anchor_ticks, mass = excluded.mass",
            marks.Select(m => new object?[] { (short)m.Key.Kind, m.Key.BrandId, m.Key.InfluencerId, m.Value.AnchorTicks, m.Value.Mass }), ct);

    /// <summary>Forgets the marks of <paramref name="keys"/>, so the next follow-up re-reads all their pairs (after an erasure).</summary>
    public static Task ForgetMarksAsync(DbConnection conn, DbTransaction tx, IEnumerable<ScopeKey> keys, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(
            "delete from score_spillover where kind = @Kind and brand_id = @BrandId and influencer_id = @InfluencerId",
            keys.Select(k => new { Kind = (short)k.Kind, k.BrandId, k.InfluencerId }), tx, cancellationToken: ct));

    /// <summary>One global lock order: kind, brand, influencer.</summary>
    internal static List<ScopeKey> Ordered(IEnumerable<ScopeKey> keys) =>
        keys.Distinct().OrderBy(k => k.Kind).ThenBy(k => k.BrandId).ThenBy(k => k.InfluencerId).ToList();

    private async Task<List<ScopeRow>> SqliteRowsAsync(DbConnection conn, DbTransaction? tx, IReadOnlyList<ScopeKey> ordered, bool withTop, CancellationToken ct) =>
        await SqliteKeyedAsync<ScopeRow>(conn, tx, ordered, $"select {Columns(withTop)} from score_scopes s", "s", ct);

    /// <summary>SQLite: the rows of <paramref name="select"/> (aliased <paramref name="alias"/>) whose scope is one of the keys, in chunks.</summary>
    internal static async Task<List<T>> SqliteKeyedAsync<T>(DbConnection conn, DbTransaction? tx, IReadOnlyList<ScopeKey> keys, string select, string alias, CancellationToken ct)
    {
        var list = new List<T>(keys.Count);
        foreach (var chunk in keys.Chunk(300))
        {
            var p = new DynamicParameters();
            var values = chunk.Select((k, i) =>
            {
                p.Add($"k{i}", (int)k.Kind); p.Add($"b{i}", k.BrandId); p.Add($"i{i}", k.InfluencerId);
                return $"(@k{i}, @b{i}, @i{i})";
            });
            list.AddRange(await conn.QueryAsync<T>(new CommandDefinition(
                $"""
                with k(kind, brand_id, influencer_id) as (values {string.Join(", ", values)})
                {select} join k on {alias}.kind = k.kind and {alias}.brand_id = k.brand_id and {alias}.influencer_id = k.influencer_id
                """, p, tx, cancellationToken: ct)));
        }
        return list;
    }

    // PostgreSQL's smallint is widened to the 64-bit integer SQLite hands back, so one record constructor reads both.
    private string Columns(bool withTop) =>
        (db.Kind == DatabaseKind.Postgres ? "s.kind::int8" : "s.kind") + " as Kind, s.brand_id as BrandId, s.influencer_id as InfluencerId, s.state as State, "
        + (withTop ? "s.top" : "'[]'") + " as Top, " + (withTop ? "s.voices" : "'[]'") + " as Voices";

    // Settable properties, not a record: SQLite reports no type for a constant column (the "[]" of a read without tops).
    internal sealed class ScopeRow
    {
        public long Kind { get; set; }
        public long BrandId { get; set; }
        public long InfluencerId { get; set; }
        public string State { get; set; } = "{}";
        public string Top { get; set; } = "[]";
        public string Voices { get; set; } = "[]";

        public ScopeKey Key => new((ScopeKind)Kind, BrandId, InfluencerId);

        public ScopeAccumulator ToAccumulator() => ScoreJson.ReadAccumulator(State, Top, Voices);
    }

    private sealed record MarkRow(long Kind, long BrandId, long InfluencerId, long AnchorTicks, double Mass);
}
