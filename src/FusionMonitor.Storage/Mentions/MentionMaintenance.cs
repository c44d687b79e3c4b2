using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Core.Text;

namespace FusionMonitor.Storage.Mentions;

/// <summary>Whole-store passes over the mentions: re-reading after a model change (language, then sentiment), and reading history to rebuild scores.</summary>
public sealed class MentionMaintenance(FusionDatabase db)
{
    /// <summary>A mention to re-read, with the brands and influencers it is linked to (whose per-party readings it needs).</summary>
    public sealed record ReadRow(long Id, string Text, string? Lang, IReadOnlyList<long> BrandIds, IReadOnlyList<long> InfluencerIds);

    /// <summary>
    /// Which mentions a re-read must take: those never read by the language step (stored before it: <c>scored</c>
    /// null), those read by a model that is not the current one of <paramref name="versions"/>, unscored ones
    /// whose language now has a model (<paramref name="languages"/>), and, with <paramref name="parties"/>, linked ones
    /// never read per party (<c>targets</c> null: stored before per-party readings).
    /// </summary>
    private string ToReadFilter(bool parties) => (db.Kind == DatabaseKind.Postgres
        ? "(scored is null or (scored and model_version <> all(@versions)) or (not scored and lang = any(@languages))"
        : "(scored is null or (scored and model_version not in @versions) or (not scored and lang in @languages)")
        + (parties ? " or (targets is null and matched))" : ")");

