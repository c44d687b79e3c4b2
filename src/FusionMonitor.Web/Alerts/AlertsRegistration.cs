using FusionMonitor.Core.Alerts;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Ingestion.Alerts;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Ingestion.Scoring;
using FusionMonitor.Storage.Alerts;
using FusionMonitor.Storage.Scores;

namespace FusionMonitor.Web.Alerts;

public static class AlertsRegistration
{
    /// <summary>The Fusion Score engine in the pipeline, the score reader, and alert evaluation with its channels.</summary>
    public static WebApplicationBuilder AddFusionScoring(this WebApplicationBuilder builder)
    {
        // Settings are checked at start-up, every problem reported at once, so a typo never runs with a silent default.
        var scoreOptions = builder.Configuration.GetSection("Scoring").Get<ScoreOptions>() ?? ScoreOptions.Default;
        var problems = scoreOptions.Validate().Select(p => "Scoring: " + p).ToList();
        var defaults = builder.Configuration.GetSection("Alerts:Defaults").Get<AlertRules>() ?? AlertRules.Default;
        problems.AddRange(defaults.Validate().Select(p => "Alerts:Defaults: " + p));
        var perBrand = new Dictionary<long, AlertRules>();
        foreach (var section in builder.Configuration.GetSection("Alerts:PerBrand").GetChildren())
        {
            if (!long.TryParse(section.Key, out var brandId)) { problems.Add($"Alerts:PerBrand:{section.Key}: the key must be a brand id"); continue; }
            var rules = defaults with { };
            section.Bind(rules);
            perBrand[brandId] = rules;
            problems.AddRange(rules.Validate().Select(p => $"Alerts:PerBrand:{brandId}: " + p));
        }
        if (problems.Count > 0) throw new InvalidOperationException("Invalid settings:\n  " + string.Join("\n  ", problems));

        builder.Services.AddSingleton(scoreOptions);
        builder.Services.AddSingleton(new AlertOptions(defaults, perBrand));
        builder.Services.AddSingleton<ScoreStore>();
        builder.Services.AddSingleton<AlertStore>();
        builder.Services.AddSingleton<ScoreReader>();
        builder.Services.AddSingleton<IMentionEffects, ScoreEffects>();
        builder.Services.AddSingleton<AlertMonitor>();
        builder.Services.Configure<AlertChannelOptions>(builder.Configuration.GetSection("Alerts"));
        builder.Services.AddHttpClient(AlertChannels.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton<AlertChannels>();
        builder.Services.AddSingleton<AlertService>();
        builder.Services.AddSingleton<IIngestListener>(sp => sp.GetRequiredService<AlertService>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AlertService>());
        return builder;
    }
}
