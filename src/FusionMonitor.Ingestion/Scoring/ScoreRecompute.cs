using FusionMonitor.Core.Scoring;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.Storage.Scores;

namespace FusionMonitor.Ingestion.Scoring;

/// <summary>
/// Rebuilds every score accumulator from the stored mentions (after a model or formula change) and replaces the
/// stored ones in one transaction, recording each pair's rebuilt score in its history. The engine is
/// order-independent, so the result is the state that ingesting the same history in any order would have left.
/// </summary>
public sealed class ScoreRecompute(FusionDatabase db, MentionMaintenance mentions, EntityCatalog catalog, ScoreOptions options, TimeProvider clock)
{
    public async Task<(long Mentions, int Scopes)> RunAsync(IProgress<long>? progress = null, CancellationToken ct = default)
    {
        catalog.Invalidate();
        var snapshot = await catalog.GetAsync(ct);
        var book = new ScoreBook(options);
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
        await ScopeStore.ReplaceAllAsync(conn, tx, book.Scopes, now, ct);
        await UnscoredCountStore.ReplaceAllAsync(conn, tx, unscored, ct);
        var points = snapshot.Pairs.Select(p =>
        {
            var s = book.ScoreOf(p.BrandId, p.InfluencerId, now);
            return (p.Id, s.Score, s.Confidence);
        }).ToList();
        await HistoryStore.AppendAsync(conn, tx, points, now, ct);
        await tx.CommitAsync(ct);
        return (count, book.Scopes.Count);
    }
}
