using FusionMonitor.Storage;

namespace FusionMonitor.TestSupport;

/// <summary>Fresh, migrated databases of either kind, one per test, so no test sees another's rows.</summary>
public static class TestDatabases
{
    public static async Task<FusionDatabase> CreateAsync(DatabaseKind kind, bool migrate = true)
    {
        var db = kind == DatabaseKind.Postgres
            ? FusionDatabase.Postgres(await (await PostgresServer.SharedAsync()).CreateDatabaseAsync())
            : FusionDatabase.Sqlite(Path.Combine(Path.GetTempPath(), "fusion-tests", $"{Guid.NewGuid():N}.db"));
        if (migrate) await new MigrationRunner(db).MigrateAsync();
        return db;
    }

    /// <summary>The repository's root folder (where FusionMonitor.sln is); the shared data sits beside it in ../shared.</summary>
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FusionMonitor.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find FusionMonitor.sln above " + AppContext.BaseDirectory);
    }
}
