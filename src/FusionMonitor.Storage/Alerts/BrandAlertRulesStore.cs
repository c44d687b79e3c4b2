using System.Data.Common;
using Dapper;

namespace FusionMonitor.Storage.Alerts;

/// <summary>A brand's own alert rules: the named differences from the configured rules (a JSON object), who set them and when.</summary>
public sealed record BrandAlertRulesRow(long BrandId, string Rules, DateTimeOffset UpdatedAt, string? UpdatedBy);

/// <summary>
/// The alert rules brands' teams set (<c>brand_alert_rules</c>): one row per brand that differs from the configured
/// rules. The table holds at most one row per brand, so the evaluation cycle reads it whole.
/// </summary>
public sealed class BrandAlertRulesStore(FusionDatabase db)
{
    private const string Columns = "brand_id as BrandId, rules as Rules, updated_at as UpdatedAt, updated_by as UpdatedBy";

    /// <summary>Every brand's stored rules, in the caller's transaction (the evaluation cycle's).</summary>
    public static async Task<IReadOnlyList<BrandAlertRulesRow>> AllAsync(DbConnection conn, DbTransaction? tx, CancellationToken ct) =>
        (await conn.QueryAsync<BrandAlertRulesRow>(new CommandDefinition($"select {Columns} from brand_alert_rules order by brand_id", transaction: tx, cancellationToken: ct))).ToList();

    /// <inheritdoc cref="AllAsync(DbConnection, DbTransaction?, CancellationToken)"/>
    public async Task<IReadOnlyList<BrandAlertRulesRow>> AllAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await AllAsync(conn, null, ct);
    }

    /// <summary>One brand's stored rules; null when it uses the configured ones.</summary>
    public async Task<BrandAlertRulesRow?> GetAsync(long brandId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<BrandAlertRulesRow>(new CommandDefinition(
            $"select {Columns} from brand_alert_rules where brand_id = @brandId", new { brandId }, cancellationToken: ct));
    }

    /// <summary>
    /// Replaces a brand's stored rules with <paramref name="rules"/> (a JSON object of differences, already checked);
    /// <c>{}</c> removes the row, so the brand follows the configured rules again. False when the brand does not exist.
    /// </summary>
    public async Task<bool> SaveAsync(long brandId, string rules, DateTimeOffset now, string? by, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(conn, ct);
        if (await conn.ExecuteScalarAsync<long?>(new CommandDefinition("select id from brands where id = @brandId", new { brandId }, tx, cancellationToken: ct)) is null)
            return false;
        if (rules.Trim() == "{}")
            await conn.ExecuteAsync(new CommandDefinition("delete from brand_alert_rules where brand_id = @brandId", new { brandId }, tx, cancellationToken: ct));
        else
            await conn.ExecuteAsync(new CommandDefinition(
                """
                insert into brand_alert_rules (brand_id, rules, updated_at, updated_by) values (@brandId, @rules, @now, @by)
                on conflict (brand_id) do update set rules = excluded.rules, updated_at = excluded.updated_at, updated_by = excluded.updated_by
                """, new { brandId, rules, now, by }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return true;
    }
}
