using FusionMonitor.Core.Scoring;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.Storage.Scores;

namespace FusionMonitor.Ingestion.Scoring;

/// <summary>
/// Rebuilds every score accumulator from the stored mentions (after a model or formula change) and replaces the
/// stored ones and the pairs' latest scores in one transaction. The engine is order-independent, so the result is the
/// state that ingesting the same history in any order would have left.
/// </summary>
public sealed class ScoreRecompute(FusionDatabase db, MentionMaintenance mentions, EntityCatalog catalog, ScoreOptions options, TimeProvider clock)
{
    public async Task<(long Mentions, int Scopes)> RunAsync(IProgress<long>? progress = null, CancellationToken ct = default)
    {
        catalog.Invalidate();
        var snapshot = await catalog.GetAsync(ct);
        var book = new ScoreBook(options);
        long count = 0;
        await foreach (var e in mentions.EvidenceAsync(snapshot.OwnPostOf, ct))
        {
            book.Apply(e);
            if (++count % 10_000 == 0) progress?.Report(count);
        }
        progress?.Report(count);

        var now = clock.GetUtcNow();
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(conn, ct);
        await ScoreStore.ReplaceAllScopesAsync(conn, tx, book.Scopes, now, ct);
        var rows = snapshot.Pairs.Select(p =>
        {
            var s = book.ScoreOf(p.BrandId, p.InfluencerId, now);
            return new PairScoreRow(p.Id, s.Score, s.Confidence, book.Find(ScopeKey.ForPair(p.BrandId, p.InfluencerId))?.Count ?? 0, ScoreJson.Write(s.Components), now);
        }).ToList();
        await ScoreStore.SavePairScoresAsync(conn, tx, rows, ct);
        await ScoreStore.AppendHistoryAsync(conn, tx, rows.Select(r => (r.PairId, r.Score, r.Confidence)), now, ct);
        await tx.CommitAsync(ct);
        return (count, book.Scopes.Count);
    }
}
