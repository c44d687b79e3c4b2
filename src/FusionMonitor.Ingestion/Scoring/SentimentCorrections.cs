using FusionMonitor.Core.Scoring;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Ingestion.Strategy;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.Storage.Scores;

namespace FusionMonitor.Ingestion.Scoring;

/// <summary>What a correction did: the mention's label before and now, and the pairs whose score it moved.</summary>
public sealed record CorrectionOutcome(long MentionId, SentimentLabel Previous, SentimentCorrection Correction, IReadOnlyList<long> BrandIds, IReadOnlyList<ScoreUpdated> Moved);

/// <summary>
/// An analyst corrects a stored mention's sentiment (<see cref="SentimentCorrection"/> says what that means). In one
/// transaction: the mention's row is locked, the correction is kept and put in force, every scope the mention
/// touches — as it read before and as it reads now — is locked and rebuilt from its stored mentions
/// (<see cref="ScopeRebuild"/>), the rollups (the strategy reads' too) take the old reading out and the new one in, and an unread mention a
/// person has now read leaves the unscored counts. Once committed, the new reading and the moves of the pairs the
/// mention co-mentions are pushed like a new mention's; the other pairs of its brands and influencers, their history
/// and their alerts follow from the change feed in the next follow-up cycle, as after a batch (<see cref="ScoreFollowUp"/>).
/// Correcting to the label in force changes nothing but the record. Cost: the mentions of the brands and influencers
/// the mention names, never the store's.
/// </summary>
public sealed class SentimentCorrections(
    FusionDatabase db, CorrectionStore corrections, MentionMaintenance mentions, ScopeStore scopes, ScopeRebuild rebuild,
    EntityStore entities, StrategyRollupEffects strategy, ScoreOptions options, LiveNotifier notifier, TimeProvider clock)
{
    /// <summary>Corrects mention <paramref name="mentionId"/>; null when there is no such mention or
    /// <paramref name="canSee"/> refuses its brands (the caller answers 404 either way).</summary>
    public async Task<CorrectionOutcome?> CorrectAsync(long mentionId, SentimentLabel label, string correctedBy,
        Func<IReadOnlyList<long>, bool> canSee, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var correction = new SentimentCorrection(label, correctedBy, now);
        CorrectionOutcome outcome;
        await using (var conn = await db.OpenAsync(ct))
        await using (var tx = await db.BeginWriteAsync(conn, ct))
        {
            if (await corrections.LockAsync(conn, tx, mentionId, ct) is not { } locked || !canSee(locked.BrandIds)) return null;
            var before = (await mentions.EvidenceOfAsync(conn, tx, mentionId, ct))!;
            await strategy.MoveAsync(conn, tx, [mentionId], negate: true, ct);
            await CorrectionStore.RecordAsync(conn, tx, mentionId, correction, locked.InForce, ct);
            var after = (await mentions.EvidenceOfAsync(conn, tx, mentionId, ct))!;
            await strategy.MoveAsync(conn, tx, [mentionId], negate: false, ct);

            // Every scope of a co-mentioned pair is among those the mention touches, so its score before and after is exact.
            var touched = ScoreUpdate.AffectedScopes(before).Concat(ScoreUpdate.AffectedScopes(after)).ToHashSet();
            var book = new ScoreBook(options);
            foreach (var (key, acc) in await scopes.LockAsync(conn, tx, touched, now, ct)) book.Load(key, acc);
            var coMentioned = ScoreUpdate.CountedScopes(after).Where(k => k.Kind == ScopeKind.Pair).Select(k => (k.BrandId, k.InfluencerId)).ToList();
            var tracked = (await entities.PairsOfKeysAsync(conn, tx, coMentioned, ct)).ToDictionary(p => (p.BrandId, p.InfluencerId));
            var scoreBefore = tracked.Values.ToDictionary(p => p.Id, p => book.ScoreOf(p.BrandId, p.InfluencerId, now));
            foreach (var (key, acc) in await rebuild.RebuildAsync(conn, tx, touched, now, ct)) book.Load(key, acc);

            var moved = new List<ScoreUpdated>();
            foreach (var p in tracked.Values.OrderBy(p => p.Id))
            {
                var s = book.ScoreOf(p.BrandId, p.InfluencerId, now);
                var delta = s.Score - scoreBefore[p.Id].Score;
                if (Math.Abs(delta) >= ScoreEffects.MinAnnouncedDelta)
                    moved.Add(new ScoreUpdated(p.Id, p.BrandId, p.InfluencerId, Math.Round(s.Score, 2), Math.Round(delta, 2), now));
            }

            long? PairIdOf(long brandId, long influencerId) => tracked.TryGetValue((brandId, influencerId), out var pair) ? pair.Id : null;
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
