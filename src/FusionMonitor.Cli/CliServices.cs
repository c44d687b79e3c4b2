using FusionMonitor.Core.Scoring;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Ingestion.Scoring;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.Storage.Scores;

namespace FusionMonitor.Cli;

/// <summary>
/// The pieces the data verbs need, wired by hand (a CLI has no host): the database chosen as the app chooses it
/// (<c>--postgres</c>, else <c>ConnectionStrings__Postgres</c>; <c>--sqlite</c>, else <c>Storage__SqlitePath</c>, else
/// <c>data/fusion.db</c>) and the same pipeline the app runs, so an import moves scores exactly as a push does.
/// </summary>
public sealed class CliServices : IAsyncDisposable
{
    private CliServices(FusionDatabase db) => Db = db;

    public FusionDatabase Db { get; }

    public static CliServices Open(CliArgs args)
    {
        var postgres = args.Optional("postgres") ?? Environment.GetEnvironmentVariable("ConnectionStrings__Postgres");
        var sqlite = args.Optional("sqlite") ?? Environment.GetEnvironmentVariable("Storage__SqlitePath") ?? "data/fusion.db";
        return new CliServices(string.IsNullOrWhiteSpace(postgres) ? FusionDatabase.Sqlite(sqlite) : FusionDatabase.Postgres(postgres));
    }

    public static ISentimentScorer LoadScorer(string? path) => Verbs.SentimentModelLoader.Load(path);

    public EntityCatalog Catalog() => new(new EntityStore(Db), TimeProvider.System);

    public MentionPipeline Pipeline(ISentimentScorer scorer, EntityCatalog catalog) =>
        new(Db, new MentionStore(Db), catalog, scorer, [new ScoreEffects(new ScoreStore(Db), ScoreOptions.Default)], [], TimeProvider.System);

    public ScoreRecompute Recompute(EntityCatalog catalog) => new(Db, new MentionMaintenance(Db), catalog, ScoreOptions.Default, TimeProvider.System);

    /// <summary>Applies missing migrations; an unreachable or broken database is a clear CLI error. Returns what was applied.</summary>
    public async Task<IReadOnlyList<string>> EnsureMigratedAsync(CliConsole console, CancellationToken ct)
    {
        try
        {
            var applied = await new MigrationRunner(Db).MigrateAsync(ct);
            if (applied.Count > 0) await console.Error.WriteLineAsync($"applied {applied.Count} migration(s) to {Db.Describe()}");
            return applied;
        }
        catch (Exception e) when (e is System.Data.Common.DbException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            throw new CliFailureException($"cannot use the database {Db.Describe()}: {e.Message}");
        }
    }

    public ValueTask DisposeAsync() => Db.DisposeAsync();
}
