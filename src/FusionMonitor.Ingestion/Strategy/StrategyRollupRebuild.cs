using Dapper;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Strategy;

namespace FusionMonitor.Ingestion.Strategy;

/// <summary>
/// Rebuilds the strategy rollups from the stored mentions (<c>fusion recompute</c> and <c>fusion rescore</c> run it;
/// after migration 0030 it fills them for mentions stored before): per brand, in one write transaction, its rows are
/// deleted and its mentions folded in again, a page at a time in id order (<see cref="BrandMentionReads.PageOfBrandAsync"/>).
/// What retention has pruned of the mentions is no longer counted afterwards, as for the scores a recompute rebuilds.
/// </summary>
public sealed class StrategyRollupRebuild(FusionDatabase db, BrandMentionReads reads, StrategyRollupEffects effects)
{
    public const int PageSize = 5_000;

    /// <summary>Rebuilds <paramref name="brandIds"/> (every brand when null); returns the mentions folded in.</summary>
    public async Task<long> RunAsync(IReadOnlyList<long>? brandIds = null, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        if (brandIds is null)
        {
            await using var c = await db.OpenAsync(ct);
            brandIds = (await c.QueryAsync<long>(new CommandDefinition("select id from brands order by id", cancellationToken: ct))).ToList();
        }
        long total = 0;
        foreach (var brandId in brandIds)
        {
            await using var conn = await db.OpenAsync(ct);
            await using var tx = await db.BeginWriteAsync(conn, ct);
            await StrategyRollupStore.DeleteBrandAsync(conn, tx, brandId, ct);
            long afterId = 0;
            while (true)
            {
                var page = await reads.PageOfBrandAsync(conn, tx, brandId, afterId, PageSize, ct);
                if (page.Count == 0) break;
                var batch = await effects.FoldAsync(page.Select(r => (r.Mention, r.Text, r.Lang)).ToList(), ct);
                if (!batch.IsEmpty) await StrategyRollupStore.AddAsync(conn, tx, db.Kind, batch, ct);
                afterId = page[^1].Id;
                total += page.Count;
                progress?.Report(total);
            }
            await tx.CommitAsync(ct);
        }
        return total;
    }
}
