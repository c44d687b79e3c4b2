using FusionMonitor.Core.Entities;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Scores;

namespace FusionMonitor.Ingestion.Scoring;

/// <summary>Reads pairs' scores as of now from the stored accumulators: a score decays toward 50 as its evidence ages.</summary>
public sealed class ScoreReader(FusionDatabase db, ScoreStore store, ScoreOptions options)
{
    public ScoreOptions Options => options;

    public async Task<Dictionary<long, PairState>> StatesAsync(IReadOnlyList<Pair> pairs, CancellationToken ct = default)
    {
        var keys = pairs.SelectMany(p => new[] { ScopeKey.ForPair(p.BrandId, p.InfluencerId), ScopeKey.ForInfluencer(p.InfluencerId), ScopeKey.ForBrand(p.BrandId) }).ToHashSet();
        await using var conn = await db.OpenAsync(ct);
        var scopes = await store.LoadScopesAsync(conn, null, keys, forUpdate: false, ct);
        return pairs.ToDictionary(p => p.Id, p => new PairState(
            scopes.GetValueOrDefault(ScopeKey.ForPair(p.BrandId, p.InfluencerId)),
            scopes.GetValueOrDefault(ScopeKey.ForInfluencer(p.InfluencerId)),
            scopes.GetValueOrDefault(ScopeKey.ForBrand(p.BrandId))));
    }

    public async Task<Dictionary<long, FusionScore>> ScoresAsync(IReadOnlyList<Pair> pairs, DateTimeOffset now, CancellationToken ct = default) =>
        (await StatesAsync(pairs, ct)).ToDictionary(kv => kv.Key, kv => FusionScoreCalculator.Score(kv.Value, now, options));
}
