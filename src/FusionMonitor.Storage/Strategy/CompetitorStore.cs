using Dapper;

namespace FusionMonitor.Storage.Strategy;

/// <summary>The competitors each brand names (<c>brand_competitors</c>, migration 0025), read and replaced by brand on its key.</summary>
public sealed class CompetitorStore(FusionDatabase db)
{
    /// <summary>The most competitors a brand names.</summary>
    public const int Max = 10;

    public async Task<IReadOnlyList<long>> OfAsync(long brandId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<long>(new CommandDefinition(
            "select competitor_id from brand_competitors where brand_id = @brandId order by competitor_id", new { brandId }, cancellationToken: ct))).ToList();
    }

    /// <summary>Replaces the brand's competitors (existing brands, not itself: the caller checks).</summary>
    public async Task SetAsync(long brandId, IReadOnlyCollection<long> competitorIds, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(conn, ct);
        await conn.ExecuteAsync(new CommandDefinition("delete from brand_competitors where brand_id = @brandId", new { brandId }, tx, cancellationToken: ct));
        foreach (var id in competitorIds.Distinct())
            await conn.ExecuteAsync(new CommandDefinition(
                "insert into brand_competitors (brand_id, competitor_id) values (@brandId, @id)", new { brandId, id }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }
}
