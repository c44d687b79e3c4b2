using System.Reflection;
using Dapper;
using FusionMonitor.Storage.Entities;

namespace FusionMonitor.Storage;

/// <summary>
/// Applies the embedded, date-prefixed SQL migrations of the database's dialect in order, each in its own
/// transaction, and records each in <c>schema_version</c>. Re-running applies nothing. Safe when several app instances
/// start at once: on PostgreSQL an advisory lock serialises them, on SQLite the write lock does.
/// </summary>
public sealed class MigrationRunner(FusionDatabase db)
{
    private const long AdvisoryLockKey = 0x46_55_53_49_4F_4E; // "FUSION"

    public sealed record Migration(string Version, string Sql);

    /// <summary>The migrations shipped for a dialect, in the order they apply.</summary>
    public static IReadOnlyList<Migration> Shipped(DatabaseKind kind)
    {
        var folder = kind == DatabaseKind.Postgres ? "postgres" : "sqlite";
        var asm = typeof(MigrationRunner).Assembly;
        return asm.GetManifestResourceNames()
            .Where(n => n.StartsWith($"Migrations/{folder}/", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => new Migration(Path.GetFileNameWithoutExtension(n), Read(asm, n)))
            .ToList();
    }

    /// <summary>
    /// Applies what is missing; returns the versions applied now (empty when up to date). <paramref name="upTo"/> stops
    /// after that version (upgrade tests build the schema as it was, put old rows in, then migrate the rest).
    /// </summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct = default, string? upTo = null)
    {
        await using var conn = await db.OpenAsync(ct);
        if (db.Kind == DatabaseKind.Postgres)
            await conn.ExecuteAsync(new CommandDefinition("select pg_advisory_lock(@k)", new { k = AdvisoryLockKey }, cancellationToken: ct));
        try
        {
            await conn.ExecuteAsync(new CommandDefinition(
                "create table if not exists schema_version (version text primary key, applied_at text not null)", cancellationToken: ct));
            var done = (await conn.QueryAsync<string>(new CommandDefinition("select version from schema_version", cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
            var applied = new List<string>();
            foreach (var m in Shipped(db.Kind).Where(m => !done.Contains(m.Version) && (upTo is null || string.CompareOrdinal(m.Version, upTo) <= 0)))
            {
                await using var tx = await db.BeginWriteAsync(conn, ct);
                // SQLite's write lock is taken now; another instance may have applied it while we waited.
                var already = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
                    "select count(*) from schema_version where version = @v", new { v = m.Version }, tx, cancellationToken: ct));
                if (already > 0) { await tx.RollbackAsync(ct); continue; }
                try
                {
                    await conn.ExecuteAsync(new CommandDefinition(m.Sql, transaction: tx, cancellationToken: ct));
                }
                catch (Exception e) when (e is System.Data.Common.DbException)
                {
                    throw new InvalidOperationException($"migration {m.Version} failed on {db.Kind}: {e.Message}", e);
                }
                await conn.ExecuteAsync(new CommandDefinition(
                    "insert into schema_version (version, applied_at) values (@v, @at)",
                    new { v = m.Version, at = DateTimeOffset.UtcNow.ToString("O") }, tx, cancellationToken: ct));
                await tx.CommitAsync(ct);
                applied.Add(m.Version);
            }
            if (done.Contains(NameKeyBackfill.Migration) || applied.Contains(NameKeyBackfill.Migration))
                Duplicates = await NameKeyBackfill.RunAsync(db, conn, ct);
            if (done.Contains(NameClashes.TermsMigration) || applied.Contains(NameClashes.TermsMigration))
                await NameClashes.BackfillAsync(db, conn, ct);
            return applied;
        }
        finally
        {
            if (db.Kind == DatabaseKind.Postgres)
                await conn.ExecuteAsync(new CommandDefinition("select pg_advisory_unlock(@k)", new { k = AdvisoryLockKey }, cancellationToken: CancellationToken.None));
        }
    }

    /// <summary>The names the last <see cref="MigrateAsync"/> found duplicated when it keyed existing rows (see migration
    /// 0012): "brand 'pebble roasters' (#7) duplicates 'Pebble Roasters' (#3)"; empty almost always.</summary>
    public IReadOnlyList<string> Duplicates { get; private set; } = [];

    /// <summary>The versions recorded as applied; empty for a new database.</summary>
    public async Task<IReadOnlyList<string>> AppliedAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var exists = db.Kind == DatabaseKind.Postgres
            ? await conn.ExecuteScalarAsync<bool>("select to_regclass('schema_version') is not null")
            : await conn.ExecuteScalarAsync<long>("select count(*) from sqlite_master where name = 'schema_version'") > 0;
        if (!exists) return [];
        return (await conn.QueryAsync<string>("select version from schema_version order by version")).ToList();
    }

    private static string Read(Assembly asm, string name)
    {
        using var s = asm.GetManifestResourceStream(name)!;
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }
}
