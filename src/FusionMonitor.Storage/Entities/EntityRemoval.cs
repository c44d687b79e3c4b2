using System.Data.Common;
using Dapper;
using FusionMonitor.Core.Alerts;
using FusionMonitor.Core.Scoring;

namespace FusionMonitor.Storage.Entities;

/// <summary>
/// Deleting a brand, an influencer or a pair, each in one write transaction, so that afterwards nothing reads it and
/// nothing it held moves a score. The entity row goes first (the catalogue trigger moves <c>catalog_version</c> and
/// takes the catalogue lock exclusively, so no ingest that matched with the old catalogue commits after this; every
/// instance rebuilds its matcher on the notification), then what hangs off it:
/// <list type="bullet">
/// <item>a brand: its pairs (and with them their scores and score history), its links to stored mentions, its own and
/// its pairs' score scopes, unscored counts and spill-over marks, its hourly rollups and its pairs' rollups and
/// five-minute volumes, its alerts and alert streams;</item>
/// <item>an influencer: the same for her pairs and her own scope, and her links to stored mentions;</item>
/// <item>a pair: its score and history, rollups, volumes, alerts and streams (the co-mention scope of the brand and
/// influencer stays, as it does for any untracked combination, so re-adding the pair reads the co-mentions again).</item>
/// </list>
/// No other scope needs a rebuild: a brand's scope reads only the mentions naming that brand, an influencer's only those
/// naming her, a pair's only their co-mentions (<see cref="ScoreUpdate.CountedScopes"/>), so removing one entity's links
/// leaves every other scope's accumulator exactly as ingesting the mentions afresh would. Stored mentions themselves are
/// kept (another brand or influencer may be named in them; the listing shows them without the deleted link).
/// Cost: the deleted entity's pairs and links, never the store's.
/// </summary>
public sealed class EntityRemoval(FusionDatabase db)
{
    /// <summary>Deletes brand <paramref name="id"/> and everything hanging off it; false when there was none.</summary>
    public async Task<bool> DeleteBrandAsync(long id, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(conn, ct);
        var pairs = (await conn.QueryAsync<long>(new CommandDefinition("select id from pairs where brand_id = @id", new { id }, tx, cancellationToken: ct))).ToArray();
        if (await conn.ExecuteAsync(new CommandDefinition("delete from brands where id = @id", new { id }, tx, cancellationToken: ct)) == 0) return false;
        await NameClashes.DeleteTermsAsync(conn, tx, isBrand: true, id, ct);
        await conn.ExecuteAsync(new CommandDefinition("delete from mention_brands where brand_id = @id", new { id }, tx, cancellationToken: ct));
        foreach (var table in ScopeTables)
            await conn.ExecuteAsync(new CommandDefinition($"delete from {table} where kind in (@pair, @brand) and brand_id = @id",
                new { id, pair = (int)ScopeKind.Pair, brand = (int)ScopeKind.Brand }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition("delete from rollup_brand_hourly where brand_id = @id", new { id }, tx, cancellationToken: ct));
        await Strategy.StrategyRollupStore.DeleteBrandAsync(conn, tx, id, ct);
        await conn.ExecuteAsync(new CommandDefinition("delete from alert_events where alert_id in (select id from alerts where brand_id = @id)", new { id }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition("delete from alerts where brand_id = @id", new { id }, tx, cancellationToken: ct));
        await RemovePairStateAsync(conn, tx, pairs, ct);
        await DeleteVolumesAndStreamsAsync(conn, tx, [new VolumeScope(VolumeScopeKind.Brand, id).ToString()], [.. Streams(id, null)], ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>Deletes influencer <paramref name="id"/> and everything hanging off her; false when there was none.</summary>
    public async Task<bool> DeleteInfluencerAsync(long id, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(conn, ct);
        var pairs = (await conn.QueryAsync<long>(new CommandDefinition("select id from pairs where influencer_id = @id", new { id }, tx, cancellationToken: ct))).ToArray();
        if (await conn.ExecuteAsync(new CommandDefinition("delete from influencers where id = @id", new { id }, tx, cancellationToken: ct)) == 0) return false;
        await NameClashes.DeleteTermsAsync(conn, tx, isBrand: false, id, ct);
        // Her co-mention scopes, by key: the brands her mentions name (the link tables' keys lead there).
        var coBrands = (await conn.QueryAsync<long>(new CommandDefinition(
            """
            select distinct b.brand_id from mention_influencers i join mention_brands b on b.mention_id = i.mention_id
            where i.influencer_id = @id
            """, new { id }, tx, cancellationToken: ct))).ToList();
        coBrands.AddRange(await conn.QueryAsync<long>(new CommandDefinition("select brand_id from pairs where influencer_id = @id", new { id }, tx, cancellationToken: ct)));
        var keys = coBrands.Distinct().Select(b => ScopeKey.ForPair(b, id)).Append(ScopeKey.ForInfluencer(id))
            .Select(k => new { Kind = (int)k.Kind, k.BrandId, k.InfluencerId }).ToList();
        foreach (var table in ScopeTables)
            await conn.ExecuteAsync(new CommandDefinition(
                $"delete from {table} where kind = @Kind and brand_id = @BrandId and influencer_id = @InfluencerId", keys, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition("delete from mention_influencers where influencer_id = @id", new { id }, tx, cancellationToken: ct));
        await RemovePairStateAsync(conn, tx, pairs, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>Deletes pair <paramref name="id"/> with its score, history, rollups and alerts; false when there was none.</summary>
    public async Task<bool> DeletePairAsync(long id, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(conn, ct);
        if (await conn.ExecuteAsync(new CommandDefinition("delete from pairs where id = @id", new { id }, tx, cancellationToken: ct)) == 0) return false;
        await RemovePairStateAsync(conn, tx, [id], ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>The tables keyed by score scope (kind, brand, influencer).</summary>
    private static readonly string[] ScopeTables = ["score_scopes", "unscored_counts", "score_spillover"];

    /// <summary>What deleted pairs leave beside the rows their foreign keys cascade (score, history): rollups, five-minute
    /// volumes, alerts and alert streams.</summary>
    private async Task RemovePairStateAsync(DbConnection conn, DbTransaction tx, long[] pairIds, CancellationToken ct)
    {
        if (pairIds.Length == 0) return;
        var any = db.Kind == DatabaseKind.Postgres ? "= any(@pairIds)" : "in @pairIds";
        foreach (var table in new[] { "rollup_pair_hourly", "rollup_pair_daily", "score_history", "score_history_daily", "score_recent", "score_latest" })
            await conn.ExecuteAsync(new CommandDefinition($"delete from {table} where pair_id {any}", new { pairIds }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition($"delete from alert_events where alert_id in (select id from alerts where pair_id {any})", new { pairIds }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition($"delete from alerts where pair_id {any}", new { pairIds }, tx, cancellationToken: ct));
        await DeleteVolumesAndStreamsAsync(conn, tx, [.. pairIds.Select(p => new VolumeScope(VolumeScopeKind.Pair, p).ToString())],
            [.. pairIds.SelectMany(p => Streams(0, p))], ct);
    }

    private async Task DeleteVolumesAndStreamsAsync(DbConnection conn, DbTransaction tx, string[] volumeScopes, string[] streams, CancellationToken ct)
    {
        var (inScopes, inKeys) = db.Kind == DatabaseKind.Postgres ? ("= any(@volumeScopes)", "= any(@streams)") : ("in @volumeScopes", "in @streams");
        await conn.ExecuteAsync(new CommandDefinition($"delete from rollup_volume_5m where scope {inScopes}", new { volumeScopes }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition($"delete from alert_states where key {inKeys}", new { streams }, tx, cancellationToken: ct));
    }

    /// <summary>The alert stream keys of a brand's own alerts (<paramref name="pairId"/> null) or of a pair's.</summary>
    private static IEnumerable<string> Streams(long brandId, long? pairId) =>
        Enum.GetValues<AlertKind>().Select(k => AlertSignal.KeyFor(k, brandId, pairId));
}
