using System.Data.Common;
using Dapper;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Core.Sentiment;
using Npgsql;

namespace FusionMonitor.Storage.Mentions;

/// <summary>A stored mention as it came in, with what it was matched to: what the catalogue's re-match reads.</summary>
public sealed record RecentMention(long Id, ScoredMention Scored);

/// <summary>
/// The newest stored mentions, and the links a re-match adds to them. Reads walk the primary key backwards from the
/// newest id, in pages, and stop at the first mention stored before the window (never a scan of the table).
/// </summary>
public sealed class RecentMentions(FusionDatabase db)
{
    /// <summary>Up to <paramref name="limit"/> mentions with ids below <paramref name="beforeId"/> stored since <paramref name="since"/>, newest first.</summary>
    public async Task<IReadOnlyList<RecentMention>> PageAsync(long beforeId, DateTimeOffset since, int limit, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = (await conn.QueryAsync<Row>(new CommandDefinition(
            """
            select id, source, external_id, text, url, lang, author_handle, author_name, author_followers, created_at, ingested_at,
                   likes, reposts, replies, rating, p_neg, p_neu, p_pos, corrected_label, model_version, author_influencer_id, scored, targets,
                   author_following, author_posts, author_created_at
            from mentions where id < @beforeId
            order by id desc limit @limit
            """, new { beforeId, limit }, cancellationToken: ct))).ToList();
        // Ids grow with ingestion, so the page ends at the first one stored before the window (filtering on ingested_at
        // in SQL instead would walk the whole key when nothing is that recent).
        rows = rows.TakeWhile(r => r.IngestedAt >= since).ToList();
        if (rows.Count == 0) return [];
        var ids = rows.Select(r => r.Id).ToArray();
        var any = db.Kind == DatabaseKind.Postgres ? "= any(@ids)" : "in @ids";
        var brands = (await conn.QueryAsync<(long M, long E)>(new CommandDefinition($"select mention_id, brand_id from mention_brands where mention_id {any}", new { ids }, cancellationToken: ct)))
            .ToLookup(l => l.M, l => l.E);
        var influencers = (await conn.QueryAsync<(long M, long E)>(new CommandDefinition($"select mention_id, influencer_id from mention_influencers where mention_id {any}", new { ids }, cancellationToken: ct)))
            .ToLookup(l => l.M, l => l.E);
        return rows.Select(r => new RecentMention(r.Id, new ScoredMention(
            new IncomingMention(r.Source, r.ExternalId, r.Text, r.CreatedAt, new Author(r.AuthorHandle, r.AuthorName, r.AuthorFollowers, r.AuthorFollowing, r.AuthorPosts, r.AuthorCreatedAt), r.Url, r.Lang,
                new Engagement(r.Likes, r.Reposts, r.Replies), r.Rating is null ? null : (int)r.Rating),
            // The reading in force: an analyst's correction replaces the model's (SentimentCorrection), so the scopes a
            // re-match adds read the mention as every other scope does.
            r.CorrectedLabel is { } c ? SentimentCorrection.ScoreOf((SentimentLabel)c) : new SentimentScore(r.PNeg, r.PNeu, r.PPos), r.ModelVersion,
            brands[r.Id].Order().ToList(), influencers[r.Id].Order().ToList(), r.IngestedAt, r.AuthorInfluencerId,
            r.CorrectedLabel is not null || (r.Scored ?? true),
            // Its stored per-party readings (a correction stands for the whole text): a party it newly names has none and
            // reads the whole text, as a recompute from the stored rows does.
            r.CorrectedLabel is null ? TargetsColumn.Read(r.Targets) : null))).ToList();
    }

    /// <summary>
    /// Adds brand and influencer links to stored mentions (links they already have are kept as they are) and, when the
    /// author has just been recognised as one of the influencers, records it; inside the caller's transaction.
    /// </summary>
    public static async Task AddLinksAsync(DbConnection conn, DbTransaction tx, IReadOnlyList<(long MentionId, IReadOnlyList<long> Brands, IReadOnlyList<long> Influencers, long? Author)> links, CancellationToken ct)
    {
        var ignore = conn is NpgsqlConnection ? ("insert into", " on conflict do nothing") : ("insert or ignore into", "");
        await conn.ExecuteAsync(new CommandDefinition($"{ignore.Item1} mention_brands (mention_id, brand_id) values (@m, @e){ignore.Item2}",
            links.SelectMany(l => l.Brands.Select(b => new { m = l.MentionId, e = b })), tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition($"{ignore.Item1} mention_influencers (mention_id, influencer_id) values (@m, @e){ignore.Item2}",
            links.SelectMany(l => l.Influencers.Select(i => new { m = l.MentionId, e = i })), tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(
            "update mentions set matched = @yes, author_influencer_id = coalesce(author_influencer_id, @author) where id = @id",
            links.Select(l => new { id = l.MentionId, author = l.Author, yes = true }), tx, cancellationToken: ct));
    }

    /// <summary>Replaces stored mentions' per-party readings (a re-match read the parties it added), inside the caller's transaction.</summary>
    public static async Task SetTargetsAsync(DbConnection conn, DbTransaction tx, IReadOnlyList<(long MentionId, IReadOnlyList<TargetReading> Targets)> rows, CancellationToken ct) =>
        await conn.ExecuteAsync(new CommandDefinition(
            "update mentions set targets = @targets where id = @id",
            rows.Select(r => new { id = r.MentionId, targets = TargetsColumn.Write(r.Targets) }), tx, cancellationToken: ct));

    // A row class, because SQLite hands back 64-bit integers and text where the records hold int, float and dates.
    private sealed class Row
    {
        public long Id { get; set; }
        public string Source { get; set; } = "";
        public string ExternalId { get; set; } = "";
        public string Text { get; set; } = "";
        public string? Url { get; set; }
        public string? Lang { get; set; }
        public string AuthorHandle { get; set; } = "";
        public string? AuthorName { get; set; }
        public long? AuthorFollowers { get; set; }
        public long? AuthorFollowing { get; set; }
        public long? AuthorPosts { get; set; }
        public DateTimeOffset? AuthorCreatedAt { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset IngestedAt { get; set; }
        public long Likes { get; set; }
        public long Reposts { get; set; }
        public long Replies { get; set; }
        public long? Rating { get; set; }
        public float PNeg { get; set; }
        public float PNeu { get; set; }
        public float PPos { get; set; }
        public long? CorrectedLabel { get; set; }
        public string ModelVersion { get; set; } = "";
        public long? AuthorInfluencerId { get; set; }
        public bool? Scored { get; set; } // null: stored before languages were told apart, read by the English model
        public string? Targets { get; set; }
    }
}
