using System.Data.Common;
using Dapper;
using FusionMonitor.Core;
using FusionMonitor.Core.Scoring;

namespace FusionMonitor.Storage.Scores;

/// <summary>
/// Score state: one accumulator per scope (pair, influencer, brand), stored as JSON. Writers take the caller's
/// transaction: they run in the transaction that stores the mentions that move them.
/// </summary>
public sealed class ScopeStore(FusionDatabase db)
{
    /// <summary>The first key of the scope advisory locks (two-key form, so apart from any one-key lock).</summary>
    internal const int ScopeLockClass = 0x5C09E;

    /// <summary>
    /// Loads the accumulators of <paramref name="keys"/> (missing ones are absent from the result). With
    /// <paramref name="forUpdate"/> on PostgreSQL, every scope is locked until commit first — also a scope that has
    /// no row yet, through a transaction-level advisory lock per scope taken in one global order — so two
    /// transactions (or instances) moving the same scope take turns: the second reads what the first committed and
    /// neither overwrites the other's new accumulator, and the single lock order rules out deadlocks. SQLite's write
    /// lock does all that.
    /// </summary>
    public async Task<Dictionary<ScopeKey, ScopeAccumulator>> LoadAsync(DbConnection conn, DbTransaction? tx, IReadOnlyCollection<ScopeKey> keys, bool forUpdate, CancellationToken ct)
    {
        var result = new Dictionary<ScopeKey, ScopeAccumulator>(keys.Count);
        if (keys.Count == 0) return result;
        var ordered = keys.OrderBy(k => k.Kind).ThenBy(k => k.BrandId).ThenBy(k => k.InfluencerId).ToList(); // one lock order: no deadlocks
        IEnumerable<ScopeRow> rows;
        if (db.Kind == DatabaseKind.Postgres)
        {
            if (forUpdate)
                await conn.ExecuteAsync(new CommandDefinition(
                    "select pg_advisory_xact_lock(@lockClass, k) from (select distinct unnest(@keys) as k order by 1) as s",
                    new { lockClass = ScopeLockClass, keys = ordered.Select(ScopeLockKey).ToArray() }, tx, cancellationToken: ct));
            rows = await conn.QueryAsync<ScopeRow>(new CommandDefinition(
                $"""
                select {Columns} from score_scopes s
                join unnest(@kinds, @brands, @influencers) as k(kind, brand_id, influencer_id)
                  on s.kind = k.kind and s.brand_id = k.brand_id and s.influencer_id = k.influencer_id
                order by s.kind, s.brand_id, s.influencer_id
                {(forUpdate ? "for update of s" : "")}
                """,
                new
                {
                    kinds = ordered.Select(k => (short)k.Kind).ToArray(),
                    brands = ordered.Select(k => k.BrandId).ToArray(),
                    influencers = ordered.Select(k => k.InfluencerId).ToArray(),
                }, tx, cancellationToken: ct));
        }
        else
        {
            var list = new List<ScopeRow>();
            foreach (var chunk in ordered.Chunk(300))
            {
                var p = new DynamicParameters();
                var terms = chunk.Select((k, i) =>
                {
                    p.Add($"k{i}", (int)k.Kind); p.Add($"b{i}", k.BrandId); p.Add($"i{i}", k.InfluencerId);
                    return $"(kind = @k{i} and brand_id = @b{i} and influencer_id = @i{i})";
                });
                list.AddRange(await conn.QueryAsync<ScopeRow>(new CommandDefinition(
                    $"select {Columns} from score_scopes s where {string.Join(" or ", terms)}", p, tx, cancellationToken: ct)));
            }
            rows = list;
        }
        foreach (var r in rows) result[r.Key] = ScoreJson.ReadAccumulator(r.State);
        return result;
    }

    /// <summary>A scope's advisory lock key: the same on every instance (no per-process hash seed); two scopes
    /// sharing one only take turns needlessly.</summary>
    internal static int ScopeLockKey(ScopeKey k) => StableHash.Of((int)k.Kind, k.BrandId, k.InfluencerId);

    /// <summary>Every stored accumulator (the alert evaluation's read and the recompute check).</summary>
    public async Task<Dictionary<ScopeKey, ScopeAccumulator>> AllAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<ScopeRow>(new CommandDefinition($"select {Columns} from score_scopes s", cancellationToken: ct));
        return rows.ToDictionary(r => r.Key, r => ScoreJson.ReadAccumulator(r.State));
    }

    public static Task SaveAsync(DbConnection conn, DbTransaction tx, IEnumerable<KeyValuePair<ScopeKey, ScopeAccumulator>> scopes, DateTimeOffset now, CancellationToken ct) =>
        MultiRow.ExecuteAsync(conn, tx,
            "insert into score_scopes (kind, brand_id, influencer_id, state, updated_at)",
            "on conflict (kind, brand_id, influencer_id) do update set state = excluded.state, updated_at = excluded.updated_at",
            scopes.Select(s => new object?[] { (short)s.Key.Kind, s.Key.BrandId, s.Key.InfluencerId, ScoreJson.Write(s.Value), now }), ct);

    /// <summary>Replaces every accumulator (the recompute job), in the caller's transaction.</summary>
    public static async Task ReplaceAllAsync(DbConnection conn, DbTransaction tx, IEnumerable<KeyValuePair<ScopeKey, ScopeAccumulator>> scopes, DateTimeOffset now, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition("delete from score_scopes", transaction: tx, cancellationToken: ct));
        await SaveAsync(conn, tx, scopes, now, ct);
    }

    // PostgreSQL's smallint is widened to the 64-bit integer SQLite hands back, so one record constructor reads both.
    private string Columns => (db.Kind == DatabaseKind.Postgres ? "s.kind::int8" : "s.kind") + " as Kind, s.brand_id as BrandId, s.influencer_id as InfluencerId, s.state as State";

    private sealed record ScopeRow(long Kind, long BrandId, long InfluencerId, string State)
    {
        public ScopeKey Key => new((ScopeKind)Kind, BrandId, InfluencerId);
    }
}
