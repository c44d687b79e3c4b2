using System.Data.Common;
using Dapper;
using FusionMonitor.Core.Mentions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace FusionMonitor.Storage.Mentions;

/// <summary>
/// Writes mention batches idempotently and reads them back. It takes valid rows: the pipeline validates, and hands
/// over the items it rejected, which go to the quarantine (<c>rejected_items</c>) with their reasons in the same
/// transaction. <c>(source, external_id)</c> makes a re-ingested item a counted duplicate, never a second row.
/// </summary>
public sealed class MentionStore(FusionDatabase db)
{
    /// <summary>Longest payload kept with a quarantined item, so hostile input cannot bloat the store.</summary>
    public const int MaxQuarantinePayload = RejectedItem.MaxPayload;

    /// <summary>Ingests valid rows in their own transaction (tools and tests); each row's index is its position.</summary>
    public async Task<IngestResult> IngestAsync(IReadOnlyList<ScoredMention> batch, DateTimeOffset? now = null, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(conn, ct);
        var result = await IngestAsync(conn, tx, batch.Select((m, i) => (i, m)).ToList(), [], now ?? DateTimeOffset.UtcNow, ct);
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>
    /// Ingests valid rows inside the caller's transaction, so that what the new mentions move (score state, rollups,
    /// cursors) commits with them or not at all. Each row carries its index in the caller's batch, and the result
    /// speaks in those indexes. <paramref name="quarantine"/> holds the items the caller rejected; they are stored
    /// with their reasons.
    /// </summary>
    public async Task<IngestResult> IngestAsync(DbConnection conn, DbTransaction tx, IReadOnlyList<(int Index, ScoredMention Mention)> rows,
        IReadOnlyList<RejectedItem> quarantine, DateTimeOffset now, CancellationToken ct)
    {
        var duplicates = new List<int>();
        var candidates = new List<(int Index, ScoredMention M)>(rows.Count);
        var seen = new HashSet<(string, string)>();
        foreach (var (index, m) in rows)
        {
            if (!seen.Add((m.Mention.Source, m.Mention.ExternalId))) { duplicates.Add(index); continue; }
            candidates.Add((index, m));
        }

        var inserted = candidates.Count == 0 ? []
            : conn is NpgsqlConnection pg ? await PostgresMentionWriter.InsertAsync(pg, (NpgsqlTransaction)tx, candidates, ct)
            : await SqliteMentionWriter.InsertAsync((SqliteConnection)conn, (SqliteTransaction)tx, candidates, ct);

        var insertedIndexes = inserted.Select(s => s.Index).ToHashSet();
        duplicates.AddRange(candidates.Where(c => !insertedIndexes.Contains(c.Index)).Select(c => c.Index));
        duplicates.Sort();

        if (quarantine.Count > 0) await QuarantineAsync(conn, tx, quarantine, now, ct);
        return new IngestResult(inserted.OrderBy(s => s.Index).ToList(), duplicates, quarantine.OrderBy(r => r.Index).ToList());
    }

    /// <summary>
    /// Stores rejected items with their reasons (the quarantine). Whatever an item holds, it is stored: each field
    /// goes in as <see cref="RejectedItem.Storable"/> makes it (NUL and unpaired surrogates shown, not stored raw; cut
    /// on text-element boundaries), so one poison item can never fail the batch that quarantines it.
    /// </summary>
    public static async Task QuarantineAsync(DbConnection conn, DbTransaction tx, IReadOnlyList<RejectedItem> items, DateTimeOffset now, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition(
            "insert into rejected_items (source, external_id, reason, payload, received_at) values (@Source, @ExternalId, @Reason, @Payload, @now)",
            items.Select(r => r.Storable()).Select(r => new { r.Source, r.ExternalId, r.Reason, r.Payload, now }),
            tx, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<QuarantinedItem>> QuarantinedAsync(int limit = 100, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<QuarantinedItem>(new CommandDefinition(
            "select id, source, external_id, reason, payload, received_at from rejected_items order by id desc limit @limit",
            new { limit }, cancellationToken: ct))).ToList();
    }

    /// <summary>The texts of the given mentions by id (alert evidence reads its top mentions' words); unknown ids are absent.</summary>
    public async Task<Dictionary<long, string>> TextsAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return [];
        await using var conn = await db.OpenAsync(ct);
        var match = db.Kind == DatabaseKind.Postgres ? "= any(@ids)" : "in @ids";
        var rows = await conn.QueryAsync<(long Id, string Text)>(new CommandDefinition(
            $"select id as Id, text as Text from mentions where id {match}", new { ids = ids.Distinct().ToArray() }, cancellationToken: ct));
        return rows.ToDictionary(r => r.Id, r => r.Text);
    }

    /// <summary>What an alert's evidence shows of each mention: text, link, author's reach and when it was written.</summary>
    public async Task<Dictionary<long, MentionCard>> CardsAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return [];
        await using var conn = await db.OpenAsync(ct);
        var match = db.Kind == DatabaseKind.Postgres ? "= any(@ids)" : "in @ids";
        var rows = await conn.QueryAsync<MentionCard>(new CommandDefinition(
            $"select id as Id, text as Text, url as Url, author_followers as Followers, created_at as CreatedAt from mentions where id {match}",
            new { ids = ids.Distinct().ToArray() }, cancellationToken: ct));
        return rows.ToDictionary(r => r.Id);
    }

