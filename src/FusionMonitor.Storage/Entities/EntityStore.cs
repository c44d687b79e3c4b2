using System.Data.Common;
using Dapper;
using FusionMonitor.Core.Entities;
using FusionMonitor.Core.Text;

namespace FusionMonitor.Storage.Entities;

/// <summary>Brands, influencers and the pairs between them.</summary>
public sealed class EntityStore(FusionDatabase db)
{
    public Task<Brand> AddBrandAsync(string name, IReadOnlyList<string>? aliases = null, IReadOnlyList<string>? keywords = null,
        IReadOnlyList<string>? excludes = null, CancellationToken ct = default) =>
        SaveBrandAsync(null, name, aliases, keywords, excludes, ct)!;

    /// <summary>Replaces brand <paramref name="id"/>'s name, aliases, keywords and excludes, and its enabled flag when
    /// given (null: kept); null when there is no such brand.</summary>
    public Task<Brand?> UpdateBrandAsync(long id, string name, IReadOnlyList<string>? aliases = null, IReadOnlyList<string>? keywords = null,
        IReadOnlyList<string>? excludes = null, CancellationToken ct = default, bool? enabled = null) =>
        SaveBrandAsync(id, name, aliases, keywords, excludes, ct, enabled);

    private async Task<Brand?> SaveBrandAsync(long? id, string name, IReadOnlyList<string>? aliases, IReadOnlyList<string>? keywords,
        IReadOnlyList<string>? excludes, CancellationToken ct, bool? enabled = null)
    {
        StoredText.Require("name", name);
        StoredText.Require("aliases, keywords and excludes", [.. aliases ?? [], .. keywords ?? [], .. excludes ?? []]);
        var brand = new Brand(id ?? 0, name.Trim(), Clean(aliases), Clean(keywords), Clean(excludes));
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(conn, ct);
        if (id is { } existing)
        {
            if (await conn.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(
                    "select enabled from brands where id = @existing", new { existing }, tx, cancellationToken: ct)) is not { } was)
                return null;
            brand = brand with { Enabled = enabled ?? was };
        }
        await NameClashes.CheckAsync(conn, tx, isBrand: true, id, brand.Name, brand.Aliases, ct);
        var args = new
        {
            id, name = brand.Name, key = NameKey.Of(brand.Name), aliases = Json.Write(brand.Aliases), keywords = Json.Write(brand.Keywords),
            excludes = Json.Write(brand.Excludes), enabled = brand.Enabled, now = DateTimeOffset.UtcNow,
        };
        try
        {
            if (id is null)
                brand = brand with
                {
                    Id = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
                        "insert into brands (name, name_key, aliases, keywords, excludes, created_at) values (@name, @key, @aliases, @keywords, @excludes, @now) returning id",
                        args, tx, cancellationToken: ct)),
                };
            else
                await conn.ExecuteAsync(new CommandDefinition(
                    "update brands set name = @name, name_key = @key, aliases = @aliases, keywords = @keywords, excludes = @excludes, enabled = @enabled where id = @id",
                    args, tx, cancellationToken: ct));
            await NameClashes.WriteTermsAsync(conn, tx, isBrand: true, brand.Id, brand.Name, brand.Aliases, ct);
            await tx.CommitAsync(ct);
            return brand;
        }
        catch (DbException e) when (UniqueViolation.Is(e))
        {
            throw new DuplicateNameException($"A brand named '{brand.Name}' already exists (names are unique ignoring case and accents).");
        }
    }

    public Task<Influencer> AddInfluencerAsync(string name, IReadOnlyDictionary<string, string>? handles = null,
        IReadOnlyList<string>? aliases = null, CancellationToken ct = default) =>
        SaveInfluencerAsync(null, name, handles, aliases, ct)!;

    /// <summary>Replaces influencer <paramref name="id"/>'s name, handles and aliases, and its enabled flag when given
    /// (null: kept); null when there is no such influencer.</summary>
    public Task<Influencer?> UpdateInfluencerAsync(long id, string name, IReadOnlyDictionary<string, string>? handles = null,
        IReadOnlyList<string>? aliases = null, CancellationToken ct = default, bool? enabled = null) =>
        SaveInfluencerAsync(id, name, handles, aliases, ct, enabled);

    private async Task<Influencer?> SaveInfluencerAsync(long? id, string name, IReadOnlyDictionary<string, string>? handles,
        IReadOnlyList<string>? aliases, CancellationToken ct, bool? enabled = null)
    {
        StoredText.Require("name", name);
        StoredText.Require("aliases and handles", [.. aliases ?? [], .. handles?.Keys ?? [], .. handles?.Values ?? []]);
        var cleanHandles = (handles ?? new Dictionary<string, string>())
            .Where(kv => !string.IsNullOrWhiteSpace(kv.Key) && !string.IsNullOrWhiteSpace(kv.Value))
            .ToDictionary(kv => kv.Key.Trim().ToLowerInvariant(), kv => kv.Value.Trim().TrimStart('@'));
        var influencer = new Influencer(id ?? 0, name.Trim(), Clean(aliases), cleanHandles);
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(conn, ct);
        if (id is { } existing)
        {
            if (await conn.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(
                    "select enabled from influencers where id = @existing", new { existing }, tx, cancellationToken: ct)) is not { } was)
                return null;
            influencer = influencer with { Enabled = enabled ?? was };
        }
        await NameClashes.CheckAsync(conn, tx, isBrand: false, id, influencer.Name, influencer.Aliases, ct);
        var args = new
        {
            id, name = influencer.Name, key = NameKey.Of(influencer.Name), aliases = Json.Write(influencer.Aliases), handles = Json.Write(cleanHandles),
            enabled = influencer.Enabled, now = DateTimeOffset.UtcNow,
        };
        try
        {
            if (id is null)
                influencer = influencer with
                {
                    Id = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
                        "insert into influencers (name, name_key, aliases, handles, created_at) values (@name, @key, @aliases, @handles, @now) returning id",
                        args, tx, cancellationToken: ct)),
                };
            else
                await conn.ExecuteAsync(new CommandDefinition(
                    "update influencers set name = @name, name_key = @key, aliases = @aliases, handles = @handles, enabled = @enabled where id = @id",
                    args, tx, cancellationToken: ct));
            await NameClashes.WriteTermsAsync(conn, tx, isBrand: false, influencer.Id, influencer.Name, influencer.Aliases, ct);
            await tx.CommitAsync(ct);
            return influencer;
        }
        catch (DbException e) when (UniqueViolation.Is(e))
        {
            throw new DuplicateNameException($"An influencer named '{influencer.Name}' already exists (names are unique ignoring case and accents).");
        }
    }

    public async Task<Brand?> BrandAsync(long id, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<BrandRow>(new CommandDefinition(
            "select id, name, aliases, keywords, excludes, enabled from brands where id = @id", new { id }, cancellationToken: ct));
        return row?.ToBrand();
    }

    public async Task<Influencer?> InfluencerAsync(long id, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<InfluencerRow>(new CommandDefinition(
            "select id, name, aliases, handles, enabled from influencers where id = @id", new { id }, cancellationToken: ct));
        return row?.ToInfluencer();
    }

    /// <summary>Creates the pair, or returns the existing one for the same brand and influencer.</summary>
    public async Task<Pair> AddPairAsync(long brandId, long influencerId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var existing = await conn.QuerySingleOrDefaultAsync<PairRow>(new CommandDefinition(
            "select id, brand_id, influencer_id, enabled from pairs where brand_id = @brandId and influencer_id = @influencerId",
            new { brandId, influencerId }, cancellationToken: ct));
        if (existing is not null) return existing.ToPair();
        var brandOk = await conn.ExecuteScalarAsync<long>(new CommandDefinition("select count(*) from brands where id = @brandId", new { brandId }, cancellationToken: ct));
        if (brandOk == 0) throw new KeyNotFoundException($"brand {brandId} does not exist");
        var infOk = await conn.ExecuteScalarAsync<long>(new CommandDefinition("select count(*) from influencers where id = @influencerId", new { influencerId }, cancellationToken: ct));
        if (infOk == 0) throw new KeyNotFoundException($"influencer {influencerId} does not exist");
        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "insert into pairs (brand_id, influencer_id, created_at) values (@brandId, @influencerId, @now) on conflict (brand_id, influencer_id) do update set brand_id = excluded.brand_id returning id",
            new { brandId, influencerId, now = DateTimeOffset.UtcNow }, cancellationToken: ct));
        return new Pair(id, brandId, influencerId);
    }

    public async Task<IReadOnlyList<Brand>> BrandsAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<BrandRow>(new CommandDefinition("select id, name, aliases, keywords, excludes, enabled from brands order by id", cancellationToken: ct));
        return rows.Select(r => r.ToBrand()).ToList();
    }

    public async Task<IReadOnlyList<Influencer>> InfluencersAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<InfluencerRow>(new CommandDefinition("select id, name, aliases, handles, enabled from influencers order by id", cancellationToken: ct));
        return rows.Select(r => r.ToInfluencer()).ToList();
    }

    public async Task<IReadOnlyList<Pair>> PairsAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<PairRow>(new CommandDefinition("select id, brand_id, influencer_id, enabled from pairs order by id", cancellationToken: ct));
        return rows.Select(r => r.ToPair()).ToList();
    }

    public async Task<Pair?> PairAsync(long id, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<PairRow>(new CommandDefinition(
            "select id, brand_id, influencer_id, enabled from pairs where id = @id", new { id }, cancellationToken: ct));
        return row?.ToPair();
    }

    /// <summary>
    /// Pauses or resumes pair <paramref name="id"/> in the caller's transaction: the pair as it is now and whether it
    /// was enabled before, or null when there is none (the row is read first, so a resume can be told from a repeat).
    /// </summary>
    public static async Task<(Pair Pair, bool WasEnabled)?> SetPairEnabledAsync(DbConnection conn, DbTransaction tx, long id, bool enabled, CancellationToken ct)
    {
        var before = await conn.QuerySingleOrDefaultAsync<PairRow>(new CommandDefinition(
            "select id, brand_id, influencer_id, enabled from pairs where id = @id", new { id }, tx, cancellationToken: ct));
        if (before is null) return null;
        await conn.ExecuteAsync(new CommandDefinition("update pairs set enabled = @enabled where id = @id", new { id, enabled }, tx, cancellationToken: ct));
        return (before.ToPair() with { Enabled = enabled }, before.Enabled);
    }

    /// <summary>The tracked pairs among (brand, influencer) combinations.</summary>
    public async Task<IReadOnlyList<Pair>> PairsOfKeysAsync(IReadOnlyCollection<(long BrandId, long InfluencerId)> keys, CancellationToken ct = default)
    {
        if (keys.Count == 0) return [];
        await using var conn = await db.OpenAsync(ct);
        return await PairsOfKeysAsync(conn, null, keys, ct);
    }

    /// <summary>The tracked pairs among (brand, influencer) combinations, in the caller's transaction (which touched pair scopes are tracked).</summary>
    public async Task<IReadOnlyList<Pair>> PairsOfKeysAsync(DbConnection conn, DbTransaction? tx, IReadOnlyCollection<(long BrandId, long InfluencerId)> keys,
        CancellationToken ct)
    {
        if (keys.Count == 0) return [];
        if (db.Kind == DatabaseKind.Postgres)
        {
            // One look-up per key on the (brand, influencer) index: as a plain join the planner, expecting few matches,
            // merged the keys with a full scan of the influencer index at 500,000 pairs (docs/benchmarks.md, "Cost at scale").
            var rows = await conn.QueryAsync<PairRow>(new CommandDefinition(
                """
                select p.id, p.brand_id, p.influencer_id, p.enabled from unnest(@brands, @influencers) as k(brand_id, influencer_id)
                cross join lateral (select id, brand_id, influencer_id, enabled from pairs where brand_id = k.brand_id and influencer_id = k.influencer_id limit 1) p
                """, new { brands = keys.Select(k => k.BrandId).ToArray(), influencers = keys.Select(k => k.InfluencerId).ToArray() }, tx, cancellationToken: ct));
            return rows.Select(r => r.ToPair()).ToList();
        }
        var result = new List<Pair>();
        foreach (var chunk in keys.Chunk(400))
        {
            var p = new DynamicParameters();
            var values = chunk.Select((k, i) => { p.Add($"b{i}", k.BrandId); p.Add($"i{i}", k.InfluencerId); return $"(@b{i}, @i{i})"; });
            result.AddRange((await conn.QueryAsync<PairRow>(new CommandDefinition(
                $"""
                with k(brand_id, influencer_id) as (values {string.Join(", ", values)})
                select p.id, p.brand_id, p.influencer_id, p.enabled from pairs p join k on p.brand_id = k.brand_id and p.influencer_id = k.influencer_id
                """, p, tx, cancellationToken: ct))).Select(r => r.ToPair()));
        }
        return result;
    }

    /// <summary>Every pair of the given brands and of the given influencers (the pairs a shared scope's change reaches), by id.</summary>
    public async Task<IReadOnlyList<Pair>> PairsOfAsync(DbConnection conn, DbTransaction? tx, IReadOnlyCollection<long> brandIds, IReadOnlyCollection<long> influencerIds,
        CancellationToken ct)
    {
        if (brandIds.Count == 0 && influencerIds.Count == 0) return [];
        var any = db.Kind == DatabaseKind.Postgres ? ("= any(@brands)", "= any(@influencers)") : ("in @brands", "in @influencers");
        var rows = await conn.QueryAsync<PairRow>(new CommandDefinition(
            $"""
            select id, brand_id, influencer_id, enabled from pairs where brand_id {any.Item1}
            union
            select id, brand_id, influencer_id, enabled from pairs where influencer_id {any.Item2}
            """, new { brands = brandIds.Distinct().ToArray(), influencers = influencerIds.Distinct().ToArray() }, tx, cancellationToken: ct));
        return rows.Select(r => r.ToPair()).OrderBy(p => p.Id).ToList();
    }

    /// <summary>The pairs with the given ids that exist, by id.</summary>
    public async Task<IReadOnlyList<Pair>> PairsByIdsAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await PairsByIdsAsync(conn, null, ids, ct);
    }

    /// <summary>The pairs with the given ids that exist, by id, in the caller's transaction.</summary>
    public async Task<IReadOnlyList<Pair>> PairsByIdsAsync(DbConnection conn, DbTransaction? tx, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var rows = await conn.QueryAsync<PairRow>(new CommandDefinition(
            $"select id, brand_id, influencer_id, enabled from pairs where id {(db.Kind == DatabaseKind.Postgres ? "= any(@ids)" : "in @ids")} order by id",
            new { ids = ids.Distinct().ToArray() }, tx, cancellationToken: ct));
        return rows.Select(r => r.ToPair()).ToList();
    }

    /// <summary>How many pairs one brand has (an index range).</summary>
    public async Task<int> CountOfBrandAsync(long brandId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<int>(new CommandDefinition("select count(*) from pairs where brand_id = @brandId", new { brandId }, cancellationToken: ct));
    }

    /// <summary>One brand's pairs, by id.</summary>
    public async Task<IReadOnlyList<Pair>> PairsOfBrandAsync(long brandId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<PairRow>(new CommandDefinition(
            "select id, brand_id, influencer_id, enabled from pairs where brand_id = @brandId order by id", new { brandId }, cancellationToken: ct));
        return rows.Select(r => r.ToPair()).ToList();
    }

    /// <summary>
    /// A page of pairs after <paramref name="afterId"/> by id (ascending, or descending — newest first — from
    /// <paramref name="afterId"/> 0 meaning the top), limited to <paramref name="brandIds"/> when given (a reader's
    /// brand scope). Keyset-paged on the primary key: a deep page costs what a first one does.
    /// </summary>
    public async Task<IReadOnlyList<Pair>> PairsPageAsync(long afterId, int limit, IReadOnlyList<long>? brandIds, bool newestFirst = false, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var scope = brandIds is null ? "" : db.Kind == DatabaseKind.Postgres ? "and brand_id = any(@brandIds)" : "and brand_id in @brandIds";
        var (from, order) = newestFirst ? (afterId > 0 ? "id < @afterId" : "true", "id desc") : ("id > @afterId", "id");
        var rows = await conn.QueryAsync<PairRow>(new CommandDefinition(
            $"select id, brand_id, influencer_id, enabled from pairs where {from} {scope} order by {order} limit @limit",
            new { afterId, limit, brandIds = brandIds?.ToArray() }, cancellationToken: ct));
        return rows.Select(r => r.ToPair()).ToList();
    }

    private static List<string> Clean(IReadOnlyList<string>? items) =>
        (items ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private sealed class BrandRow
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string? Aliases { get; set; }
        public string? Keywords { get; set; }
        public string? Excludes { get; set; }
        public bool Enabled { get; set; } = true;
        public Brand ToBrand() => new(Id, Name, Json.Read<List<string>>(Aliases, []), Json.Read<List<string>>(Keywords, []), Json.Read<List<string>>(Excludes, []), Enabled);
    }

    private sealed class InfluencerRow
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string? Aliases { get; set; }
        public string? Handles { get; set; }
        public bool Enabled { get; set; } = true;
        public Influencer ToInfluencer() => new(Id, Name, Json.Read<List<string>>(Aliases, []), Json.Read<Dictionary<string, string>>(Handles, []), Enabled);
    }

    private sealed class PairRow
    {
        public long Id { get; set; }
        public long BrandId { get; set; }
        public long InfluencerId { get; set; }
        public bool Enabled { get; set; } = true;
        public Pair ToPair() => new(Id, BrandId, InfluencerId, Enabled);
    }
}

/// <summary>An entity with the same unique name exists already.</summary>
public sealed class DuplicateNameException(string message) : Exception(message);

internal static class UniqueViolation
{
    public static bool Is(DbException e) => e switch
    {
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.Sqlite.SqliteException lite => lite.SqliteErrorCode == 19, // SQLITE_CONSTRAINT
        _ => false,
    };
}
