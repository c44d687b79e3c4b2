using System.Data.Common;
using FusionMonitor.Core.Entities;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.Storage.Scores;

namespace FusionMonitor.Ingestion.Scoring;

/// <summary>
/// Moves the Fusion Score with every committed batch, inside its transaction: loads (and locks) the accumulators of
/// the scopes the new mentions touch, folds the mentions in (O(1) per mention per scope, exact for late mentions),
/// stores the accumulators, the affected pairs' scores, the hour's score snapshot and the volume rollups, and
/// returns a <see cref="ScoreUpdated"/> for every pair whose score moved.
/// </summary>
public sealed class ScoreEffects(ScoreStore store, ScoreOptions options)
{
    /// <summary>Smaller moves are stored but not announced.</summary>
    public const double MinAnnouncedDelta = 0.01;

    public async Task<IReadOnlyList<LiveEvent>> ApplyAsync(DbConnection conn, DbTransaction tx, IReadOnlyList<StoredMention> inserted,
        EntityCatalog.Snapshot catalog, DateTimeOffset now, CancellationToken ct)
    {
        var evidence = inserted.Select(m => Evidence(m, catalog)).ToList();
        var touched = evidence.SelectMany(ScoreUpdate.AffectedScopes).ToHashSet();

        // Every registered pair whose score reads a touched scope, and every scope those pairs read.
        var pairs = AffectedPairs(touched, catalog);
        var needed = new HashSet<ScopeKey>(touched);
        foreach (var p in pairs)
        {
            needed.Add(ScopeKey.ForPair(p.BrandId, p.InfluencerId));
            needed.Add(ScopeKey.ForInfluencer(p.InfluencerId));
            needed.Add(ScopeKey.ForBrand(p.BrandId));
        }
        var loaded = await store.LoadScopesAsync(conn, tx, needed, forUpdate: true, ct);
        var book = new ScoreBook(options);
        foreach (var (key, acc) in loaded) book.Load(key, acc);

        var before = pairs.ToDictionary(p => p.Id, p => book.ScoreOf(p.BrandId, p.InfluencerId, now));
        foreach (var e in evidence) book.Apply(e);

        await ScoreStore.SaveScopesAsync(conn, tx, touched.Select(k => new KeyValuePair<ScopeKey, ScopeAccumulator>(k, book.Find(k)!)), now, ct);

        var events = new List<LiveEvent>();
        var rows = new List<PairScoreRow>(pairs.Count);
        foreach (var p in pairs)
        {
            var after = book.ScoreOf(p.BrandId, p.InfluencerId, now);
            var pairAcc = book.Find(ScopeKey.ForPair(p.BrandId, p.InfluencerId));
            rows.Add(new PairScoreRow(p.Id, after.Score, after.Confidence, pairAcc?.Count ?? 0, ScoreJson.Write(after.Components), now));
            var delta = after.Score - before[p.Id].Score;
            if (Math.Abs(delta) >= MinAnnouncedDelta) events.Add(new ScoreUpdated(p.Id, p.BrandId, p.InfluencerId, Math.Round(after.Score, 2), Math.Round(delta, 2), now));
        }
        await ScoreStore.SavePairScoresAsync(conn, tx, rows, ct);
        await ScoreStore.AppendHistoryAsync(conn, tx, rows.Select(r => (r.PairId, r.Score, r.Confidence)), now, ct);
        await WriteRollupsAsync(conn, tx, inserted, evidence, catalog, ct);
        return events;
    }

    /// <summary>The evidence of a stored mention; the author counts as the influencer when their handle is one of its handles.</summary>
    public static ScoreEvidence Evidence(StoredMention m, EntityCatalog.Snapshot catalog) =>
        ScoreEvidence.From(m.Id, m.Scored, catalog.OwnPostOf(m.Scored.Mention.Author.Handle, m.Scored.InfluencerIds));

    private static List<Pair> AffectedPairs(HashSet<ScopeKey> touched, EntityCatalog.Snapshot catalog)
    {
        var pairs = new Dictionary<long, Pair>();
        foreach (var k in touched)
        {
            var affected = k.Kind switch
            {
                ScopeKind.Pair => catalog.PairsByKey.TryGetValue((k.BrandId, k.InfluencerId), out var p) ? [p] : [],
                ScopeKind.Influencer => catalog.PairsByInfluencer[k.InfluencerId],
                _ => catalog.PairsByBrand[k.BrandId],
            };
            foreach (var p in affected) pairs.TryAdd(p.Id, p);
        }
        return pairs.Values.OrderBy(p => p.Id).ToList();
    }

