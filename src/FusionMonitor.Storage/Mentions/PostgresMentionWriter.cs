using FusionMonitor.Core.Mentions;
using Npgsql;
using NpgsqlTypes;

namespace FusionMonitor.Storage.Mentions;

/// <summary>
/// PostgreSQL bulk path. Ids are reserved from the mentions sequence first (a duplicate leaves its id unused), so
/// links can be written without reading ids back. The fast path skips keys already stored and COPYs the rest straight
/// into the tables; when a concurrent writer wins a key in between, it falls back to binary COPY into a
/// session-temporary staging table and one idempotent <c>INSERT … ON CONFLICT DO NOTHING</c> with the links.
/// </summary>
internal static class PostgresMentionWriter
{
    private const string CreateStage = """
        create temp table if not exists mention_stage (
            ord int4, id int8, source text, external_id text, url text, author_handle text, author_name text, author_followers int8,
            text text, lang text, created_at timestamptz, ingested_at timestamptz, likes int8, reposts int8, replies int8,
            rating int2, label int2, p_neg float4, p_neu float4, p_pos float4, model_version text, matched bool,
            author_influencer_id int8, scored bool, targets text, author_following int8, author_posts int8, author_created_at timestamptz,
            brand_ids int8[], influencer_ids int8[]
        ) on commit delete rows
        """;

    private const string Merge = """
        with ins as (
            insert into mentions (id, source, external_id, url, author_handle, author_name, author_followers, text, lang, created_at,
                ingested_at, likes, reposts, replies, rating, label, p_neg, p_neu, p_pos, model_version, matched, author_influencer_id, scored, targets, author_following, author_posts, author_created_at)
            select id, source, external_id, url, author_handle, author_name, author_followers, text, lang, created_at,
                ingested_at, likes, reposts, replies, rating, label, p_neg, p_neu, p_pos, model_version, matched, author_influencer_id, scored, targets, author_following, author_posts, author_created_at
            from mention_stage
            on conflict (source, external_id) do nothing
            returning id
        ), kept as (
            select s.id, s.ord, s.brand_ids, s.influencer_ids from mention_stage s join ins on ins.id = s.id
        ), b as (
            insert into mention_brands (mention_id, brand_id) select kept.id, unnest(kept.brand_ids) from kept
        ), i as (
            insert into mention_influencers (mention_id, influencer_id) select kept.id, unnest(kept.influencer_ids) from kept
        )
        select id, ord from kept
        """;

