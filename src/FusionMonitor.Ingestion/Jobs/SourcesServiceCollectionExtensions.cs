using FusionMonitor.Ingestion.Connectors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FusionMonitor.Ingestion.Jobs;

public static class SourcesServiceCollectionExtensions
{
    /// <summary>
    /// Polling the configured sources: every connector behind its resilient HttpClient (<c>Connectors:Http:*</c>) and
    /// the <see cref="SourceJobs"/> a Hangfire server runs, and the <see cref="StreamConsumer"/> that a host runs for
    /// stream sources (<c>Streams:*</c>). Needs <c>AddFusionPipeline</c> and a Hangfire client.
    /// </summary>
    public static IServiceCollection AddFusionSources(this IServiceCollection services, IConfiguration config)
    {
        services.AddConnectors(config);
        services.TryAddSingleton<SourceJobs>();
        services.AddOptions<StreamOptions>().Bind(config.GetSection(StreamOptions.Section))
            .Validate(o => o.ScanInterval > TimeSpan.Zero && o.LeaseDuration >= TimeSpan.FromSeconds(3) && o.FirstBackoff > TimeSpan.Zero && o.MaxBackoff >= o.FirstBackoff,
                "Streams: ScanInterval and FirstBackoff must be positive, LeaseDuration at least 3 seconds, MaxBackoff at least FirstBackoff")
            .ValidateOnStart();
        services.TryAddSingleton<Hosting.AppReadiness>();
        services.AddHostedService<StreamConsumer>();
        return services;
    }
}
