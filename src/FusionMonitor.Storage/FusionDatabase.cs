using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace FusionMonitor.Storage;

/// <summary>
/// The configured database: opens connections and starts write transactions. Thread-safe; one per process.
/// Everything the stores do goes through here, so the two dialects differ only where a store asks for <see cref="Kind"/>.
/// </summary>
public sealed class FusionDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;
    private readonly string? _sqlite;

    private FusionDatabase(DatabaseKind kind, NpgsqlDataSource? postgres, string? sqlite)
    {
        Kind = kind;
        _postgres = postgres;
        _sqlite = sqlite;
        DapperSetup.EnsureConfigured();
    }

    public DatabaseKind Kind { get; }

    /// <summary>A description safe to log (no password).</summary>
    public string Describe() => Kind == DatabaseKind.Postgres
        ? $"PostgreSQL {new NpgsqlConnectionStringBuilder(_postgres!.ConnectionString) { Password = null }.ConnectionString}"
        : $"SQLite {new SqliteConnectionStringBuilder(_sqlite).DataSource}";

    public static FusionDatabase Postgres(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        return new FusionDatabase(DatabaseKind.Postgres, builder.Build(), null);
    }

    /// <summary>Opens (and creates, with its folder) a SQLite database file.</summary>
    public static FusionDatabase Sqlite(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var cs = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30, // seconds a writer waits for the lock before SQLITE_BUSY surfaces
        }.ToString();
        return new FusionDatabase(DatabaseKind.Sqlite, null, cs);
    }

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        if (_postgres is not null) return await _postgres.OpenConnectionAsync(ct);
        var conn = new SqliteConnection(_sqlite);
        await conn.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        // WAL lets readers (dashboard, API) run while the ingest pipeline writes; foreign keys are off by default.
        cmd.CommandText = "pragma journal_mode=wal; pragma synchronous=normal; pragma foreign_keys=on; pragma busy_timeout=30000;";
        await cmd.ExecuteNonQueryAsync(ct);
        return conn;
    }

    /// <summary>
    /// Starts a write transaction. On SQLite it is IMMEDIATE (takes the write lock now), so two writers queue instead
    /// of failing on lock upgrade half-way through.
    /// </summary>
    public async Task<DbTransaction> BeginWriteAsync(DbConnection conn, CancellationToken ct = default)
    {
        if (conn is SqliteConnection sqlite) return sqlite.BeginTransaction(deferred: false);
        return await conn.BeginTransactionAsync(ct);
    }

    /// <summary>Opens a connection and runs <c>select 1</c>: throws when the store cannot be reached.</summary>
    public async Task PingAsync(CancellationToken ct = default)
    {
        await using var conn = await OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "select 1";
        await cmd.ExecuteScalarAsync(ct);
    }

    /// <summary>
    /// Drops the idle pooled connections, after the server went away: each would otherwise fail once before the pool
    /// noticed, so the first requests after a database restart would fail too.
    /// </summary>
    public void ClearIdleConnections()
    {
        _postgres?.Clear();
        if (_sqlite is not null) SqliteConnection.ClearAllPools();
    }

    /// <summary>
    /// True when <paramref name="e"/> says the store is unreachable or unavailable for now (connection refused or lost,
    /// server shutting down or starting, too many connections, timeouts, a SQLite file busy or unreadable) rather than
    /// that a query was wrong: the caller should try again later.
    /// </summary>
    public static bool IsOutage(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    if (pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState is "57P01" or "57P02" or "57P03" or "53300" or "53400") return true;
                    return false; // the server answered: a statement problem, not an outage
                case NpgsqlException { IsTransient: true }:
                case System.Net.Sockets.SocketException:
                case TimeoutException:
                    return true;
                case SqliteException sqlite:
                    return sqlite.SqliteErrorCode is 5 or 6 or 10 or 14; // BUSY, LOCKED, IOERR, CANTOPEN
            }
        }
        return false;
    }

    /// <summary>The Npgsql data source, for PostgreSQL-only work (COPY, Hangfire storage).</summary>
    public NpgsqlDataSource? PostgresDataSource => _postgres;

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null) await _postgres.DisposeAsync();
        if (_sqlite is not null) SqliteConnection.ClearAllPools();
    }
}
