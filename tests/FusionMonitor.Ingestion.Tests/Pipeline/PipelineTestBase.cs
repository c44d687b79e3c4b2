using FusionMonitor.Sentiment;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Ingestion.Alerts;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Ingestion.Tests.Connectors;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FusionMonitor.Ingestion.Tests.Pipeline;

/// <summary>
/// The pipeline suite: every test class derives from this once per database (see <c>Databases.cs</c>), like the store
/// suite, and gets the app's composition (<c>AddFusionStorage</c>, <c>AddFusionPipeline</c>, <c>AddFusionAlerts</c>) on a
/// fresh migrated database, a clock it controls, and a word-list sentiment scorer whose verdicts the tests can predict.
/// </summary>
public abstract class PipelineTestBase : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private string? _sqlitePath;

    protected abstract DatabaseKind Kind { get; }

    protected ServiceProvider Services { get; private set; } = null!;

    protected FixedClock Clock { get; } = new(T0);

    protected T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>();
        if (Kind == DatabaseKind.Postgres) settings["ConnectionStrings:Postgres"] = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("pipeline");
        else settings["Storage:SqlitePath"] = _sqlitePath = Path.Combine(Path.GetTempPath(), "fusion-tests", $"{Guid.NewGuid():N}.db");
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(Clock)
            .AddSingleton<ISentimentScorer, WordListScorer>()
            .AddFusionSentiment(config)
            .AddFusionStorage(config)
            .AddFusionPipeline(config)
            .AddFusionAlerts(config);
        Configure(services, config);
        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        Services.GetRequiredService<IStartupValidator>().Validate();
        await Get<MigrationRunner>().MigrateAsync();
    }

    /// <summary>More of the composition a suite needs (e.g. the sources, for the fetch job).</summary>
    protected virtual void Configure(IServiceCollection services, IConfiguration config)
    {
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        if (_sqlitePath is not null) File.Delete(_sqlitePath);
    }

    protected Task<IngestResult> IngestAsync(params IncomingMention?[] items) => Get<MentionPipeline>().IngestAsync(items);

    /// <summary>
    /// A calm past for <paramref name="brand"/> (and the pair, when <paramref name="person"/> is named): a neutral
    /// mention a day for <paramref name="days"/> days before <see cref="T0"/>, so its spike baseline is no longer learning.
    /// </summary>
    protected Task<IngestResult> CalmPastAsync(string brand, string? person = null, int days = 10) =>
        IngestAsync(Enumerable.Range(1, days).Select(d => Mention($"calm-{brand}-{person}-{d}", $"{person} {brand} opened a shop on day {d}".Trim(),
            T0.AddDays(-d), $"calm{d}", 200)).ToArray());

    protected static IncomingMention Mention(string id, string text, DateTimeOffset at, string handle = "someone", long followers = 1_000, string source = "test") =>
        new(source, id, text, at, new Author(handle, handle, followers), $"https://example.org/{id}", "en", new Engagement(4, 1, 0));
}

/// <summary>Sentiment from a few words, so a test knows each mention's label: "awful", "rude", "refund" → negative; "love", "great" → positive.</summary>
public sealed class WordListScorer : ISentimentScorer
{
    public string ModelVersion => "word-list-1";

    public IReadOnlyList<SentimentScore> Score(IReadOnlyList<string> texts) => texts.Select(t =>
        t.Contains("awful", StringComparison.OrdinalIgnoreCase) || t.Contains("rude", StringComparison.OrdinalIgnoreCase) || t.Contains("refund", StringComparison.OrdinalIgnoreCase)
            ? new SentimentScore(0.8f, 0.15f, 0.05f)
            : t.Contains("love", StringComparison.OrdinalIgnoreCase) || t.Contains("great", StringComparison.OrdinalIgnoreCase)
                ? new SentimentScore(0.05f, 0.15f, 0.8f)
                : new SentimentScore(0.1f, 0.8f, 0.1f)).ToList();
}
