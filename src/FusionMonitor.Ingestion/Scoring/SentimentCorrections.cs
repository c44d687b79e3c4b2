using FusionMonitor.Core.Scoring;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.Storage.Scores;

namespace FusionMonitor.Ingestion.Scoring;

/// <summary>What a correction did: the mention's label before and now, and the pairs whose score it moved.</summary>
public sealed record CorrectionOutcome(long MentionId, SentimentLabel Previous, SentimentCorrection Correction, IReadOnlyList<long> BrandIds, IReadOnlyList<ScoreUpdated> Moved);

/// <summary>
/// An analyst corrects a stored mention's sentiment (<see cref="SentimentCorrection"/> says what that means). In one
/// transaction: the mention's row is locked, the correction is kept and put in force, every scope the mention
/// touches — as it read before and as it reads now — is rebuilt from its stored mentions (<see cref="ScopeRebuild"/>),
/// the rollups take the old reading out and the new one in, an unread mention a person has now read leaves the
/// unscored counts, and every pair reading a rebuilt scope gets a score snapshot; once committed, the new reading and
/// the moved scores are pushed like a new mention's. Correcting to the label in force changes nothing but the record.
/// </summary>
public sealed class SentimentCorrections(
    FusionDatabase db, CorrectionStore corrections, MentionMaintenance mentions, ScopeStore scopes, ScopeRebuild rebuild,
    EntityCatalog catalog, ScoreOptions options, LiveNotifier notifier, TimeProvider clock)
{
    /// <summary>Corrects mention <paramref name="mentionId"/>; null when there is no such mention or
    /// <paramref name="canSee"/> refuses its brands (the caller answers 404 either way).</summary>
    public async Task<CorrectionOutcome?> CorrectAsync(long mentionId, SentimentLabel label, string correctedBy,
        Func<IReadOnlyList<long>, bool> canSee, CancellationToken ct = default)
    {
        var snapshot = await catalog.GetAsync(ct);
        var now = clock.GetUtcNow();
        var correction = new SentimentCorrection(label, correctedBy, now);
        CorrectionOutcome outcome;
        await using (var conn = await db.OpenAsync(ct))
        await using (var tx = await db.BeginWriteAsync(conn, ct))
        {
            if (await corrections.LockAsync(conn, tx, mentionId, ct) is not { } locked || !canSee(locked.BrandIds)) return null;
            var before = (await mentions.EvidenceOfAsync(conn, tx, mentionId, ct))!;
            await CorrectionStore.RecordAsync(conn, tx, mentionId, correction, locked.InForce, ct);
            var after = (await mentions.EvidenceOfAsync(conn, tx, mentionId, ct))!;

            var touched = ScoreUpdate.AffectedScopes(before).Concat(ScoreUpdate.AffectedScopes(after)).ToHashSet();
            var pairs = ScoreUpdate.PairsToRescore(touched, snapshot.PairsByInfluencer, snapshot.PairsByBrand);
            var read = new HashSet<ScopeKey>(touched);
            foreach (var p in pairs)
            {
                read.Add(ScopeKey.ForPair(p.BrandId, p.InfluencerId));
                read.Add(ScopeKey.ForInfluencer(p.InfluencerId));
                read.Add(ScopeKey.ForBrand(p.BrandId));
            }
            var book = new ScoreBook(options);
            foreach (var (key, acc) in await scopes.LoadAsync(conn, tx, read, forUpdate: true, ct)) book.Load(key, acc);
            var scoreBefore = pairs.ToDictionary(p => p.Id, p => book.ScoreOf(p.BrandId, p.InfluencerId, now));
            foreach (var (key, acc) in await rebuild.RebuildAsync(conn, tx, touched, now, ct)) book.Load(key, acc);

            var moved = new List<ScoreUpdated>();
            var points = new List<(long PairId, double Score, double Confidence)>(pairs.Count);
            foreach (var p in pairs)
            {
                var s = book.ScoreOf(p.BrandId, p.InfluencerId, now);
                points.Add((p.Id, s.Score, s.Confidence));
                var delta = s.Score - scoreBefore[p.Id].Score;
                if (Math.Abs(delta) >= ScoreEffects.MinAnnouncedDelta)
                    moved.Add(new ScoreUpdated(p.Id, p.BrandId, p.InfluencerId, Math.Round(s.Score, 2), Math.Round(delta, 2), now));
            }
            await HistoryStore.AppendAsync(conn, tx, points, now, ct);

            long? PairIdOf(long brandId, long influencerId) => snapshot.PairsByKey.TryGetValue((brandId, influencerId), out var pair) ? pair.Id : null;
            await RollupStore.AddAsync(conn, tx, Rollups.Negate(Rollups.Fold([(before, locked.InForce)], PairIdOf, options)), ct);
            await RollupStore.AddAsync(conn, tx, Rollups.Fold([(after, label)], PairIdOf, options), ct);
            if (!before.Moves && after.Moves) await UnscoredCountStore.RemoveAsync(conn, tx, ScoreUpdate.CountedScopes(before), ct);
            await tx.CommitAsync(ct);
            outcome = new CorrectionOutcome(mentionId, locked.InForce, correction, locked.BrandIds, moved);
            notifier.Publish(new MentionScored(mentionId, before.BrandIds, before.InfluencerIds, SentimentScore.LabelName(label), (float)after.Polarity));
        }
        foreach (var e in outcome.Moved) notifier.Publish(e);
        return outcome;
    }
}
