using FusionMonitor.Storage.Maintenance;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FusionMonitor.Ingestion.Jobs;

/// <summary>
/// How long each kind of growing data is kept (<c>Retention:*</c>; a zero span keeps it for ever). Daily score
/// history, daily pair rollups, brand rollups, score state and alert streams are not pruned: they grow with the pairs,
/// brands and days, not with the mentions. The five-minute volumes and score points have fixed retentions of their own
/// (what the alert rules and the 48-hour chart read).
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Raw mentions, by when they were created. Zero (the default) keeps them: imported reviews are often
    /// years old, and a rebuild (a correction, an erasure, a recompute) reads what is kept.</summary>
    public TimeSpan Mentions { get; set; } = TimeSpan.Zero;

    public TimeSpan SourceRuns { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan Quarantine { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Hourly score points (charts over longer spans read the daily ones, which are kept).</summary>
    public TimeSpan HourlyHistory { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Hourly pair rollups (the daily ones are kept); the alert baselines read five weeks of them.</summary>
    public TimeSpan HourlyRollups { get; set; } = TimeSpan.FromDays(400);

    public TimeSpan ResolvedAlerts { get; set; } = TimeSpan.FromDays(365);

    /// <summary>The voices' daily and the aspects' hourly rollups (the strategy reads span at most 366 days).</summary>
    public TimeSpan StrategyRollups { get; set; } = Core.Strategy.StrategyRollups.Retention;

    /// <summary>Rows deleted per statement, each batch its own short transaction.</summary>
    public int BatchSize { get; set; } = 5_000;

    /// <summary>Every problem at once, as sentences (empty when the settings are good).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void AtLeast(string name, TimeSpan value, TimeSpan min, string why)
        {
            if (value < TimeSpan.Zero) problems.Add($"Retention:{name} must not be negative (0 keeps for ever), got {value}.");
            else if (value != TimeSpan.Zero && value < min) problems.Add($"Retention:{name} must be 0 (keep) or at least {min.TotalDays:0} days ({why}), got {value}.");
        }
        AtLeast(nameof(Mentions), Mentions, TimeSpan.FromDays(30), "the backtest and the alert baselines read 30 days of mentions");
        AtLeast(nameof(SourceRuns), SourceRuns, TimeSpan.FromDays(1), "a source's page shows its recent runs");
        AtLeast(nameof(Quarantine), Quarantine, TimeSpan.FromDays(1), "an operator needs time to look at what was refused");
        AtLeast(nameof(HourlyHistory), HourlyHistory, TimeSpan.FromDays(8), "the 7-day chart and the seasonal baseline read a week of hours");
        AtLeast(nameof(HourlyRollups), HourlyRollups, TimeSpan.FromDays(35), "the alert baselines read five weeks of hours");
        AtLeast(nameof(StrategyRollups), StrategyRollups, TimeSpan.FromDays(367), "the voices and aspects reads span up to 366 days");
        AtLeast(nameof(ResolvedAlerts), ResolvedAlerts, TimeSpan.FromDays(1), "a resolved alert stays visible for a while");
        if (BatchSize is < 1 or > 100_000) problems.Add($"Retention:BatchSize must be 1 to 100000, got {BatchSize}.");
        return problems;
    }
}

/// <summary>The Hangfire job that prunes each kind of data past its retention (hourly, <see cref="Cron"/>), in small
/// batches so it never holds a long lock; several instances may run it, each batch deletes what is still there.</summary>
public sealed class RetentionJob(RetentionStore store, IOptions<RetentionOptions> options, TimeProvider clock, ILogger<RetentionJob> log)
{
    public const string JobId = "retention";

    public const string Cron = "17 * * * *";

    /// <summary>Prunes every kind; returns how many rows went, by kind.</summary>
    public async Task<IReadOnlyDictionary<string, long>> RunAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        var pruned = new Dictionary<string, long>();
        foreach (var (kind, keep) in new[]
                 {
                     (RetentionStore.SourceRuns, o.SourceRuns), (RetentionStore.Quarantine, o.Quarantine), (RetentionStore.HourlyHistory, o.HourlyHistory),
                     (RetentionStore.HourlyPairRollups, o.HourlyRollups), (RetentionStore.VoiceRollups, o.StrategyRollups),
                     (RetentionStore.AspectRollups, o.StrategyRollups),
                 })
        {
            if (keep > TimeSpan.Zero) pruned[kind.Name] = await store.PruneAsync(kind, now - keep, o.BatchSize, ct);
        }
        if (o.ResolvedAlerts > TimeSpan.Zero) pruned["resolved alerts"] = await store.PruneResolvedAlertsAsync(now - o.ResolvedAlerts, o.BatchSize, ct);
        if (o.Mentions > TimeSpan.Zero) pruned["mentions"] = await store.PruneMentionsAsync(now - o.Mentions, o.BatchSize, ct);
        if (pruned.Values.Any(n => n > 0))
            log.LogInformation("Retention pruned {Pruned}", string.Join(", ", pruned.Where(p => p.Value > 0).Select(p => $"{p.Value:N0} {p.Key}")));
        return pruned;
    }
}

public static class RetentionServiceCollectionExtensions
{
    /// <summary>
    /// Retention: <see cref="RetentionOptions"/> from <c>Retention:*</c> (checked at start-up, every problem at once)
    /// and the <see cref="RetentionJob"/> a Hangfire server runs hourly. Needs <c>AddFusionStorage</c>.
    /// </summary>
    public static IServiceCollection AddFusionRetention(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<RetentionOptions>().Bind(config.GetSection(RetentionOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>());
        services.TryAddSingleton<RetentionJob>();
        return services;
    }

    private sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
    {
        public ValidateOptionsResult Validate(string? name, RetentionOptions options) =>
            options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
