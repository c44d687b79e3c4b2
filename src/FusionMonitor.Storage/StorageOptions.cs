using Microsoft.Extensions.Options;
using Npgsql;

namespace FusionMonitor.Storage;

/// <summary>
/// <c>Storage:*</c>, and the connection string <c>ConnectionStrings:Postgres</c>: PostgreSQL when that is set,
/// otherwise the embedded SQLite file at <see cref="SqlitePath"/> (relative to the working directory).
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public string SqlitePath { get; set; } = "data/fusion.db";

    /// <summary>From <c>ConnectionStrings:Postgres</c>; null or blank for the embedded SQLite store.</summary>
    public string? PostgresConnectionString { get; set; }

    public bool UsesPostgres => !string.IsNullOrWhiteSpace(PostgresConnectionString);

    /// <summary>Opens the configured database (one per process).</summary>
    public FusionDatabase Open() => UsesPostgres ? FusionDatabase.Postgres(PostgresConnectionString!) : FusionDatabase.Sqlite(Path.GetFullPath(SqlitePath));
}

/// <summary>Every problem with the storage settings at once.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions o)
    {
        var errors = new List<string>();
        if (o.UsesPostgres)
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(o.PostgresConnectionString);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
            {
                errors.Add($"ConnectionStrings:Postgres is not a valid Npgsql connection string: {e.Message}");
            }
        }
        else if (string.IsNullOrWhiteSpace(o.SqlitePath))
        {
            errors.Add("Storage:SqlitePath must name a file when ConnectionStrings:Postgres is not set");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
