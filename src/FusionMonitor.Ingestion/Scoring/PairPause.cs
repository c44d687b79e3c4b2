using FusionMonitor.Core.Entities;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Entities;

namespace FusionMonitor.Ingestion.Scoring;

/// <summary>
/// Pauses and resumes a pair: the one path for <c>PUT /api/pairs/{id} {enabled}</c> and the Admin page. A paused pair's
/// own scope counts no new co-mentions (<see cref="ScoreEffects"/>), though they are stored with its brand and
/// influencer; the brand's catalogue re-match cannot bring them back, since those mentions already carry both links. So
/// resuming rebuilds the pair's own scope from the stored mentions (<see cref="ScopeRebuild"/>, as a correction does),
/// in the transaction that resumes it: its score and co-mentions end as if it had never been paused, and the
/// follow-up cycle writes its history point and pushes the move. It costs the brand's stored mentions, once per resume.
/// </summary>
public sealed class PairPause(FusionDatabase db, ScopeRebuild rebuild, TimeProvider clock)
{
    /// <summary>Sets pair <paramref name="id"/>'s flag; the pair as it is now, null when there is none.</summary>
    public async Task<Pair?> SetEnabledAsync(long id, bool enabled, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(conn, ct);
        if (await EntityStore.SetPairEnabledAsync(conn, tx, id, enabled, ct) is not { } set) return null;
        var (pair, wasEnabled) = set;
        if (enabled && !wasEnabled)
            await rebuild.RebuildAsync(conn, tx, [ScopeKey.ForPair(pair.BrandId, pair.InfluencerId)], clock.GetUtcNow(), ct);
        await tx.CommitAsync(ct);
        return pair;
    }
}
