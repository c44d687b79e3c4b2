using FusionMonitor.Core.Alerts;
using FusionMonitor.Ingestion.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FusionMonitor.Ingestion.Alerts;

public static class AlertsServiceCollectionExtensions
{
    /// <summary>
    /// Alerting: <see cref="AlertSettings"/> from <c>Alerts:*</c> (rules, per-brand overrides, cycle, channels; checked at
    /// start-up, every problem at once), the evaluator, the webhook and email channels, and the background
    /// <see cref="AlertService"/> that evaluates on every committed batch and every few seconds. Needs
    /// <c>AddFusionPipeline</c>.
    /// </summary>
    public static IServiceCollection AddFusionAlerts(this IServiceCollection services, IConfiguration config)
    {
        var section = config.GetSection(AlertSettings.Section);
        services.AddOptions<AlertSettings>()
            .Bind(section)
            .PostConfigure(s => s.LayerPerBrandOverDefaults(section.GetSection(nameof(AlertSettings.PerBrand))))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlertSettings>, AlertSettingsValidator>());
        services.TryAddSingleton<AlertOptions>(sp => sp.GetRequiredService<IOptions<AlertSettings>>().Value.ToAlertOptions());
        services.TryAddSingleton<AlertRulesInForce>();
        services.TryAddSingleton<AppReadiness>();
        services.TryAddSingleton<AlertMonitor>();
        services.TryAddSingleton<AlertBacktestRunner>();
        services.TryAddSingleton<AlertChangeReader>();
        services.AddHttpClient(AlertChannels.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.TryAddSingleton<AlertChannels>();
        services.TryAddSingleton<AlertAnnouncer>();
        services.AddHostedService<AlertService>();
        return services;
    }
}
