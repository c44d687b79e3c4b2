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
        var scoreOptions = builder.Configuration.GetSection("Score").Get<ScoreOptions>() ?? ScoreOptions.Default;
        var problems = scoreOptions.Validate();
        if (problems.Count > 0) throw new InvalidOperationException("Invalid Score settings: " + string.Join("; ", problems));
        var rules = builder.Configuration.GetSection("Alerts:Rules").Get<AlertRules>() ?? AlertRules.Default;
        var ruleProblems = rules.Validate();
        if (ruleProblems.Count > 0) throw new InvalidOperationException("Invalid Alerts:Rules settings: " + string.Join("; ", ruleProblems));

        builder.Services.AddSingleton(scoreOptions);
        builder.Services.AddSingleton(new AlertOptions(rules, new Dictionary<long, AlertRules>()));
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
