using Dapper;
using FusionMonitor.Core.Strategy;

namespace FusionMonitor.Storage.Strategy;

/// <summary>A stored goal: a target score for a pair (and its brand) or a brand by a date, with milestones.</summary>
public sealed record GoalRecord(long Id, long BrandId, long? PairId, double Target, DateTimeOffset By, IReadOnlyList<Milestone> Milestones,
    DateTimeOffset CreatedAt, string? CreatedBy);

/// <summary>Goals (<c>goals</c>, migration 0013): read by id or by brand, each on an index; they go with their pair or brand.</summary>
public sealed class GoalStore(FusionDatabase db)
{
    public async Task<GoalRecord> AddAsync(long brandId, long? pairId, double target, DateTimeOffset by, IReadOnlyList<Milestone> milestones,
        DateTimeOffset now, string? createdBy, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            insert into goals (brand_id, pair_id, target, by_at, milestones, created_at, created_by)
            values (@brandId, @pairId, @target, @by, @milestones, @now, @createdBy) returning id
            """, new { brandId, pairId, target, by, milestones = Json.Write(milestones), now, createdBy }, cancellationToken: ct));
        return new GoalRecord(id, brandId, pairId, target, by, milestones, now, createdBy);
    }

    public async Task<GoalRecord?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"select {Columns} from goals where id = @id", new { id }, cancellationToken: ct));
        return row?.ToRecord();
    }

    /// <summary>A brand's goals (its own and its pairs'), oldest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<GoalRecord>> OfBrandAsync(long brandId, int limit, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition(
            $"select {Columns} from goals where brand_id = @brandId order by id limit @limit", new { brandId, limit }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("delete from goals where id = @id", new { id }, cancellationToken: ct)) > 0;
    }

    private const string Columns =
        "id as Id, brand_id as BrandId, pair_id as PairId, target as Target, by_at as ByAt, milestones as Milestones, created_at as CreatedAt, created_by as CreatedBy";

    private sealed class Row
    {
        public long Id { get; set; }
        public long BrandId { get; set; }
        public long? PairId { get; set; }
        public double Target { get; set; }
        public DateTimeOffset ByAt { get; set; }
        public string Milestones { get; set; } = "[]";
        public DateTimeOffset CreatedAt { get; set; }
        public string? CreatedBy { get; set; }

        public GoalRecord ToRecord() => new(Id, BrandId, PairId, Target, ByAt, Json.Read<List<Milestone>>(Milestones, []), CreatedAt, CreatedBy);
    }
}
