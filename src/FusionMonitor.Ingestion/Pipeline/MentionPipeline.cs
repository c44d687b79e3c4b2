using System.Data.Common;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Ingestion.Scoring;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Mentions;

namespace FusionMonitor.Ingestion.Pipeline;

/// <summary>What one batch did, with indexes into the batch as it was given.</summary>
public sealed record IngestReport(IReadOnlyList<StoredMention> Inserted, IReadOnlyList<int> DuplicateIndexes, IReadOnlyList<RejectedItem> Rejected)
{
    public int Accepted => Inserted.Count;

    public int Duplicates => DuplicateIndexes.Count;
}

/// <summary>
/// The one path every mention takes, whatever brought it (connector, push, import, demo): validate → match → score
/// sentiment → store, with the Fusion Score effects in the same transaction → publish to the
/// <see cref="LiveNotifier"/> once committed (the hub, the pages and alert evaluation listen there). Thread-safe.
/// </summary>
public sealed class MentionPipeline(
    FusionDatabase db,
    MentionStore mentions,
    EntityCatalog catalog,
    ISentimentScorer sentiment,
    ScoreEffects scoreEffects,
    LiveNotifier notifier,
    TimeProvider clock)
{
    /// <summary>Sentiment reads at most this many characters; the stored text stays whole.</summary>
    public const int MaxScoredChars = 2_000;

    /// <param name="items">The batch; null items (unparseable input) must come with a reason in <paramref name="preRejected"/>.</param>
    /// <param name="preRejected">Items the caller already found bad (e.g. JSON that did not bind), quarantined with the rest.</param>
    /// <param name="alsoInTransaction">More work to commit with the batch (a source's cursor), given the batch's report.</param>
    public async Task<IngestReport> IngestAsync(IReadOnlyList<IncomingMention?> items, IReadOnlyList<RejectedItem>? preRejected = null,
        Func<DbConnection, DbTransaction, IngestReport, CancellationToken, Task>? alsoInTransaction = null, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var rejected = new List<RejectedItem>(preRejected ?? []);
        var alreadyRejected = rejected.Select(r => r.Index).ToHashSet();
        var valid = new List<IncomingMention>(items.Count);
        var originalIndex = new List<int>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (alreadyRejected.Contains(i)) continue;
            var m = items[i];
            var reason = MentionValidator.Validate(m, now);
            if (reason is not null)
            {
                rejected.Add(new RejectedItem(i, reason, m?.Source, m?.ExternalId, m is null ? null : Truncate(m.Text, MentionStore.MaxQuarantinePayload)));
                continue;
            }
            valid.Add(m!);
            originalIndex.Add(i);
        }

        var snapshot = await catalog.GetAsync(ct);
        var scores = valid.Count == 0 ? [] : sentiment.Score(valid.Select(m => Truncate(m.Text, MaxScoredChars)).ToList());
        var scored = new List<ScoredMention>(valid.Count);
        for (var i = 0; i < valid.Count; i++)
        {
            var match = snapshot.Matcher.Match(valid[i]);
            scored.Add(new ScoredMention(valid[i], scores[i], sentiment.ModelVersion, match.BrandIds, match.InfluencerIds, now));
        }

        IngestReport report;
        var announced = new List<LiveEvent>();
        await using (var conn = await db.OpenAsync(ct))
        await using (var tx = await db.BeginWriteAsync(conn, ct))
        {
            var result = await mentions.IngestAsync(conn, tx, scored, rejected, now, ct);
            // The seam where durable state moves with the mentions: score state, history and rollups commit with them.
            if (result.Inserted.Count > 0)
                announced.AddRange(await scoreEffects.ApplyAsync(conn, tx, result.Inserted, snapshot, now, ct));

            // Indexes in the result refer to the valid list (or, for rejects, already to the batch); map them back.
            report = new IngestReport(
                result.Inserted.Select(s => s with { Index = originalIndex[s.Index] }).ToList(),
                result.DuplicateIndexes.Select(i => originalIndex[i]).Order().ToList(),
                result.Rejected.Select(r => rejected.Contains(r) ? r : r with { Index = originalIndex[r.Index] }).OrderBy(r => r.Index).ToList());
            if (alsoInTransaction is not null) await alsoInTransaction(conn, tx, report, ct);
            await tx.CommitAsync(ct);
        }

        if (report.Inserted.Count > 0) notifier.PublishCommitted(report.Inserted, announced);
        return report;
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
