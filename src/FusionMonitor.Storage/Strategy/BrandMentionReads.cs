using Dapper;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Core.Sentiment;

namespace FusionMonitor.Storage.Strategy;

/// <summary>One stored mention of a brand as the strategy reads take it (who said it, how loud, the reading in force).</summary>
/// <param name="Polarity">The whole text's pPos − pNeg, or the polarity of an analyst's correction where one is in force.</param>
/// <param name="TowardBrand">The polarity toward the brand, as its score reads it: the stored per-party reading, else as
/// <paramref name="Polarity"/> (docs/fusion-score.md, "Each party read apart").</param>
/// <param name="Scored">False for a mention no model read (and no analyst corrected): it moves nothing.</param>
public sealed record BrandMentionRow(long Id, string Source, string AuthorHandle, long? Followers, long Engagement, double Polarity, int? Rating,
    bool Scored, string? Lang, string? Text, double TowardBrand);

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
                   m.lang as Lang, m.targets as Targets{(withText ? ", m.text as Text" : "")}
            from mention_brands mb join mentions m on m.id = mb.mention_id
            where mb.brand_id = @brandId and m.created_at >= @from and m.created_at < @to
            order by m.created_at desc, m.id desc limit @max
            """, new { brandId, from, to, max }, cancellationToken: ct));
        return rows.Select(r => new BrandMentionRow(r.Id, r.Source, r.AuthorHandle, r.Followers, Engagement.SaturatingSum(r.Likes, r.Reposts, r.Replies),
            r.CorrectedLabel is { } c ? SentimentCorrection.PolarityOf((SentimentLabel)c) : r.PPos - r.PNeg, r.Rating,
            r.CorrectedLabel is not null || (r.Scored ?? true), r.Lang, r.Text,
            r.CorrectedLabel is { } k ? SentimentCorrection.PolarityOf((SentimentLabel)k)
                : TargetReading.Find(Mentions.TargetsColumn.Read(r.Targets), TargetKind.Brand, brandId)?.Polarity ?? r.PPos - r.PNeg)).ToList();
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
    }
}
