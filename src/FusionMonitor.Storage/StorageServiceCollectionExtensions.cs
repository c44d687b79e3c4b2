using FusionMonitor.Storage.Alerts;
using FusionMonitor.Storage.Auth;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.Storage.Scores;
using FusionMonitor.Storage.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FusionMonitor.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// The store: <see cref="StorageOptions"/> (checked at start-up), the one <see cref="FusionDatabase"/> of the process
    /// opened from them, the migration runner and every Dapper store. The web host, the CLI and the benchmarks all
    /// compose from this call.
    /// </summary>
    public static IServiceCollection AddFusionStorage(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<StorageOptions>()
            .Bind(config.GetSection(StorageOptions.Section))
            .Configure(o => o.PostgresConnectionString = config.GetConnectionString("Postgres"))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.Open());
        services.TryAddSingleton<MigrationRunner>();
        services.TryAddSingleton<EntityStore>();
        services.TryAddSingleton<EntityRemoval>();
        services.TryAddSingleton<CatalogVersions>();
        services.TryAddSingleton<MentionStore>();
        services.TryAddSingleton<MentionMaintenance>();
        services.TryAddSingleton<RecentMentions>();
        services.TryAddSingleton<CorrectionStore>();
        services.TryAddSingleton<AuthorData>();
        services.TryAddSingleton<Maintenance.RetentionStore>();
        services.TryAddSingleton<SourceStore>();
        services.TryAddSingleton<StreamLeaseStore>();
        services.TryAddSingleton<AuthStore>();
        services.TryAddSingleton<AlertStore>();
        services.TryAddSingleton<AlertChangeStore>();
        services.TryAddSingleton<BrandAlertRulesStore>();
        services.TryAddSingleton<ScopeStore>();
        services.TryAddSingleton<ScopeChanges>();
        services.TryAddSingleton<HistoryStore>();
        services.TryAddSingleton<RollupStore>();
        services.TryAddSingleton<UnscoredCountStore>();
        services.TryAddSingleton<Strategy.GoalStore>();
        services.TryAddSingleton<Strategy.CompetitorStore>();
        services.TryAddSingleton<Strategy.BrandMentionReads>();
        services.TryAddSingleton<Digest.DigestStore>();
        services.TryAddSingleton<Strategy.StrategyRollupStore>();
        return services;
    }
}
