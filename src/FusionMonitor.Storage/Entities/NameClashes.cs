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
/// </summary>
internal static class NameClashes
{
    public static async Task CheckAsync(DbConnection conn, DbTransaction tx, bool isBrand, long? selfId, string name, IReadOnlyList<string> aliases,
        CancellationToken ct)
    {
        if (conn is NpgsqlConnection)
            await conn.ExecuteAsync(new CommandDefinition("select pg_advisory_xact_lock(@k)", new { k = CatalogVersions.LockKey }, tx, cancellationToken: ct));
        var nameKey = NameKey.Of(name);
        var aliasKeys = aliases.Select(a => (Alias: a, Key: NameKey.Of(a))).Where(a => a.Key != nameKey).DistinctBy(a => a.Key).ToList();
        var others = new List<(string Kind, long Id, string Name, string? Aliases)>();
        others.AddRange((await conn.QueryAsync<(long, string, string?)>(new CommandDefinition(
            "select id, name, aliases from brands", transaction: tx, cancellationToken: ct))).Select(r => ("brand", r.Item1, r.Item2, r.Item3)));
        others.AddRange((await conn.QueryAsync<(long, string, string?)>(new CommandDefinition(
            "select id, name, aliases from influencers", transaction: tx, cancellationToken: ct))).Select(r => ("influencer", r.Item1, r.Item2, r.Item3)));
        var kind = isBrand ? "brand" : "influencer";
        foreach (var o in others)
        {
            if (o.Kind == kind && o.Id == selfId) continue;
            var otherName = NameKey.Of(o.Name);
            if (o.Kind == kind && otherName == nameKey)
                throw new DuplicateNameException($"The name '{name}' clashes with the {o.Kind} '{o.Name}' (#{o.Id}): names are unique ignoring case and accents.");
            var otherAliases = Json.Read<List<string>>(o.Aliases, []);
            if (otherAliases.FirstOrDefault(a => NameKey.Of(a) == nameKey) is { } taken)
                throw new DuplicateNameException($"The name '{name}' is already an alias ('{taken}') of the {o.Kind} '{o.Name}' (#{o.Id}).");
            var otherKeys = otherAliases.Select(NameKey.Of).Append(otherName).ToHashSet(StringComparer.Ordinal);
            foreach (var (alias, key) in aliasKeys)
                if (otherKeys.Contains(key))
                    throw new DuplicateNameException($"The alias '{alias}' already belongs to the {o.Kind} '{o.Name}' (#{o.Id}).");
        }
    }
}
