using System.Data.Common;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.Storage.Scores;

namespace FusionMonitor.Ingestion.Scoring;

/// <summary>
/// Rebuilds some scopes' accumulators from the stored mentions that touch them and stores them, in the caller's
/// transaction: for a change to mentions already folded in (an analyst's correction; an erased mention), which an
/// accumulator cannot take back out. The scopes are locked first (<see cref="ScopeStore.LockAsync"/>), so a batch
/// moving one of them meanwhile waits and the rebuild reads everything committed before it. The result is the state
/// that ingesting those mentions as they now read would have left (the engine is order-independent); it costs the
/// mentions of the scopes' brands and influencers, never the whole store (<see cref="ScoreRecompute"/> is that).
/// The rebuilt scopes are written with the transaction's change id, so the follow-up cycle (<see cref="ScoreFollowUp"/>)
/// brings their pairs' history, pushes and alerts along as it does a batch's; and the spill-over marks of the rebuilt
/// influencer and brand scopes are forgotten, since a reading that changes sign moves their pairs without adding mass,
/// which the spill-over bound (<see cref="SpillOver"/>) counts: the next cycle re-reads all their pairs.
/// </summary>
public sealed class ScopeRebuild(ScopeStore scopes, MentionMaintenance mentions, ScoreOptions options)
{
    /// <summary>Rebuilds and stores <paramref name="keys"/>; returns their new accumulators (a scope no mention touches
    /// any more is stored empty).</summary>
    public async Task<IReadOnlyDictionary<ScopeKey, ScopeAccumulator>> RebuildAsync(DbConnection conn, DbTransaction tx,
        IReadOnlyCollection<ScopeKey> keys, DateTimeOffset now, CancellationToken ct)
    {
        if (keys.Count == 0) return new Dictionary<ScopeKey, ScopeAccumulator>();
        await scopes.LockAsync(conn, tx, keys, now, ct);
        // Every mention of a pair scope names its brand, so the brands of brand and pair scopes and the influencers
        // of influencer scopes cover them all.
        var brands = keys.Where(k => k.Kind != ScopeKind.Influencer).Select(k => k.BrandId).Distinct().ToList();
        var influencers = keys.Where(k => k.Kind == ScopeKind.Influencer).Select(k => k.InfluencerId).Distinct().ToList();
        var book = new ScoreBook(options) { PruneVoices = true };
        foreach (var e in await mentions.EvidenceNamingAsync(conn, tx, brands, influencers, ct)) book.Apply(e);
        var rebuilt = keys.Distinct().ToDictionary(k => k, k => book.Find(k) ?? new ScopeAccumulator());
        await ScopeStore.SaveAsync(conn, tx, rebuilt, await ScopeChanges.IdAsync(conn, tx, ct), now, ct);
        await ScopeStore.ForgetMarksAsync(conn, tx, rebuilt.Keys.Where(k => k.Kind != ScopeKind.Pair), ct);
        return rebuilt;
    }
}
