using FusionMonitor.Core.Scoring;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.Storage.Scores;

namespace FusionMonitor.Ingestion.Scoring;

/// <summary>
/// Rebuilds every score accumulator from the stored mentions (after a model or formula change) and replaces the
/// stored ones in one transaction. The engine is order-independent, so the result is the state that ingesting the
/// same history in any order would have left. Every scope is then a change in the feed, and the follow-up cycles
/// re-read every pair: their history records the rebuilt scores, their alerts are evaluated on them.
/// </summary>
public sealed class ScoreRecompute(FusionDatabase db, MentionMaintenance mentions, ScoreOptions options, TimeProvider clock)
{
    public async Task<(long Mentions, int Scopes)> RunAsync(IProgress<long>? progress = null, CancellationToken ct = default)
    {
        var book = new ScoreBook(options) { PruneVoices = true };
        long count = 0;
        var unscored = new List<ScopeKey>();
        await foreach (var e in mentions.EvidenceAsync(ct))
        {
            book.Apply(e);
            if (!e.Moves) unscored.AddRange(ScoreUpdate.CountedScopes(e));
            if (++count % 10_000 == 0) progress?.Report(count);
        }
        progress?.Report(count);

        var now = clock.GetUtcNow();
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(conn, ct);
        await ScopeStore.ReplaceAllAsync(conn, tx, book.Scopes, await ScopeChanges.IdAsync(conn, tx, ct), now, ct);
        await UnscoredCountStore.ReplaceAllAsync(conn, tx, unscored, ct);
        await tx.CommitAsync(ct);
        return (count, book.Scopes.Count);
    }
}
