using FusionMonitor.Core.Alerts;
using FusionMonitor.Core.Entities;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Storage.Mentions;

namespace FusionMonitor.Ingestion.Alerts;

/// <summary>
/// Reads what an alert backtest replays — the brands' and their pairs' people's stored mentions from
/// <see cref="ScoreLookBack"/> before the span (so scores and baselines start where they stood) to its end — and runs
/// <see cref="AlertBacktest"/> over it under the given rules. Stores and sends nothing.
/// </summary>
public sealed class AlertBacktestRunner(MentionMaintenance maintenance, EntityStore entities, EntityCatalog catalog, ScoreOptions scoring, AlertRulesInForce rulesInForce)
{
    /// <summary>How far before the span the evidence is read: six half-lives at the default (what is older weighs under 2 %).</summary>
    public static readonly TimeSpan ScoreLookBack = TimeSpan.FromDays(84);

    /// <summary>The longest span one backtest replays.</summary>
    public static readonly TimeSpan MaxSpan = TimeSpan.FromDays(92);

    /// <summary>The rules in force for a brand (its stored changes over the configured rules), or the defaults.</summary>
    public async Task<AlertRules> RulesForAsync(long? brandId, CancellationToken ct = default)
    {
        var options = await rulesInForce.CurrentAsync(ct);
        return brandId is { } b ? options.RulesFor(b) : options.Defaults;
    }

    /// <param name="brandIds">The brands to replay (their own alerts and their pairs').</param>
    /// <param name="rules">Rules for those brands; null for the rules in force.</param>
    public async Task<IReadOnlyList<BacktestAlert>> RunAsync(IReadOnlyCollection<long> brandIds, DateTimeOffset from, DateTimeOffset to, AlertRules? rules, CancellationToken ct = default)
    {
        var pairs = new List<Pair>();
        foreach (var b in brandIds) pairs.AddRange(await entities.PairsOfBrandAsync(b, ct));
        var evidence = await maintenance.LabelledEvidenceAsync(brandIds, pairs.Select(p => p.InfluencerId).ToList(), from - ScoreLookBack, to, ct);
        var inForce = await rulesInForce.CurrentAsync(ct);
        var options = rules is null ? inForce : inForce with { PerBrand = brandIds.ToDictionary(b => b, _ => rules) };
        var snapshot = await catalog.GetAsync(ct);
        // Only the brands asked about move the replayed scores (a co-mention of another brand still feeds the person).
        var wanted = brandIds.ToHashSet();
        var scoped = evidence.Select(e => (e.Evidence with { BrandIds = e.Evidence.BrandIds.Where(wanted.Contains).ToList() }, e.Label)).ToList();
        return AlertBacktest.Run(scoped, pairs, brandIds, from, to, options, scoring,
            brandName: b => AlertSubjects.Brand(snapshot, b), pairName: p => AlertSubjects.Pair(snapshot, p));
    }
}
