using System.Data.Common;
using Dapper;
using FusionMonitor.Core.Text;
using Npgsql;

namespace FusionMonitor.Storage.Entities;

/// <summary>
/// The rule that keeps matching unambiguous: a brand's or an influencer's name is unique among its kind ignoring case
/// and accents (<see cref="NameKey"/>; the unique index on <c>name_key</c> holds it in the database as well), and no
/// alias or name is already a name or alias of another brand or influencer (a mention would match both, for good).
/// Checked inside the write transaction after taking the catalogue lock exclusively (PostgreSQL; on SQLite the write
/// transaction holds the one write lock), so two instances cannot both pass the check and then both write.
/// The check reads only the <c>entity_terms</c> rows of the keys it is given (migration 0043), so its cost is that of
/// the entity's own names, not of the catalogue: reading every brand and influencer made creating the 10,000th
/// influencer cost 20 ms under the lock.
/// </summary>
internal static class NameClashes
{
    private const string Brand = "brand", Influencer = "influencer";

    public static async Task CheckAsync(DbConnection conn, DbTransaction tx, bool isBrand, long? selfId, string name, IReadOnlyList<string> aliases,
        CancellationToken ct)
    {
        if (conn is NpgsqlConnection)
            await conn.ExecuteAsync(new CommandDefinition("select pg_advisory_xact_lock(@k)", new { k = CatalogVersions.LockKey }, tx, cancellationToken: ct));
        var nameKey = NameKey.Of(name);
        var aliasKeys = aliases.Select(a => (Alias: a, Key: NameKey.Of(a))).Where(a => a.Key != nameKey).DistinctBy(a => a.Key).ToList();
        var keys = aliasKeys.Select(a => a.Key).Append(nameKey).ToList();
        // Dapper hands PostgreSQL a list as one array parameter and spells it out for SQLite.
        var inKeys = conn is NpgsqlConnection ? "= any(@keys)" : "in @keys";
        var terms = (await conn.QueryAsync<TermRow>(new CommandDefinition(
            $"""
            select t.kind as Kind, t.entity_id as EntityId, t.is_name as IsName, t.key as Key, t.term as Term, coalesce(b.name, i.name) as Owner
            from entity_terms t
            left join brands b on t.kind = 'brand' and b.id = t.entity_id
            left join influencers i on t.kind = 'influencer' and i.id = t.entity_id
            where t.key {inKeys}
            """, new { keys }, tx, cancellationToken: ct))).ToList();
        var kind = isBrand ? Brand : Influencer;
        // Brands first, then influencers, each by id, and per entity the name before its aliases: the first clash found
        // is the one reported, as it was when every entity was read in that order.
        foreach (var o in terms.Where(t => !(t.Kind == kind && t.EntityId == selfId)).GroupBy(t => (t.Kind, t.EntityId))
                     .OrderBy(g => g.Key.Kind == Brand ? 0 : 1).ThenBy(g => g.Key.EntityId))
        {
            var owner = o.First().Owner ?? "?";
            if (o.Key.Kind == kind && o.Any(t => t.IsName && t.Key == nameKey))
                throw new DuplicateNameException($"The name '{name}' clashes with the {o.Key.Kind} '{owner}' (#{o.Key.EntityId}): names are unique ignoring case and accents.");
            if (o.FirstOrDefault(t => !t.IsName && t.Key == nameKey) is { } taken)
                throw new DuplicateNameException($"The name '{name}' is already an alias ('{taken.Term}') of the {o.Key.Kind} '{owner}' (#{o.Key.EntityId}).");
            foreach (var (alias, key) in aliasKeys)
                if (o.Any(t => t.Key == key))
                    throw new DuplicateNameException($"The alias '{alias}' already belongs to the {o.Key.Kind} '{owner}' (#{o.Key.EntityId}).");
        }
    }

    /// <summary>Writes the entity's name and aliases as its <c>entity_terms</c> rows (replacing what it had), in the
    /// transaction that writes the entity.</summary>
    public static async Task WriteTermsAsync(DbConnection conn, DbTransaction tx, bool isBrand, long id, string name, IReadOnlyList<string> aliases,
        CancellationToken ct)
    {
        await DeleteTermsAsync(conn, tx, isBrand, id, ct);
        await InsertTermsAsync(conn, tx, Terms(isBrand, id, name, aliases), ct);
    }

    /// <summary>An entity's rows: its name, then each distinct alias key.</summary>
    private static IEnumerable<object?[]> Terms(bool isBrand, long id, string name, IReadOnlyList<string> aliases)
    {
        var kind = isBrand ? Brand : Influencer;
        return aliases.Select(a => (IsName: false, Key: NameKey.Of(a), Term: a)).DistinctBy(a => a.Key)
            .Prepend((IsName: true, Key: NameKey.Of(name), Term: name))
            .Select(t => new object?[] { kind, id, t.IsName, t.Key, t.Term });
    }

    private static Task InsertTermsAsync(DbConnection conn, DbTransaction tx, IEnumerable<object?[]> rows, CancellationToken ct) =>
        MultiRow.ExecuteAsync(conn, tx, "insert into entity_terms (kind, entity_id, is_name, key, term)", "", rows, ct);

    public static Task DeleteTermsAsync(DbConnection conn, DbTransaction tx, bool isBrand, long id, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("delete from entity_terms where kind = @kind and entity_id = @id",
            new { kind = isBrand ? Brand : Influencer, id }, tx, cancellationToken: ct));

    /// <summary>
    /// Writes the terms of the brands and influencers stored before <c>entity_terms</c> existed (migration 0043): when
    /// the table is empty, every entity's rows, in one write transaction, a multi-row insert per 500 rows. Runs after every migration pass; once written
    /// (or with no entities yet) it costs two small queries.
    /// </summary>
    public static async Task BackfillAsync(FusionDatabase db, DbConnection conn, CancellationToken ct)
    {
        if (await conn.ExecuteScalarAsync<long>(new CommandDefinition("select count(*) from (select 1 from entity_terms limit 1) t", cancellationToken: ct)) > 0) return;
        await using var tx = await db.BeginWriteAsync(conn, ct);
        foreach (var (table, isBrand) in new[] { ("brands", true), ("influencers", false) })
        {
            var rows = await conn.QueryAsync<(long Id, string Name, string? Aliases)>(new CommandDefinition(
                $"select id, name, aliases from {table} order by id", transaction: tx, cancellationToken: ct));
            // The table is empty: every entity's rows inserted, 500 a statement, not two statements an entity.
            await InsertTermsAsync(conn, tx, rows.SelectMany(r => Terms(isBrand, r.Id, r.Name, Json.Read<List<string>>(r.Aliases, []))), ct);
        }
        await tx.CommitAsync(ct);
    }

    public const string TermsMigration = "0043_2026-12-02_entity-terms";

    private sealed class TermRow
    {
        public string Kind { get; init; } = "";
        public long EntityId { get; init; }
        public bool IsName { get; init; }
        public string Key { get; init; } = "";
        public string Term { get; init; } = "";
        public string? Owner { get; init; }
    }
}