    /// <summary>
    /// The fast path: drop the rows whose key is stored already, then COPY the rest straight into <c>mentions</c> and
    /// the link tables under a savepoint. If another writer stored one of the same keys in between, the COPY fails on
    /// the unique key, the savepoint is rolled back, and the staged, conflict-tolerant path does the batch instead.
    /// </summary>
    public static async Task<List<StoredMention>> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx,
        IReadOnlyList<(int Index, ScoredMention M)> rows, CancellationToken ct)
    {
        var existing = new HashSet<(string, string)>();
        await using (var check = new NpgsqlCommand(
            "select m.source, m.external_id from mentions m join unnest(@s, @e) as k(source, external_id) on m.source = k.source and m.external_id = k.external_id", conn, tx))
        {
            check.Parameters.AddWithValue("s", rows.Select(r => r.M.Mention.Source).ToArray());
            check.Parameters.AddWithValue("e", rows.Select(r => r.M.Mention.ExternalId).ToArray());
            await using var r = await check.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) existing.Add((r.GetString(0), r.GetString(1)));
        }
        var fresh = rows.Where(r => !existing.Contains((r.M.Mention.Source, r.M.Mention.ExternalId))).ToList();
        if (fresh.Count == 0) return [];

        var ids = await ReserveIdsAsync(conn, tx, fresh.Count, ct);
        await tx.SaveAsync("bulk", ct);
        try
        {
            await CopyAsync(conn, "mentions (id, source, external_id, url, author_handle, author_name, author_followers, text, lang, created_at, ingested_at, likes, reposts, replies, rating, label, p_neg, p_neu, p_pos, model_version, matched, author_influencer_id, scored, targets, author_following, author_posts, author_created_at)",
                fresh, ids, withOrdAndLinks: false, ct);
            await CopyLinksAsync(conn, "mention_brands (mention_id, brand_id)", fresh.Select((r, k) => (ids[k], r.M.BrandIds)), ct);
            await CopyLinksAsync(conn, "mention_influencers (mention_id, influencer_id)", fresh.Select((r, k) => (ids[k], r.M.InfluencerIds)), ct);
            await tx.ReleaseAsync("bulk", ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await tx.RollbackAsync("bulk", ct);
            return await StagedInsertAsync(conn, tx, fresh, ct);
        }
        return fresh.Select((r, k) => new StoredMention(ids[k], r.Index, r.M)).ToList();
    }

    private static async Task<long[]> ReserveIdsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int count, CancellationToken ct)
    {
        var ids = new long[count];
        await using var reserve = new NpgsqlCommand("select nextval(pg_get_serial_sequence('mentions', 'id')) from generate_series(1, @n)", conn, tx);
        reserve.Parameters.AddWithValue("n", count);
        await using var r = await reserve.ExecuteReaderAsync(ct);
        for (var k = 0; await r.ReadAsync(ct); k++) ids[k] = r.GetInt64(0);
        return ids;
    }

    private static async Task CopyLinksAsync(NpgsqlConnection conn, string target, IEnumerable<(long Id, IReadOnlyList<long> Entities)> links, CancellationToken ct)
    {
        await using var w = await conn.BeginBinaryImportAsync($"copy {target} from stdin (format binary)", ct);
        foreach (var (id, entities) in links)
        {
            foreach (var e in entities.Distinct())
            {
                await w.StartRowAsync(ct);
                await w.WriteAsync(id, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(e, NpgsqlDbType.Bigint, ct);
            }
        }
        await w.CompleteAsync(ct);
    }

    /// <summary>The conflict-tolerant path: COPY into staging, then one INSERT … ON CONFLICT DO NOTHING with the links.</summary>
    private static async Task<List<StoredMention>> StagedInsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx,
        IReadOnlyList<(int Index, ScoredMention M)> rows, CancellationToken ct)
    {
        await using (var create = new NpgsqlCommand(CreateStage + ";\nset local work_mem = '64MB'", conn, tx)) await create.ExecuteNonQueryAsync(ct);
        var ids = await ReserveIdsAsync(conn, tx, rows.Count, ct);

        await CopyAsync(conn, "mention_stage (ord, id, source, external_id, url, author_handle, author_name, author_followers, text, lang, created_at, ingested_at, likes, reposts, replies, rating, label, p_neg, p_neu, p_pos, model_version, matched, author_influencer_id, scored, targets, author_following, author_posts, author_created_at, brand_ids, influencer_ids)",
            rows, ids, withOrdAndLinks: true, ct);

        var byIndex = rows.ToDictionary(r => r.Index, r => r.M);
        var stored = new List<StoredMention>(rows.Count);
        await using (var merge = new NpgsqlCommand(Merge, conn, tx))
        await using (var reader = await merge.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var ord = reader.GetInt32(1);
                stored.Add(new StoredMention(reader.GetInt64(0), ord, byIndex[ord]));
            }
        }
        // The staging rows go at commit (on commit delete rows); a second batch in the same transaction must not see them.
        await using (var clear = new NpgsqlCommand("delete from mention_stage", conn, tx)) await clear.ExecuteNonQueryAsync(ct);
        stored.Sort((a, b) => a.Index.CompareTo(b.Index));
        return stored;
    }

    /// <summary>COPYs the mention columns (with the batch position and link arrays first/last for the staging table).</summary>
    private static async Task CopyAsync(NpgsqlConnection conn, string target, IReadOnlyList<(int Index, ScoredMention M)> rows, long[] ids, bool withOrdAndLinks, CancellationToken ct)
    {
        await using var importer = await conn.BeginBinaryImportAsync($"copy {target} from stdin (format binary)", ct);
        for (var k = 0; k < rows.Count; k++)
        {
            var (index, s) = rows[k];
            var m = s.Mention;
            var e = m.Engagement ?? Engagement.None;
            await importer.StartRowAsync(ct);
            if (withOrdAndLinks) await importer.WriteAsync(index, NpgsqlDbType.Integer, ct);
            await importer.WriteAsync(ids[k], NpgsqlDbType.Bigint, ct);
            await importer.WriteAsync(m.Source, NpgsqlDbType.Text, ct);
            await importer.WriteAsync(m.ExternalId, NpgsqlDbType.Text, ct);
            await WriteNullableAsync(importer, m.Url, NpgsqlDbType.Text, ct);
            await importer.WriteAsync(m.Author.Handle, NpgsqlDbType.Text, ct);
            await WriteNullableAsync(importer, m.Author.Name, NpgsqlDbType.Text, ct);
            await WriteNullableAsync(importer, m.Author.Followers, NpgsqlDbType.Bigint, ct);
            await importer.WriteAsync(m.Text, NpgsqlDbType.Text, ct);
            await WriteNullableAsync(importer, m.Lang, NpgsqlDbType.Text, ct);
            await importer.WriteAsync(m.CreatedAt.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
            await importer.WriteAsync(s.IngestedAt.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
            await importer.WriteAsync(e.Likes, NpgsqlDbType.Bigint, ct);
            await importer.WriteAsync(e.Reposts, NpgsqlDbType.Bigint, ct);
            await importer.WriteAsync(e.Replies, NpgsqlDbType.Bigint, ct);
            await WriteNullableAsync<short>(importer, m.Rating is { } r ? (short)r : null, NpgsqlDbType.Smallint, ct);
            await importer.WriteAsync((short)s.Sentiment.Label, NpgsqlDbType.Smallint, ct);
            await importer.WriteAsync(s.Sentiment.PNeg, NpgsqlDbType.Real, ct);
            await importer.WriteAsync(s.Sentiment.PNeu, NpgsqlDbType.Real, ct);
            await importer.WriteAsync(s.Sentiment.PPos, NpgsqlDbType.Real, ct);
            await importer.WriteAsync(s.ModelVersion, NpgsqlDbType.Text, ct);
            await importer.WriteAsync(s.BrandIds.Count > 0 || s.InfluencerIds.Count > 0, NpgsqlDbType.Boolean, ct);
            await WriteNullableAsync(importer, s.AuthorInfluencerId, NpgsqlDbType.Bigint, ct);
            await importer.WriteAsync(s.IsScored, NpgsqlDbType.Boolean, ct);
            await WriteNullableAsync(importer, TargetsColumn.Write(s.Targets), NpgsqlDbType.Text, ct);
            await WriteNullableAsync(importer, m.Author.Following, NpgsqlDbType.Bigint, ct);
            await WriteNullableAsync(importer, m.Author.Posts, NpgsqlDbType.Bigint, ct);
            await WriteNullableAsync(importer, m.Author.CreatedAt?.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
            if (withOrdAndLinks)
            {
                await importer.WriteAsync(s.BrandIds.Distinct().ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint, ct);
                await importer.WriteAsync(s.InfluencerIds.Distinct().ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint, ct);
            }
        }
        await importer.CompleteAsync(ct);
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken ct) where T : class =>
        value is null ? importer.WriteNullAsync(ct) : importer.WriteAsync(value, type, ct);

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken ct) where T : struct =>
        value is { } v ? importer.WriteAsync(v, type, ct) : importer.WriteNullAsync(ct);
}
