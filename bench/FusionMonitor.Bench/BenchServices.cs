using FusionMonitor.Ingestion.Alerts;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Sentiment;
using FusionMonitor.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FusionMonitor.Bench;

/// <summary>
/// The app's composition for a harness: the same registrations and settings as the web host and the CLI
/// (environment variables such as <c>Scoring__HalfLife</c> apply here too), on the database the harness made.
/// </summary>
public static class BenchServices
{
    /// <param name="postgres">A connection string; null for the embedded store at <paramref name="sqlitePath"/>.</param>
    /// <param name="settings">More settings, over the environment's (say, <c>Sentiment:DetectLanguages</c> or <c>Sentiment:Mode</c>).</param>
    public static ServiceProvider Create(string? postgres, string? sqlitePath = null, IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null)
    {
        var config = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Postgres"] = postgres,
                ["Storage:SqlitePath"] = sqlitePath ?? Path.Combine(Path.GetTempPath(), $"fusion-bench-{Guid.NewGuid():N}.db"),
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var services = new ServiceCollection()
            .AddFusionStorage(config)
            .AddFusionSentiment(config)
            .AddFusionPipeline(config)
            .AddFusionAlerts(config); // the follow-up cycle (AlertMonitor); nothing runs in the background: there is no host
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        return provider;
    }
}
