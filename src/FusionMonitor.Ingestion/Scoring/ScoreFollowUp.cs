using System.Data.Common;
using FusionMonitor.Core.Entities;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Storage.Scores;

namespace FusionMonitor.Ingestion.Scoring;

/// <summary>A pair the follow-up re-read: its score now, whether its own scope changed, and its last recorded score before.</summary>
public sealed record RescoredPair(Pair Pair, FusionScore Score, bool Direct, double? Recorded);

/// <summary>What one follow-up produced: the pairs it re-read (by id), the sums it read them from, and the pushes to send.</summary>
/// <param name="Peaks">The kept drop peaks of the pairs given a history row this cycle, as written (the drop rule reads the others').</param>
public sealed record FollowUpResult(IReadOnlyDictionary<long, RescoredPair> Pairs, ScoreBook Book, IReadOnlyList<LiveEvent> Events, int SharedScopesFannedOut,
    IReadOnlyDictionary<long, FusionMonitor.Core.Alerts.PeakQueue> Peaks);

/// <summary>
/// The pair-level work a committed score change implies, done after the ingest transaction, in the follow-up cycle's
/// transaction (<see cref="Alerts.AlertMonitor"/>), from the scopes changed since the last cycle:
/// <list type="bullet">
/// <item>a pair whose own scope changed (it was co-mentioned) is re-read;</item>
/// <item>the pairs of a changed influencer or brand are re-read once the change could have moved them by
/// <see cref="ScoreOptions.SpillOverPoints"/> (<see cref="SpillOver"/>, without reading them); smaller moves add up
/// until they do;</item>
/// <item>so are the pairs the caller names (alerts that fall due).</item>
/// </list>
/// Each re-read pair gets its hour's history row — always when it was co-mentioned, else once it moved at least
/// <see cref="ScoreOptions.SpillOverPoints"/> from its last recorded score — and a <see cref="ScoreUpdated"/> when it
/// moved that much and was not co-mentioned (the pipeline already pushed those, exactly). Cost: the changed scopes and
/// the pairs they are due to reach; a busy brand's pairs are reached seldom, as each mention moves them little.
/// </summary>
public sealed class ScoreFollowUp(ScopeStore scopes, EntityStore entities, HistoryStore history, ScoreOptions options)
{
    public async Task<FollowUpResult> ApplyAsync(DbConnection conn, DbTransaction tx, IReadOnlyList<ScopeChange> changes, IReadOnlyCollection<long> alsoPairIds,
        DateTimeOffset now, CancellationToken ct)
    {
        var changed = changes.ToDictionary(c => c.Key, c => c.Sums);
        var shared = changed.Keys.Where(k => k.Kind != ScopeKind.Pair).ToList();
        var marks = await scopes.MarksAsync(conn, tx, shared, ct);
        var fanned = shared.Where(k => SpillOver.Reached(k.Kind, changed[k], marks.TryGetValue(k, out var m) ? m : null, now, options)).ToList();

        var direct = await entities.PairsOfKeysAsync(conn, tx, changed.Keys.Where(k => k.Kind == ScopeKind.Pair).Select(k => (k.BrandId, k.InfluencerId)).ToList(), ct);
        var reached = await entities.PairsOfAsync(conn, tx,
            fanned.Where(k => k.Kind == ScopeKind.Brand).Select(k => k.BrandId).ToList(),
            fanned.Where(k => k.Kind == ScopeKind.Influencer).Select(k => k.InfluencerId).ToList(), ct);
        var pairs = new Dictionary<long, Pair>();
        // A disabled pair is not followed: no history point, push or alert until it is enabled again (asked for by id, it is).
        direct = direct.Where(p => p.Enabled).ToList();
        foreach (var p in direct.Concat(reached.Where(p => p.Enabled))) pairs.TryAdd(p.Id, p);
        var missing = alsoPairIds.Where(id => !pairs.ContainsKey(id)).ToList();
        foreach (var p in await entities.PairsByIdsAsync(conn, tx, missing, ct)) pairs.TryAdd(p.Id, p);
        var directIds = direct.Select(p => p.Id).ToHashSet();

        var book = new ScoreBook(options);
        foreach (var (k, acc) in changed) book.Load(k, acc);
        var needed = pairs.Values.SelectMany(p => new[] { ScopeKey.ForPair(p.BrandId, p.InfluencerId), ScopeKey.ForInfluencer(p.InfluencerId), ScopeKey.ForBrand(p.BrandId) })
            .Where(k => !changed.ContainsKey(k)).ToHashSet();
        foreach (var (k, acc) in await scopes.LoadAsync(conn, tx, needed, withTop: false, ct)) book.Load(k, acc);

        var recorded = await history.ScoresAtAsync(conn, tx, pairs.Keys, now, ct);
        var result = new Dictionary<long, RescoredPair>(pairs.Count);
        var points = new List<(long PairId, double Score, double Confidence)>();
        var events = new List<LiveEvent>();
        foreach (var p in pairs.Values.OrderBy(p => p.Id))
        {
            var score = book.ScoreOf(p.BrandId, p.InfluencerId, now);
            double? last = recorded.TryGetValue(p.Id, out var r) ? r : null;
            var isDirect = directIds.Contains(p.Id);
            result[p.Id] = new RescoredPair(p, score, isDirect, last);
            var moved = score.Score - (last ?? FusionScore.NeutralScore);
            var enough = Math.Abs(moved) >= Math.Max(options.SpillOverPoints, ScoreEffects.MinAnnouncedDelta);
            if (isDirect || last is null || enough) points.Add((p.Id, score.Score, score.Confidence));
            if (!isDirect && enough) events.Add(new ScoreUpdated(p.Id, p.BrandId, p.InfluencerId, Math.Round(score.Score, 2), Math.Round(moved, 2), now));
        }
        var peaks = points.Count > 0 ? await HistoryStore.AppendAsync(conn, tx, points, now, ct) : [];
        if (fanned.Count > 0) await ScopeStore.SaveMarksAsync(conn, tx, fanned.Select(k => new KeyValuePair<ScopeKey, SpillOverMark>(k, SpillOverMark.Of(changed[k]))), ct);
        return new FollowUpResult(result, book, events, fanned.Count, peaks);
    }
}
