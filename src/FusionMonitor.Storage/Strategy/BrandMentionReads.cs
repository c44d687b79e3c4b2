using System.Data.Common;
using Dapper;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Core.Strategy;

namespace FusionMonitor.Storage.Strategy;

/// <summary>One stored mention of a brand as the strategy reads take it (who said it, how loud, the reading in force).</summary>
/// <param name="Polarity">The whole text's pPos − pNeg, or the polarity of an analyst's correction where one is in force.</param>
/// <param name="TowardBrand">The polarity toward the brand, as its score reads it: the stored per-party reading, else as
/// <paramref name="Polarity"/> (docs/fusion-score.md, "Each party read apart").</param>
/// <param name="Scored">False for a mention no model read (and no analyst corrected): it moves nothing.</param>
/// <param name="Following">The author's profile as stored with the mention (null: the platform did not say), for the authenticity weight.</param>
public sealed record BrandMentionRow(long Id, string Source, string AuthorHandle, long? Followers, long Engagement, double Polarity, int? Rating,
    bool Scored, string? Lang, string? Text, double TowardBrand, DateTimeOffset CreatedAt = default, long? Following = null, long? Posts = null,
    DateTimeOffset? AuthorSince = null);

/// <summary>A stored mention as the strategy rollups take it (<see cref="StrategyMention"/>, its aspects still to be read) with its text and language.</summary>
public sealed record StrategyRow(long Id, StrategyMention Mention, string? Text, string? Lang);