    public async Task<long> CountAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition("select count(*) from mentions", cancellationToken: ct));
    }

    /// <summary>Reads a page of mentions, newest first, keyset-paged by (created_at, id).</summary>
    public async Task<MentionPage> QueryAsync(MentionQuery q, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var where = new List<string>();
        var p = new DynamicParameters();
        if (q.BrandId is { } b) { where.Add("exists (select 1 from mention_brands mb where mb.mention_id = m.id and mb.brand_id = @b)"); p.Add("b", b); }
        if (q.InfluencerId is { } inf) { where.Add("exists (select 1 from mention_influencers mi where mi.mention_id = m.id and mi.influencer_id = @i)"); p.Add("i", inf); }
        if (q.AllowedBrandIds is { } allowed)
        {
            where.Add(db.Kind == DatabaseKind.Postgres
                ? "exists (select 1 from mention_brands ab where ab.mention_id = m.id and ab.brand_id = any(@allowed))"
                : "exists (select 1 from mention_brands ab where ab.mention_id = m.id and ab.brand_id in @allowed)");
            p.Add("allowed", allowed.ToArray());
        }
        if (q.From is { } from) { where.Add("m.created_at >= @from"); p.Add("from", from); }
        if (q.To is { } to) { where.Add("m.created_at < @to"); p.Add("to", to); }
        if (q.Label is { } label) { where.Add("coalesce(m.corrected_label, m.label) = @label"); p.Add("label", (short)label); }
        if (q.Words is { Count: > 0 } words)
        {
            // Words are runs of letters and digits (SearchWords), so neither query syntax sees an operator: PostgreSQL's
            // plainto_tsquery ANDs them, FTS5 reads each quoted one as a word (or, split by its tokenizer, a phrase).
            if (db.Kind == DatabaseKind.Postgres)
            {
                where.Add("m.text_search @@ plainto_tsquery('simple', @words)");
                p.Add("words", string.Join(' ', words));
            }
            else
            {
                where.Add("m.id in (select rowid from mentions_fts where mentions_fts match @words)");
                p.Add("words", string.Join(' ', words.Select(w => "\"" + w.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"")));
            }
        }
        if (q.After is { } cursor)
        {
            // A row comparison, which both databases take as a range on the (created_at, id) index; the equivalent
            // "a < x or (a = x and b < y)" is no index condition, and a deep page scanned the table (issue 15).
            where.Add("(m.created_at, m.id) < (@cAt, @cId)");
            p.Add("cAt", cursor.CreatedAt);
            p.Add("cId", cursor.Id);
        }
        var limit = Math.Clamp(q.Limit, 1, 1000);
        p.Add("limit", limit + 1);
        var sql = $"""
            select m.id, m.source, m.external_id, m.url, m.author_handle, m.author_name, m.author_followers, m.text, m.lang,
                   m.created_at, m.ingested_at, m.likes, m.reposts, m.replies, m.rating, m.label, m.p_neg, m.p_neu, m.p_pos, m.model_version, m.scored,
                   m.corrected_label, m.corrected_by, m.corrected_at, m.targets, m.author_following, m.author_posts, m.author_created_at
            from mentions m
            {(where.Count > 0 ? "where " + string.Join(" and ", where) : "")}
            order by m.created_at desc, m.id desc
            limit @limit
            """;
        var rows = (await conn.QueryAsync<MentionRow>(new CommandDefinition(sql, p, cancellationToken: ct))).ToList();
        var more = rows.Count > limit;
        if (more) rows.RemoveAt(rows.Count - 1);
        var ids = rows.Select(r => r.Id).ToArray();
        var brands = await LinksAsync(conn, "mention_brands", "brand_id", ids, ct);
        var influencers = await LinksAsync(conn, "mention_influencers", "influencer_id", ids, ct);
        var items = rows.Select(r => r.ToMention(brands.GetValueOrDefault(r.Id, []), influencers.GetValueOrDefault(r.Id, []))).ToList();
        var next = more ? new MentionCursor(rows[^1].CreatedAt, rows[^1].Id) : null;
        return new MentionPage(items, next);
    }

    private async Task<Dictionary<long, List<long>>> LinksAsync(DbConnection conn, string table, string column, long[] ids, CancellationToken ct)
    {
        if (ids.Length == 0) return [];
        var sql = db.Kind == DatabaseKind.Postgres
            ? $"select mention_id as MentionId, {column} as EntityId from {table} where mention_id = any(@ids)"
            : $"select mention_id as MentionId, {column} as EntityId from {table} where mention_id in @ids";
        var links = await conn.QueryAsync<(long MentionId, long EntityId)>(new CommandDefinition(sql, new { ids }, cancellationToken: ct));
        return links.GroupBy(l => l.MentionId).ToDictionary(g => g.Key, g => g.Select(l => l.EntityId).Order().ToList());
    }
}

/// <summary>One mention as an alert's evidence shows it.</summary>
public sealed record MentionCard(long Id, string Text, string? Url, long? Followers, DateTimeOffset CreatedAt);
