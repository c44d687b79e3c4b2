using System.Data.Common;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.Storage.Scores;

namespace FusionMonitor.Ingestion.Scoring;

/// <summary>
/// Moves the Fusion Score with every committed batch, inside its transaction (the pipeline calls it between storing
/// the mentions and committing): loads (and locks) the accumulators of the scopes the new mentions touch and of the
/// pairs that read them (<see cref="ScoreUpdate.PairsToRescore"/>), folds the mentions in (O(1) per mention per scope,
/// exact for late mentions), stores the accumulators, the hour's score snapshot of each affected pair and the
/// rollups (<see cref="Rollups.Fold"/>), and returns a <see cref="ScoreUpdated"/> for every pair whose score moved.
/// </summary>
public sealed class ScoreEffects(ScopeStore scopes, ScoreOptions options)
{
    /// <summary>Smaller moves are stored but not announced.</summary>
    public const double MinAnnouncedDelta = 0.01;

    public async Task<IReadOnlyList<LiveEvent>> ApplyAsync(DbConnection conn, DbTransaction tx, IReadOnlyList<StoredMention> inserted,
        EntityCatalog.Snapshot catalog, DateTimeOffset now, CancellationToken ct)
    {
        var evidence = inserted.Select(m => ScoreEvidence.From(m.Id, m.Scored)).ToList();
        var touched = evidence.SelectMany(ScoreUpdate.AffectedScopes).ToHashSet();
        var unread = evidence.Where(e => !e.Moves).SelectMany(ScoreUpdate.CountedScopes).ToList();
        if (unread.Count > 0) await UnscoredCountStore.AddAsync(conn, tx, unread, ct);

        // Every registered pair whose score reads a touched scope, and every scope those pairs read.
        var pairs = ScoreUpdate.PairsToRescore(touched, catalog.PairsByInfluencer, catalog.PairsByBrand);
        var needed = new HashSet<ScopeKey>(touched);
        foreach (var p in pairs)
        {
            needed.Add(ScopeKey.ForPair(p.BrandId, p.InfluencerId));
            needed.Add(ScopeKey.ForInfluencer(p.InfluencerId));
            needed.Add(ScopeKey.ForBrand(p.BrandId));
        }
        var book = new ScoreBook(options);
        foreach (var (key, acc) in await scopes.LoadAsync(conn, tx, needed, forUpdate: true, ct)) book.Load(key, acc);

        var before = pairs.ToDictionary(p => p.Id, p => book.ScoreOf(p.BrandId, p.InfluencerId, now));
        foreach (var e in evidence) book.Apply(e);

        await ScopeStore.SaveAsync(conn, tx, touched.Select(k => new KeyValuePair<ScopeKey, ScopeAccumulator>(k, book.Find(k)!)), now, ct);

        var events = new List<LiveEvent>();
        var points = new List<(long PairId, double Score, double Confidence)>(pairs.Count);
        foreach (var p in pairs)
        {
            var after = book.ScoreOf(p.BrandId, p.InfluencerId, now);
            points.Add((p.Id, after.Score, after.Confidence));
            var delta = after.Score - before[p.Id].Score;
            if (Math.Abs(delta) >= MinAnnouncedDelta) events.Add(new ScoreUpdated(p.Id, p.BrandId, p.InfluencerId, Math.Round(after.Score, 2), Math.Round(delta, 2), now));
        }
        await HistoryStore.AppendAsync(conn, tx, points, now, ct);
        var rollups = Rollups.Fold(inserted.Select((m, i) => (evidence[i], m.Scored.Sentiment.Label)),
            (brandId, influencerId) => catalog.PairsByKey.TryGetValue((brandId, influencerId), out var pair) ? pair.Id : null, options);
        await RollupStore.AddAsync(conn, tx, rollups, ct);
        return events;
    }
}