    private async Task WriteRollupsAsync(DbConnection conn, DbTransaction tx, IReadOnlyList<StoredMention> inserted, List<ScoreEvidence> evidence,
        EntityCatalog.Snapshot catalog, CancellationToken ct)
    {
        var pairRollups = new Dictionary<(long, DateTimeOffset), RollupRow>();
        var brandRollups = new Dictionary<(long, DateTimeOffset), RollupRow>();
        var volumes = new Dictionary<(string, DateTimeOffset), VolumeRow>();
        for (var i = 0; i < inserted.Count; i++)
        {
            var s = inserted[i].Scored;
            var e = evidence[i];
            var weight = MentionWeight.Of(e, options);
            var label = s.Sentiment.Label;
            var negVolume = MentionWeight.NegativeVolume(e, options);
            var hour = ScoreStore.Hour(s.Mention.CreatedAt);
            var bucket = ScoreStore.FiveMinutes(s.Mention.CreatedAt);
            foreach (var b in s.BrandIds.Distinct())
            {
                Add(brandRollups, (b, hour), b, hour, label, s.Sentiment.Polarity, weight, negVolume);
                if (label == SentimentLabel.Negative) AddVolume(volumes, $"b:{b}", bucket, negVolume);
                foreach (var inf in s.InfluencerIds.Distinct())
                {
                    if (!catalog.PairsByKey.TryGetValue((b, inf), out var pair)) continue;
                    Add(pairRollups, (pair.Id, hour), pair.Id, hour, label, s.Sentiment.Polarity, weight, negVolume);
                    if (label == SentimentLabel.Negative) AddVolume(volumes, $"p:{pair.Id}", bucket, negVolume);
                }
            }
        }
        if (pairRollups.Count > 0)
        {
            await ScoreStore.AddRollupsAsync(conn, tx, "rollup_pair_hourly", "pair_id", pairRollups.Values, ct);
            await ScoreStore.AddDailyMentionsAsync(conn, tx, pairRollups.Values.GroupBy(r => (r.ScopeId, ScoreStore.Day(r.Hour)))
                .Select(g => (g.Key.ScopeId, g.Key.Item2, g.Sum(r => r.Mentions))), ct);
        }
        if (brandRollups.Count > 0) await ScoreStore.AddRollupsAsync(conn, tx, "rollup_brand_hourly", "brand_id", brandRollups.Values, ct);
        if (volumes.Count > 0) await ScoreStore.AddVolumesAsync(conn, tx, volumes.Values, ct);
    }

    private static void Add(Dictionary<(long, DateTimeOffset), RollupRow> rows, (long, DateTimeOffset) key, long id, DateTimeOffset hour,
        SentimentLabel label, float polarity, double weight, double negVolume)
    {
        var r = rows.GetValueOrDefault(key) ?? new RollupRow(id, hour, 0, 0, 0, 0, 0, 0, 0);
        rows[key] = r with
        {
            Mentions = r.Mentions + 1,
            Negative = r.Negative + (label == SentimentLabel.Negative ? 1 : 0),
            Neutral = r.Neutral + (label == SentimentLabel.Neutral ? 1 : 0),
            Positive = r.Positive + (label == SentimentLabel.Positive ? 1 : 0),
            PolaritySum = r.PolaritySum + polarity * weight,
            WeightSum = r.WeightSum + weight,
            NegVolume = r.NegVolume + (label == SentimentLabel.Negative ? negVolume : 0),
        };
    }

    private static void AddVolume(Dictionary<(string, DateTimeOffset), VolumeRow> rows, string scope, DateTimeOffset bucket, double negVolume)
    {
        var r = rows.GetValueOrDefault((scope, bucket)) ?? new VolumeRow(scope, bucket, 0, 0);
        rows[(scope, bucket)] = r with { NegVolume = r.NegVolume + negVolume, NegCount = r.NegCount + 1 };
    }
}
