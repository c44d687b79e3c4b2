using FusionMonitor.Core.Alerts;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Ingestion.Strategy;
using FusionMonitor.Storage.Strategy;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.Storage.Scores;
using Microsoft.Extensions.Logging;

namespace FusionMonitor.Ingestion.Scoring;

/// <summary>What an erasure did: how many of the author's mentions went, the scopes rebuilt without them, the alerts
/// whose evidence named them, the quarantined items that named them, and the pairs whose score moved.</summary>
public sealed record ErasureOutcome(AuthorRef Author, int Mentions, int Scopes, int Alerts, int Quarantined, IReadOnlyList<ScoreUpdated> Moved);

/// <summary>
/// Erases one author's data (a GDPR request): in one write transaction, the author's stored mentions are found through
/// their index and locked, every scope they touch is locked and — once the mentions, their links, corrections and
/// full-text rows are deleted — rebuilt from the mentions that remain (<see cref="ScopeRebuild"/>: sums, top lists and
/// voices no longer hold the author), the rollups take the mentions out (and the voices' rollup forgets the author's handle), unread ones leave the unscored counts, stored
/// alert evidence and alert states drop them, and quarantined items that name the handle are deleted. Once committed,
/// the moves of the pairs the mentions co-mentioned are pushed; the other pairs of their brands and influencers, their
/// history and alerts follow from the change feed in the next follow-up cycle, as after a correction. Score history
/// points already written stay (numbers with no author in them). Erasing an author with nothing stored is not an error:
/// it erases nothing. Cost: the author's mentions plus the mentions of the brands and influencers they name.
/// </summary>
public sealed class AuthorErasure(
    FusionDatabase db, AuthorData authors, MentionMaintenance mentions, ScopeStore scopes, ScopeRebuild rebuild,
    EntityStore entities, StrategyRollupEffects strategy, ScoreOptions options, LiveNotifier notifier, TimeProvider clock, ILogger<AuthorErasure> log)
{
    public async Task<ErasureOutcome> EraseAsync(AuthorRef author, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        ErasureOutcome outcome;
        await using (var conn = await db.OpenAsync(ct))
        await using (var tx = await db.BeginWriteAsync(conn, ct))
        {
            var found = await authors.LockAsync(conn, tx, author, ct);
            var ids = found.Select(m => m.Id).ToArray();
            var inForce = found.ToDictionary(m => m.Id, m => m.InForce);
            var evidence = await mentions.EvidenceOfAsync(conn, tx, ids, ct);

            var touched = evidence.SelectMany(ScoreUpdate.AffectedScopes).ToHashSet();
            var book = new ScoreBook(options);
            foreach (var (key, acc) in await scopes.LockAsync(conn, tx, touched, now, ct)) book.Load(key, acc);
            var coMentioned = evidence.SelectMany(ScoreUpdate.CountedScopes).Where(k => k.Kind == ScopeKind.Pair)
                .Select(k => (k.BrandId, k.InfluencerId)).Distinct().ToList();
            var tracked = (await entities.PairsOfKeysAsync(conn, tx, coMentioned, ct)).ToDictionary(p => (p.BrandId, p.InfluencerId));
            var scoreBefore = tracked.Values.ToDictionary(p => p.Id, p => book.ScoreOf(p.BrandId, p.InfluencerId, now));

            long? PairIdOf(long brandId, long influencerId) => tracked.TryGetValue((brandId, influencerId), out var pair) ? pair.Id : null;
            await RollupStore.AddAsync(conn, tx, Rollups.Negate(Rollups.Fold(evidence.Select(e => (e, inForce[e.MentionId])), PairIdOf, options)), ct);
            await strategy.MoveAsync(conn, tx, ids, negate: true, ct);
            await StrategyRollupStore.DeleteAuthorAsync(conn, tx, author.Platform, author.Handle, ct);
            await UnscoredCountStore.RemoveAsync(conn, tx, evidence.Where(e => !e.Moves).SelectMany(ScoreUpdate.CountedScopes), ct);
            await authors.DeleteAsync(conn, tx, ids, ct);
            foreach (var (key, acc) in await rebuild.RebuildAsync(conn, tx, touched, now, ct)) book.Load(key, acc);

            var moved = new List<ScoreUpdated>();
            foreach (var p in tracked.Values.OrderBy(p => p.Id))
            {
                var s = book.ScoreOf(p.BrandId, p.InfluencerId, now);
                var delta = s.Score - scoreBefore[p.Id].Score;
                if (Math.Abs(delta) >= ScoreEffects.MinAnnouncedDelta)
                    moved.Add(new ScoreUpdated(p.Id, p.BrandId, p.InfluencerId, Math.Round(s.Score, 2), Math.Round(delta, 2), now));
            }

            // Alert evidence names mentions of the brands they name, and the streams of those brands and of the pairs of
            // those brands and influencers.
            var brandIds = evidence.SelectMany(e => e.BrandIds).Distinct().ToList();
            var influencerIds = evidence.SelectMany(e => e.InfluencerIds).Distinct().ToList();
            var pairs = await entities.PairsOfAsync(conn, tx, brandIds, influencerIds, ct);
            var streams = brandIds.SelectMany(b => Enum.GetValues<AlertKind>().Select(k => AlertSignal.KeyFor(k, b, null)))
                .Concat(pairs.SelectMany(p => Enum.GetValues<AlertKind>().Select(k => AlertSignal.KeyFor(k, p.BrandId, p.Id))))
                .Distinct().ToList();
            var alerts = await authors.ScrubAlertsAsync(conn, tx, brandIds.Union(pairs.Select(p => p.BrandId)).ToList(), streams, ids.ToHashSet(), ct);
            var quarantined = await authors.DeleteQuarantinedAsync(conn, tx, author, ct);
            await tx.CommitAsync(ct);
            outcome = new ErasureOutcome(author, ids.Length, touched.Count, alerts, quarantined, moved);
        }
        // The log names no author: an erasure's record must not keep what it erased.
        log.LogInformation("Erased an author's data: {Mentions} mention(s), {Scopes} scope(s) rebuilt, {Alerts} alert(s) and {Quarantined} quarantined item(s) cleaned",
            outcome.Mentions, outcome.Scopes, outcome.Alerts, outcome.Quarantined);
        foreach (var e in outcome.Moved) notifier.Publish(e);
        return outcome;
    }
}