    public async Task<long> CountToReadAsync(IReadOnlyCollection<string> versions, IReadOnlyCollection<string> languages, CancellationToken ct = default,
        bool parties = false)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            $"select count(*) from mentions where {ToReadFilter(parties)}", new { versions = versions.ToArray(), languages = languages.ToArray() }, cancellationToken: ct));
    }

    /// <summary>The next mentions to re-read (by id, after <paramref name="afterId"/>), with their stored language as the hint.</summary>
    public async Task<IReadOnlyList<ReadRow>> NextToReadAsync(IReadOnlyCollection<string> versions, IReadOnlyCollection<string> languages,
        long afterId, int limit, CancellationToken ct = default, bool parties = false)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = (await conn.QueryAsync<(long Id, string Text, string? Lang)>(new CommandDefinition(
            $"select id as Id, text as Text, lang as Lang from mentions where {ToReadFilter(parties)} and id > @afterId order by id limit @limit",
            new { versions = versions.ToArray(), languages = languages.ToArray(), afterId, limit }, cancellationToken: ct))).ToList();
        if (rows.Count == 0) return [];
        var links = await LinksAsync(conn, rows.Select(r => r.Id).ToArray(), ct);
        return rows.Select(r => new ReadRow(r.Id, r.Text, r.Lang, links.Brands.GetValueOrDefault(r.Id) ?? [], links.Influencers.GetValueOrDefault(r.Id) ?? [])).ToList();
    }

    /// <summary>Stores a new reading (language, whether scored, sentiment, model, and, when given, the per-party readings)
    /// for a batch of mentions in one transaction.</summary>
    public async Task UpdateReadingsAsync(IReadOnlyList<(long Id, SentimentReading Reading)> rows, CancellationToken ct = default,
        IReadOnlyList<IReadOnlyList<TargetReading>?>? targets = null)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(conn, ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "update mentions set label = @label, p_neg = @pNeg, p_neu = @pNeu, p_pos = @pPos, model_version = @modelVersion, lang = @lang, scored = @scored"
            + (targets is null ? "" : ", targets = @targets") + " where id = @id",
            rows.Select((r, i) => new
            {
                id = r.Id, label = (short)r.Reading.Score.Label, pNeg = r.Reading.Score.PNeg, pNeu = r.Reading.Score.PNeu, pPos = r.Reading.Score.PPos,
                modelVersion = r.Reading.ModelVersion, lang = r.Reading.Lang, scored = r.Reading.Scored,
                targets = targets is null ? null : TargetsColumn.Write(targets[i]),
            }),
            tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>The columns score evidence is built from (<see cref="EvidenceRow.ToEvidence"/>).</summary>
    private const string EvidenceColumns =
        "id, created_at, p_neg, p_pos, corrected_label, author_followers, likes, reposts, replies, author_handle, author_influencer_id, scored, rating, text, ingested_at, targets, "
        + "author_following, author_posts, author_created_at";

    /// <summary>
    /// Every stored mention as score evidence, in (created_at, id) order, streamed in pages, with the own-post
    /// decision the matcher stored when the mention came in and an analyst's correction in force where there is one.
    /// </summary>
    public async IAsyncEnumerable<ScoreEvidence> EvidenceAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        DateTimeOffset? lastAt = null;
        long lastId = 0;
        while (true)
        {
            List<EvidenceRow> page;
            await using (var conn = await db.OpenAsync(ct))
            {
                page = (await conn.QueryAsync<EvidenceRow>(new CommandDefinition(
                    $"""
                    select {EvidenceColumns}
                    from mentions {(lastAt is null ? "" : "where (created_at, id) > (@lastAt, @lastId)")}
                    order by created_at, id limit 5000
                    """, new { lastAt, lastId }, cancellationToken: ct))).ToList();
                if (page.Count == 0) yield break;
                var links = await LinksAsync(conn, page.Select(p => p.Id).ToArray(), ct);
                foreach (var r in page) r.Evidence = r.ToEvidence(links);
            }
            foreach (var r in page) yield return r.Evidence!;
            lastAt = page[^1].CreatedAt;
            lastId = page[^1].Id;
        }
    }

    /// <summary>
    /// The score evidence of every stored mention that names one of <paramref name="brandIds"/> or
    /// <paramref name="influencerIds"/>, in (created_at, id) order, read in the caller's transaction: what a
    /// rebuild of those entities' scopes folds (<c>ScopeRebuild</c>). Its cost is those entities' mentions, never the
    /// whole store's.
    /// </summary>
    public async Task<IReadOnlyList<ScoreEvidence>> EvidenceNamingAsync(DbConnection conn, DbTransaction? tx,
        IReadOnlyCollection<long> brandIds, IReadOnlyCollection<long> influencerIds, CancellationToken ct)
    {
        var any = db.Kind == DatabaseKind.Postgres ? "= any(@{0})" : "in @{0}";
        var rows = (await conn.QueryAsync<EvidenceRow>(new CommandDefinition(
            $"""
            select {EvidenceColumns} from mentions
            where id in (select mention_id from mention_brands where brand_id {string.Format(any, "brands")}
                         union select mention_id from mention_influencers where influencer_id {string.Format(any, "influencers")})
            order by created_at, id
            """, new { brands = brandIds.ToArray(), influencers = influencerIds.ToArray() }, tx, cancellationToken: ct))).ToList();
        var result = new List<ScoreEvidence>(rows.Count);
        foreach (var chunk in rows.Chunk(5000))
        {
            var links = await LinksAsync(conn, chunk.Select(r => r.Id).ToArray(), ct, tx);
            result.AddRange(chunk.Select(r => r.ToEvidence(links)));
        }
        return result;
    }

    /// <summary>The score evidence of the given mentions as they stand, in (created_at, id) order, read in the caller's transaction.</summary>
    public async Task<IReadOnlyList<ScoreEvidence>> EvidenceOfAsync(DbConnection conn, DbTransaction? tx, IReadOnlyCollection<long> mentionIds, CancellationToken ct)
    {
        var any = db.Kind == DatabaseKind.Postgres ? "= any(@ids)" : "in @ids";
        var result = new List<ScoreEvidence>(mentionIds.Count);
        foreach (var chunk in mentionIds.Chunk(1000))
        {
            var rows = (await conn.QueryAsync<EvidenceRow>(new CommandDefinition(
                $"select {EvidenceColumns} from mentions where id {any}", new { ids = chunk }, tx, cancellationToken: ct))).ToList();
            var links = await LinksAsync(conn, rows.Select(r => r.Id).ToArray(), ct, tx);
            result.AddRange(rows.Select(r => r.ToEvidence(links)));
        }
        return result.OrderBy(e => e.CreatedAt).ThenBy(e => e.MentionId).ToList();
    }

    /// <summary>One mention's score evidence as it stands (in the caller's transaction); null when there is no such mention.</summary>
    public async Task<ScoreEvidence?> EvidenceOfAsync(DbConnection conn, DbTransaction? tx, long mentionId, CancellationToken ct)
    {
        var row = await conn.QuerySingleOrDefaultAsync<EvidenceRow>(new CommandDefinition(
            $"select {EvidenceColumns} from mentions where id = @mentionId", new { mentionId }, tx, cancellationToken: ct));
        return row?.ToEvidence(await LinksAsync(conn, [row.Id], ct, tx));
    }

    private async Task<(Dictionary<long, List<long>> Brands, Dictionary<long, List<long>> Influencers)> LinksAsync(DbConnection conn, long[] ids, CancellationToken ct,
        DbTransaction? tx = null)
    {
        var any = db.Kind == DatabaseKind.Postgres ? "= any(@ids)" : "in @ids";
        var brands = await conn.QueryAsync<(long M, long E)>(new CommandDefinition($"select mention_id, brand_id from mention_brands where mention_id {any}", new { ids }, tx, cancellationToken: ct));
        var infl = await conn.QueryAsync<(long M, long E)>(new CommandDefinition($"select mention_id, influencer_id from mention_influencers where mention_id {any}", new { ids }, tx, cancellationToken: ct));
        return (brands.GroupBy(b => b.M).ToDictionary(g => g.Key, g => g.Select(x => x.E).Order().ToList()),
                infl.GroupBy(b => b.M).ToDictionary(g => g.Key, g => g.Select(x => x.E).Order().ToList()));
    }

    /// <summary>
    /// The evidence an alert backtest replays, with each mention's label (an analyst's correction where there is one):
    /// mentions created in [<paramref name="from"/>, <paramref name="to"/>) that name one of <paramref name="brandIds"/>
    /// or one of <paramref name="influencerIds"/> (the brands' pairs' people), in (created_at, id) order.
    /// </summary>
    public async Task<IReadOnlyList<(ScoreEvidence Evidence, SentimentLabel Label)>> LabelledEvidenceAsync(IReadOnlyCollection<long> brandIds,
        IReadOnlyCollection<long> influencerIds, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var any = db.Kind == DatabaseKind.Postgres ? "= any(@{0})" : "in @{0}";
        var rows = (await conn.QueryAsync<EvidenceRow>(new CommandDefinition(
            $"""
            select {EvidenceColumns}, label from mentions
            where created_at >= @from and created_at < @to
              and id in (select mention_id from mention_brands where brand_id {string.Format(any, "brands")}
                         union select mention_id from mention_influencers where influencer_id {string.Format(any, "influencers")})
            order by created_at, id
            """, new { from, to, brands = brandIds.Distinct().ToArray(), influencers = influencerIds.Distinct().ToArray() }, cancellationToken: ct))).ToList();
        var result = new List<(ScoreEvidence, SentimentLabel)>(rows.Count);
        foreach (var chunk in rows.Chunk(5000))
        {
            var links = await LinksAsync(conn, chunk.Select(r => r.Id).ToArray(), ct);
            result.AddRange(chunk.Select(r => (r.ToEvidence(links), (SentimentLabel)(r.CorrectedLabel ?? r.Label))));
        }
        return result;
    }

    /// <summary>
    /// The scored mentions of <paramref name="brandId"/> created in [<paramref name="from"/>, <paramref name="to"/>] as
    /// score evidence with their text, read from the brand's newest <paramref name="scan"/> links (the end of its key,
    /// never the brand's whole history): what a brand alert's evidence is drawn from (<c>AlertEvidenceBuilder.FromWindow</c>).
    /// </summary>
    public async Task<IReadOnlyList<(ScoreEvidence Evidence, string Text)>> BrandWindowAsync(DbConnection conn, DbTransaction? tx, long brandId,
        DateTimeOffset from, DateTimeOffset to, int scan, CancellationToken ct)
    {
        var rows = (await conn.QueryAsync<EvidenceRow>(new CommandDefinition(
            $"""
            select {string.Join(", ", EvidenceColumns.Split(", ").Select(c => "m." + c))}
            from (select mention_id from mention_brands where brand_id = @brandId order by mention_id desc limit @scan) l
            join mentions m on m.id = l.mention_id
            where m.created_at >= @from and m.created_at <= @to
            """, new { brandId, from, to, scan }, tx, cancellationToken: ct))).ToList();
        if (rows.Count == 0) return [];
        var links = await LinksAsync(conn, rows.Select(r => r.Id).ToArray(), ct, tx);
        return rows.Select(r => (r.ToEvidence(links), r.Text)).Where(x => x.Item1.Moves).ToList();
    }

    /// <summary>
    /// The scored co-mentions of one pair (its brand and its influencer) created in [<paramref name="from"/>,
    /// <paramref name="to"/>] as score evidence with their text, read from the influencer's newest <paramref name="scan"/>
    /// links (the end of its key), each checked against the brand's key: what a pair spike's evidence is drawn from.
    /// </summary>
    public async Task<IReadOnlyList<(ScoreEvidence Evidence, string Text)>> PairWindowAsync(DbConnection conn, DbTransaction? tx, long brandId, long influencerId,
        DateTimeOffset from, DateTimeOffset to, int scan, CancellationToken ct)
    {
        var rows = (await conn.QueryAsync<EvidenceRow>(new CommandDefinition(
            $"""
            select {string.Join(", ", EvidenceColumns.Split(", ").Select(c => "m." + c))}
            from (select mention_id from mention_influencers where influencer_id = @influencerId order by mention_id desc limit @scan) l
            join mention_brands b on b.brand_id = @brandId and b.mention_id = l.mention_id
            join mentions m on m.id = l.mention_id
            where m.created_at >= @from and m.created_at <= @to
            """, new { brandId, influencerId, from, to, scan }, tx, cancellationToken: ct))).ToList();
        if (rows.Count == 0) return [];
        var links = await LinksAsync(conn, rows.Select(r => r.Id).ToArray(), ct, tx);
        return rows.Select(r => (r.ToEvidence(links), r.Text)).Where(x => x.Item1.Moves).ToList();
    }

    private sealed class EvidenceRow
    {
        public long Id { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public float PNeg { get; set; }
        public float PPos { get; set; }
        public int? CorrectedLabel { get; set; }
        public long? AuthorFollowers { get; set; }
        public long Likes { get; set; }
        public long Reposts { get; set; }
        public long Replies { get; set; }
        public string AuthorHandle { get; set; } = "";
        public long? AuthorInfluencerId { get; set; }
        public bool? Scored { get; set; }
        public int? Rating { get; set; }
        public string Text { get; set; } = "";
        public DateTimeOffset IngestedAt { get; set; }
        public int Label { get; set; }
        public string? Targets { get; set; }
        public long? AuthorFollowing { get; set; }
        public long? AuthorPosts { get; set; }
        public DateTimeOffset? AuthorCreatedAt { get; set; }
        public ScoreEvidence? Evidence { get; set; }

        /// <summary>
        /// The rule for an analyst's correction (<see cref="SentimentCorrection"/>): in force, it replaces the model's
        /// reading — the polarity of its label, for every party (its per-party readings are set aside), and a mention a person
        /// read counts as read whatever its language.
        /// </summary>
        public ScoreEvidence ToEvidence((Dictionary<long, List<long>> Brands, Dictionary<long, List<long>> Influencers) links) => new(
            Id, CreatedAt,
            CorrectedLabel is { } c ? SentimentCorrection.PolarityOf((SentimentLabel)c) : PPos - PNeg,
            // Summed here, saturating, not in SQL: no stored count (however large) can overflow the recompute.
            AuthorFollowers, Engagement.SaturatingSum(Likes, Reposts, Replies),
            links.Brands.GetValueOrDefault(Id) ?? [], links.Influencers.GetValueOrDefault(Id) ?? [],
            AuthorInfluencerId, AuthorHandle, CorrectedLabel is not null || (Scored ?? true), Rating, NearDuplicate.Keys(Text), IngestedAt,
            CorrectedLabel is null ? TargetsColumn.Read(Targets) : null,
            AuthorFollowing, AuthorPosts, AuthorCreatedAt);
    }
}
