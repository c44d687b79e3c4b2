using System.Data.Common;
using Dapper;
using FusionMonitor.Core.Text;

namespace FusionMonitor.Storage.Entities;

/// <summary>
/// Keys the brands and influencers stored before names were unique ignoring case and accents (migration 0012): each
/// row without a <c>name_key</c> gets <see cref="NameKey.Of"/> of its name, in id order; a later duplicate of an earlier
/// name keeps everything and gets the key <c>'&lt;key&gt; #&lt;id&gt;'</c>, and is reported for an admin to merge. Runs
/// after every migration pass, in its own write transaction; once keyed, it finds nothing to do.
/// </summary>
internal static class NameKeyBackfill
{
    /// <summary>The migration that adds the keys; the backfill runs once it is applied.</summary>
    public const string Migration = "0012_2026-12-02_name-keys";

    public static async Task<IReadOnlyList<string>> RunAsync(FusionDatabase db, DbConnection conn, CancellationToken ct)
    {
        var duplicates = new List<string>();
        foreach (var (table, kind) in new[] { ("brands", "brand"), ("influencers", "influencer") })
        {
            var unkeyed = await conn.ExecuteScalarAsync<long>(new CommandDefinition($"select count(*) from {table} where name_key is null", cancellationToken: ct));
            if (unkeyed == 0) continue;
            await using var tx = await db.BeginWriteAsync(conn, ct);
            var rows = (await conn.QueryAsync<(long Id, string Name, string? Key)>(new CommandDefinition(
                $"select id, name, name_key from {table} order by id", transaction: tx, cancellationToken: ct))).ToList();
            var owners = rows.Where(r => r.Key is not null).ToDictionary(r => r.Key!, r => r, StringComparer.Ordinal);
            foreach (var row in rows.Where(r => r.Key is null))
            {
                var key = NameKey.Of(row.Name);
                if (owners.TryGetValue(key, out var first))
                {
                    duplicates.Add($"{kind} '{row.Name}' (#{row.Id}) duplicates '{first.Name}' (#{first.Id})");
                    key = $"{key} #{row.Id}";
                }
                else owners[key] = row;
                await conn.ExecuteAsync(new CommandDefinition($"update {table} set name_key = @key where id = @id", new { key, id = row.Id }, tx, cancellationToken: ct));
            }
            await tx.CommitAsync(ct);
        }
        return duplicates;
    }
}
