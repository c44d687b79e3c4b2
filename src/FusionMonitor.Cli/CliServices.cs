using FusionMonitor.Ingestion.Hosting;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Sentiment;
using FusionMonitor.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FusionMonitor.Cli;

/// <summary>
/// The data verbs' services, composed like any host from the same registrations and settings as the app: environment
/// variables (<c>Section__Key</c>), then <c>--Section:Key=value</c> options, then the verb's shorthands
/// (<c>--postgres</c> for <c>ConnectionStrings:Postgres</c>, <c>--sqlite</c> for <c>Storage:SqlitePath</c>, <c>--model</c>
/// for <c>Sentiment:ModelPath</c>). So <c>fusion import</c> moves scores exactly as a push does and <c>fusion
/// recompute</c> rebuilds them with the app's <c>Scoring:*</c> parameters. Settings are checked before any work,
/// every problem reported at once.
/// </summary>
public sealed class CliServices : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private CliServices(ServiceProvider services) => _services = services;

    public FusionDatabase Db => Get<FusionDatabase>();

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public static CliServices Open(CliArgs args)
    {
        var overrides = args.Settings();
        if (args.Optional("postgres") is { } postgres) overrides["ConnectionStrings:Postgres"] = postgres;
        if (args.Optional("sqlite") is { } sqlite) overrides["Storage:SqlitePath"] = sqlite;
        if (args.Optional("model") is { } model) overrides["Sentiment:ModelPath"] = model;
        var config = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(overrides).Build();

        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(config)
            .AddLogging(l => l.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning))
            .AddFusionLogRedaction(config)
            .AddFusionStorage(config)
            .AddFusionSentiment(config)
            .AddFusionPipeline(config)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (Exception e) when (e is OptionsValidationException or AggregateException)
        {
            services.Dispose();
            var problems = (e is AggregateException all ? all.InnerExceptions : [e]).OfType<OptionsValidationException>().SelectMany(v => v.Failures);
            throw new CliFailureException("invalid settings:\n  " + string.Join("\n  ", problems));
        }
        return new CliServices(services);
    }

    /// <summary>The migrations applied when <see cref="OpenMigratedAsync"/> opened the database (empty: it was up to date).</summary>
    public IReadOnlyList<string> Applied { get; private set; } = [];

    /// <summary>
    /// What every data verb starts with: the services from <paramref name="args"/> (after which no option may be
    /// left unread) and the database brought up to date.
    /// </summary>
    public static async Task<CliServices> OpenMigratedAsync(CliArgs args, CliConsole console, CancellationToken ct)
    {
        var services = Open(args);
        try
        {
            args.EnsureNoUnknown();
            services.Applied = await services.EnsureMigratedAsync(console, ct);
            return services;
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Only the sentiment tiers, for the verbs that need no database (<c>evaluate</c>, <c>score</c>): the same
    /// registration and <c>Sentiment:*</c> settings as the app, with the shorthands <c>--mode</c>, <c>--model</c> and
    /// <c>--encoder</c>. A model named with <c>--model</c> is the one judged: a fast model file means fast mode, an
    /// encoder file accurate mode, unless <c>--mode</c> says otherwise.
    /// </summary>
    public static CliServices OpenSentiment(CliArgs args)
    {
        var overrides = args.Settings();
        if (args.Optional("model") is { } model)
        {
            if (Sentiment.Encoder.EncoderModelFile.IsEncoderFile(model))
            {
                overrides["Sentiment:EncoderPath"] = model;
                overrides["Sentiment:Mode"] = "accurate";
            }
            else
            {
                overrides["Sentiment:ModelPath"] = model;
                overrides["Sentiment:Mode"] = "fast";
            }
        }
        if (args.Optional("encoder") is { } encoder) overrides["Sentiment:EncoderPath"] = encoder;
        if (args.Optional("mode") is { } mode) overrides["Sentiment:Mode"] = mode;
        var config = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(overrides).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(config)
            .AddFusionSentiment(config)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (Exception e) when (e is OptionsValidationException or AggregateException or InvalidOperationException)
        {
            services.Dispose();
            var problems = (e is AggregateException all ? all.InnerExceptions : [e]).Select(x => x is OptionsValidationException v ? string.Join("\n  ", v.Failures) : x.Message);
            throw new CliFailureException("invalid settings:\n  " + string.Join("\n  ", problems));
        }
        return new CliServices(services);
    }

    /// <summary>The configured sentiment mode.</summary>
    public SentimentMode SentimentMode => Get<IOptions<SentimentOptions>>().Value.Mode;

    /// <summary>The per-party reader of the configured mode; a file that is not a model is a clear CLI error.</summary>
    public Core.Sentiment.ITargetSentimentScorer TargetScorer()
    {
        try
        {
            return Get<Core.Sentiment.ITargetSentimentScorer>();
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            throw new CliFailureException(e.Message);
        }
    }

    /// <summary>The sentiment model; a file that is not a model is a clear CLI error.</summary>
    public Core.Sentiment.ISentimentScorer Scorer()
    {
        try
        {
            return Get<Core.Sentiment.ISentimentScorer>();
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            throw new CliFailureException(e.Message);
        }
    }

    /// <summary>Applies missing migrations; an unreachable or broken database is a clear CLI error. Returns what was applied.</summary>
    public async Task<IReadOnlyList<string>> EnsureMigratedAsync(CliConsole console, CancellationToken ct)
    {
        try
        {
            var applied = await Get<MigrationRunner>().MigrateAsync(ct);
            if (applied.Count > 0) await console.Error.WriteLineAsync($"applied {applied.Count} migration(s) to {Db.Describe()}");
            return applied;
        }
        catch (Exception e) when (e is System.Data.Common.DbException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            throw new CliFailureException($"cannot use the database {Db.Describe()}: {e.Message}");
        }
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
