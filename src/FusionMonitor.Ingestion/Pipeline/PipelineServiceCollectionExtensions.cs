using FusionMonitor.Core.Scoring;
using FusionMonitor.Ingestion.Hosting;
using FusionMonitor.Ingestion.Scoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FusionMonitor.Ingestion.Pipeline;

public static class PipelineServiceCollectionExtensions
{
    /// <summary>
    /// The mention pipeline and what it drives: the entity catalogue it matches against (kept current by the
    /// <see cref="CatalogWatcher"/>, which also re-matches recent mentions after a change), the Fusion Score engine's
    /// effects inside the ingest transaction, the live notifier it publishes committed batches to, the score reader
    /// and the recompute job, all reading <see cref="ScoreOptions"/> from <c>Scoring:*</c> (checked at start-up,
    /// every problem at once). Needs <c>AddFusionStorage</c> and <c>AddFusionSentiment</c>.
    /// </summary>
    public static IServiceCollection AddFusionPipeline(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<ScoreOptions>().Bind(config.GetSection(ScoreOptionsValidator.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ScoreOptions>, ScoreOptionsValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<ScoreOptions>>().Value);
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EntityCatalog>();
        services.TryAddSingleton<CatalogRematch>();
        services.TryAddSingleton<AppReadiness>();
        services.AddHostedService<CatalogWatcher>();
        services.TryAddSingleton<LiveNotifier>();
        services.TryAddSingleton<ScoreEffects>();
        services.TryAddSingleton<Strategy.StrategyRollupEffects>();
        services.TryAddSingleton<Strategy.StrategyRollupRebuild>();
        services.TryAddSingleton<ScoreFollowUp>();
        services.TryAddSingleton<MentionPipeline>();
        services.TryAddSingleton<PairReadModel>();
        services.TryAddSingleton<ScoreRecompute>();
        services.TryAddSingleton<ScoreHistoryRebuild>();
        services.TryAddSingleton<ScopeRebuild>();
        services.TryAddSingleton<PairPause>();
        services.TryAddSingleton<SentimentCorrections>();
        services.TryAddSingleton<AuthorErasure>();
        return services;
    }

    /// <summary>The Fusion Score parameters' own rules (<see cref="ScoreOptions.Validate"/>), under <c>Scoring:</c>.</summary>
    private sealed class ScoreOptionsValidator : IValidateOptions<ScoreOptions>
    {
        public const string Section = "Scoring";

        public ValidateOptionsResult Validate(string? name, ScoreOptions options) =>
            options.Validate() is { Count: > 0 } problems
                ? ValidateOptionsResult.Fail(problems.Select(p => $"{Section}: {p}"))
                : ValidateOptionsResult.Success;
    }
}
