using System.Data.Common;
using Dapper;
using FusionMonitor.Core.Scoring;

namespace FusionMonitor.Storage.Scores;

/// <summary>
/// How many mentions of each score scope no model read (their language has none): moved in the transaction that
/// stores them, so the pair and brand views can say what is not being read without scanning mentions.
/// </summary>
public sealed class UnscoredCountStore(FusionDatabase db)
{
    /// <summary>Adds one mention per key occurrence to the counts, in the caller's transaction. Rows are written in
    /// the scopes' lock order (<see cref="ScopeStore.Ordered"/>), so two batches counting the same scopes wait for
    /// each other instead of deadlocking (PostgreSQL 40P01, seen between parallel ingest batches: the upsert took
    /// its rows in the order the batch met them).</summary>
    public static Task AddAsync(DbConnection conn, DbTransaction tx, IEnumerable<ScopeKey> keys, CancellationToken ct) =>
        MultiRow.ExecuteAsync(conn, tx,
            "insert into unscored_counts (kind, brand_id, influencer_id, mentions)",
            "on conflict (kind, brand_id, influencer_id) do update set mentions = unscored_counts.mentions + excluded.mentions",
            Counted(keys).Select(g => new object?[] { (short)g.Key.Kind, g.Key.BrandId, g.Key.InfluencerId, g.Count }), ct);

    private static IEnumerable<(ScopeKey Key, long Count)> Counted(IEnumerable<ScopeKey> keys)
    {
        var counts = keys.GroupBy(k => k).ToDictionary(g => g.Key, g => (long)g.Count());
        return ScopeStore.Ordered(counts.Keys).Select(k => (k, counts[k]));
    }

    /// <summary>Takes one mention per key occurrence back out of the counts (a person has read it), in the caller's
    /// transaction, in the scopes' lock order.</summary>
    public static async Task RemoveAsync(DbConnection conn, DbTransaction tx, IEnumerable<ScopeKey> keys, CancellationToken ct)
    {
        foreach (var g in Counted(keys))
            await conn.ExecuteAsync(new CommandDefinition(
                "update unscored_counts set mentions = mentions - @n where kind = @kind and brand_id = @brandId and influencer_id = @influencerId",
                new { n = g.Count, kind = (short)g.Key.Kind, brandId = g.Key.BrandId, influencerId = g.Key.InfluencerId }, tx, cancellationToken: ct));
    }

    /// <summary>Replaces every count (the recompute job), in the caller's transaction.</summary>
    public static async Task ReplaceAllAsync(DbConnection conn, DbTransaction tx, IEnumerable<ScopeKey> keys, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition("delete from unscored_counts", transaction: tx, cancellationToken: ct));
        await AddAsync(conn, tx, keys, ct);
    }

    /// <summary>The scope's count; 0 when none of its mentions went unread.</summary>
    public async Task<long> CountAsync(ScopeKey key, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            "select mentions from unscored_counts where kind = @kind and brand_id = @brandId and influencer_id = @influencerId",
            new { kind = (short)key.Kind, brandId = key.BrandId, influencerId = key.InfluencerId }, cancellationToken: ct)) ?? 0;
    }
}
