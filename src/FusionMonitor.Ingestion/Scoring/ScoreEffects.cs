using System.Data.Common;
using FusionMonitor.Core.Entities;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Ingestion.Strategy;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.Storage.Scores;

namespace FusionMonitor.Ingestion.Scoring;

/// <summary>
/// Moves the Fusion Score with every committed batch, inside its transaction (the pipeline calls it between storing
/// the mentions and committing), and only where the mentions touch: locks and loads the accumulators of the scopes
/// they feed (<see cref="ScoreUpdate.AffectedScopes"/>), folds them in (O(1) per mention per scope, exact for late
/// mentions), stores those accumulators with the transaction's change id, adds the rollups (the strategy reads' too), and returns a
/// <see cref="ScoreUpdated"/> for each tracked pair the batch co-mentions (all three of its scopes are in hand, so
/// before and after are exact). Nothing is written per pair: the other pairs of a touched influencer or brand read
/// the new accumulator at once, and their history, pushes and alerts follow from the change feed
/// (<see cref="ScoreFollowUp"/>), outside this transaction. Cost: the scopes touched, never the pairs that exist.
/// </summary>
public sealed class ScoreEffects(ScopeStore scopes, EntityStore entities, StrategyRollupEffects strategy, ScoreOptions options)
{
    /// <summary>Smaller moves are stored but not announced.</summary>
    public const double MinAnnouncedDelta = 0.01;

    /// <param name="countedBefore">
    /// For mentions stored earlier that have just gained brands or influencers (the catalogue's re-match,
    /// <see cref="CatalogRematch"/>), what each one already counted for, parallel to <paramref name="inserted"/>: only the
    /// scopes and rollups it newly feeds move. Null for new mentions.
    /// </param>
    public async Task<IReadOnlyList<LiveEvent>> ApplyAsync(DbConnection conn, DbTransaction tx, IReadOnlyList<StoredMention> inserted, DateTimeOffset now,
        CancellationToken ct, IReadOnlyList<ScoreEvidence>? countedBefore = null)
    {
        var evidence = inserted.Select(m => ScoreEvidence.From(m.Id, m.Scored)).ToList();
        var newScopes = evidence.Select((e, i) => countedBefore is null
            ? ScoreUpdate.AffectedScopes(e)
            : ScoreUpdate.AffectedScopes(e).Except(ScoreUpdate.AffectedScopes(countedBefore[i])).ToList()).ToList();
        var touched = newScopes.SelectMany(k => k).ToHashSet();
        // The tracked pairs co-mentioned; a disabled one's own scope counts nothing new (it is paused), so it is left
        // out of what is locked, applied and saved, and the pair is not followed (no push, history or alert).
        var tracked = (await entities.PairsOfKeysAsync(conn, tx, touched.Where(k => k.Kind == ScopeKind.Pair).Select(k => (k.BrandId, k.InfluencerId)).ToList(), ct))
            .ToDictionary(p => (p.BrandId, p.InfluencerId));
        var paused = tracked.Values.Where(p => !p.Enabled).Select(p => ScopeKey.ForPair(p.BrandId, p.InfluencerId)).ToHashSet();
        if (paused.Count > 0)
        {
            touched.ExceptWith(paused);
            newScopes = newScopes.Select(keys => (IReadOnlyList<ScopeKey>)keys.Where(k => !paused.Contains(k)).ToList()).ToList();
            foreach (var p in tracked.Values.Where(p => !p.Enabled).ToList()) tracked.Remove((p.BrandId, p.InfluencerId));
        }
        var unread = evidence.Select((e, i) => (e, i)).Where(x => !x.e.Moves).SelectMany(x => countedBefore is null
            ? ScoreUpdate.CountedScopes(x.e)
            : ScoreUpdate.CountedScopes(x.e).Except(ScoreUpdate.CountedScopes(countedBefore[x.i]))).ToList();
        var book = new ScoreBook(options);
        foreach (var (key, acc) in await scopes.LockAsync(conn, tx, touched, now, ct)) book.Load(key, acc);
        // After the scopes' locks, as a correction and an erasure take them: the same order everywhere.
        if (unread.Count > 0) await UnscoredCountStore.AddAsync(conn, tx, unread, ct);

        var before = tracked.Values.ToDictionary(p => p.Id, p => book.ScoreOf(p.BrandId, p.InfluencerId, now));
        for (var i = 0; i < evidence.Count; i++)
        {
            if (countedBefore is null) book.Apply(evidence[i]);
            else foreach (var key in newScopes[i]) ScoreUpdate.Apply(evidence[i], key, book.GetOrAdd(key), options);
        }

        if (touched.Count > 0)
        {
            // The voices' retention rule, and a merge of voices in a shared scope moves its pairs without adding mass,
            // which the spill-over bound counts: their marks are forgotten, so the next cycle re-reads all their pairs.
            foreach (var k in touched) book.Find(k)!.PruneVoices(options, now);
            var merged = touched.Where(k => k.Kind != ScopeKind.Pair && book.Find(k)!.MergedVoices).ToList();
            if (merged.Count > 0) await ScopeStore.ForgetMarksAsync(conn, tx, merged, ct);
            var changeId = await ScopeChanges.IdAsync(conn, tx, ct);
            await ScopeStore.SaveAsync(conn, tx, touched.Select(k => new KeyValuePair<ScopeKey, ScopeAccumulator>(k, book.Find(k)!)), changeId, now, ct);
        }

        var events = new List<LiveEvent>();
        foreach (var p in tracked.Values.OrderBy(p => p.Id))
        {
            var after = book.ScoreOf(p.BrandId, p.InfluencerId, now);
            var delta = after.Score - before[p.Id].Score;
            if (Math.Abs(delta) >= MinAnnouncedDelta) events.Add(new ScoreUpdated(p.Id, p.BrandId, p.InfluencerId, Math.Round(after.Score, 2), Math.Round(delta, 2), now));
        }
        long? PairOf(long brandId, long influencerId) => tracked.TryGetValue((brandId, influencerId), out Pair? pair) ? pair.Id : null;
        var rollups = countedBefore is null
            ? Rollups.Fold(inserted.Select((m, i) => (evidence[i], m.Scored.Sentiment.Label)), PairOf, options)
            : Rollups.Added(inserted.Select((m, i) => (countedBefore[i], evidence[i], m.Scored.Sentiment.Label)), PairOf, options);
        await RollupStore.AddAsync(conn, tx, rollups, ct);
        await strategy.AddAsync(conn, tx, inserted, evidence, countedBefore, ct);
        return events;
    }
}