/// <summary>
/// The stored mentions of one brand created in a window, newest first, at most a given number: the brand's links
/// (<c>mention_brands</c>, keyed by brand) joined to their mentions by key and filtered on creation time, so the read
/// touches the brand's mentions, never the store's; PostgreSQL may instead walk <c>mentions_created</c> over the window
/// and probe the brand's link key, whichever is fewer.
/// </summary>
public sealed class BrandMentionReads(FusionDatabase db)
{
    public async Task<IReadOnlyList<BrandMentionRow>> InWindowAsync(long brandId, DateTimeOffset from, DateTimeOffset to, int max, bool withText,
        CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition(
            $"""
            select m.id as Id, m.source as Source, m.author_handle as AuthorHandle, m.author_followers as Followers, m.likes as Likes, m.reposts as Reposts,
                   m.replies as Replies, m.p_pos as PPos, m.p_neg as PNeg, m.corrected_label as CorrectedLabel, m.rating as Rating, m.scored as Scored,
                   m.lang as Lang, m.targets as Targets, m.created_at as CreatedAt, m.author_following as Following, m.author_posts as Posts,
                   m.author_created_at as AuthorSince{(withText ? ", m.text as Text" : "")}
            from mention_brands mb join mentions m on m.id = mb.mention_id
            where mb.brand_id = @brandId and m.created_at >= @from and m.created_at < @to
            order by m.created_at desc, m.id desc limit @max
            """, new { brandId, from, to, max }, cancellationToken: ct));
        return rows.Select(r => ToRow(r, brandId)).ToList();
    }

    private static BrandMentionRow ToRow(Row r, long brandId) => new(r.Id, r.Source, r.AuthorHandle, r.Followers, Engagement.SaturatingSum(r.Likes, r.Reposts, r.Replies),
        r.CorrectedLabel is { } c ? SentimentCorrection.PolarityOf((SentimentLabel)c) : r.PPos - r.PNeg, r.Rating,
        r.CorrectedLabel is not null || (r.Scored ?? true), r.Lang, r.Text,
        r.CorrectedLabel is { } k ? SentimentCorrection.PolarityOf((SentimentLabel)k)
            : TargetReading.Find(Mentions.TargetsColumn.Read(r.Targets), TargetKind.Brand, brandId)?.Polarity ?? r.PPos - r.PNeg,
        r.CreatedAt, r.Following, r.Posts, r.AuthorSince);

    /// <summary>
    /// Mentions by id as the strategy rollups take them, each with every brand it is linked to (in the caller's
    /// transaction: a correction or an erasure takes out what they added). Cost: the mentions asked for.
    /// </summary>
    public async Task<IReadOnlyList<StrategyRow>> ByIdsAsync(DbConnection conn, DbTransaction? tx, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var result = new List<StrategyRow>(ids.Count);
        foreach (var chunk in ids.Chunk(1000))
        {
            var p = new { ids = IdTable.Param(db.Kind, chunk) };
            var rows = await conn.QueryAsync<Row>(new CommandDefinition(
                $"select {Columns}, m.text as Text from {IdTable.Sql(db.Kind, "i")} join mentions m on m.id = i.id", p, tx, cancellationToken: ct));
            var links = (await conn.QueryAsync<(long MentionId, long BrandId)>(new CommandDefinition(
                $"select mb.mention_id, mb.brand_id from {IdTable.Sql(db.Kind, "i")} join mention_brands mb on mb.mention_id = i.id", p, tx, cancellationToken: ct)))
                .ToLookup(l => l.MentionId, l => l.BrandId);
            result.AddRange(rows.Select(r => ToStrategyRow(r, links[r.Id].Order().ToList())));
        }
        return result;
    }

    /// <summary>
    /// One brand's stored mentions after mention <paramref name="afterId"/>, in id order, at most <paramref name="max"/>,
    /// each counted for this brand alone (a rebuild of the brand's rollups pages through them).
    /// </summary>
    public async Task<IReadOnlyList<StrategyRow>> PageOfBrandAsync(DbConnection conn, DbTransaction? tx, long brandId, long afterId, int max, CancellationToken ct = default)
    {
        var rows = await conn.QueryAsync<Row>(new CommandDefinition(
            $"""
            select {Columns}, m.text as Text from mention_brands mb join mentions m on m.id = mb.mention_id
            where mb.brand_id = @brandId and mb.mention_id > @afterId order by mb.mention_id limit @max
            """, new { brandId, afterId, max }, tx, cancellationToken: ct));
        return rows.Select(r => ToStrategyRow(r, [brandId])).ToList();
    }

    private const string Columns =
        """
        m.id as Id, m.source as Source, m.author_handle as AuthorHandle, m.author_followers as Followers, m.likes as Likes, m.reposts as Reposts,
        m.replies as Replies, m.p_pos as PPos, m.p_neg as PNeg, m.corrected_label as CorrectedLabel, m.rating as Rating, m.scored as Scored,
        m.lang as Lang, m.targets as Targets, m.created_at as CreatedAt, m.author_following as Following, m.author_posts as Posts,
        m.author_created_at as AuthorSince
        """;

    private static StrategyRow ToStrategyRow(Row r, IReadOnlyList<long> brandIds)
    {
        var row = ToRow(r, 0);
        var targets = r.CorrectedLabel is null ? Mentions.TargetsColumn.Read(r.Targets) : null;
        var brands = brandIds.Select(b => (b, r.CorrectedLabel is not null ? row.Polarity : TargetReading.Find(targets, TargetKind.Brand, b)?.Polarity ?? row.Polarity)).ToList();
        return new StrategyRow(r.Id, new StrategyMention(r.CreatedAt, r.Source, r.AuthorHandle, r.Followers, row.Engagement, row.Polarity, r.Rating, row.Scored, brands, null,
            r.Following, r.Posts, r.AuthorSince),
            r.Text, r.Lang);
    }

    private sealed class Row
    {
        public long Id { get; set; }
        public string Source { get; set; } = "";
        public string AuthorHandle { get; set; } = "";
        public long? Followers { get; set; }
        public long Likes { get; set; }
        public long Reposts { get; set; }
        public long Replies { get; set; }
        public float PPos { get; set; }
        public float PNeg { get; set; }
        public int? CorrectedLabel { get; set; }
        public int? Rating { get; set; }
        public bool? Scored { get; set; }
        public string? Lang { get; set; }
        public string? Text { get; set; }
        public string? Targets { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public long? Following { get; set; }
        public long? Posts { get; set; }
        public DateTimeOffset? AuthorSince { get; set; }
    }
}
