using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Core.Sentiment;

namespace FusionMonitor.Storage.Mentions;

/// <summary>Whole-store passes over the mentions: re-scoring after a model change, and reading history to rebuild scores.</summary>
public sealed class MentionMaintenance(FusionDatabase db)
{
    public sealed record TextRow(long Id, string Text);

    public async Task<long> CountOtherModelAsync(string modelVersion, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "select count(*) from mentions where model_version <> @modelVersion", new { modelVersion }, cancellationToken: ct));
    }

    /// <summary>The next mentions (by id, after <paramref name="afterId"/>) scored by another model than <paramref name="modelVersion"/>.</summary>
    public async Task<IReadOnlyList<TextRow>> NextOtherModelAsync(string modelVersion, long afterId, int limit, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<(long Id, string Text)>(new CommandDefinition(
            "select id as Id, text as Text from mentions where model_version <> @modelVersion and id > @afterId order by id limit @limit",
            new { modelVersion, afterId, limit }, cancellationToken: ct));
        return rows.Select(r => new TextRow(r.Id, r.Text)).ToList();
    }

    /// <summary>Stores new sentiment for a batch of mentions in one transaction.</summary>
    public async Task UpdateSentimentAsync(IReadOnlyList<(long Id, SentimentScore Score)> rows, string modelVersion, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(conn, ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "update mentions set label = @label, p_neg = @pNeg, p_neu = @pNeu, p_pos = @pPos, model_version = @modelVersion where id = @id",
            rows.Select(r => new { id = r.Id, label = (short)r.Score.Label, pNeg = r.Score.PNeg, pNeu = r.Score.PNeu, pPos = r.Score.PPos, modelVersion }),
            tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Every stored mention as score evidence, in (created_at, id) order, streamed in pages, with the own-post
    /// decision the matcher stored when the mention came in.
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
                    select id, created_at, p_neg, p_pos, author_followers, likes + reposts + replies as engagement, author_handle, author_influencer_id
                    from mentions {(lastAt is null ? "" : "where created_at > @lastAt or (created_at = @lastAt and id > @lastId)")}
                    order by created_at, id limit 5000
                    """, new { lastAt, lastId }, cancellationToken: ct))).ToList();
                if (page.Count == 0) yield break;
                var links = await LinksAsync(conn, page.Select(p => p.Id).ToArray(), ct);
                foreach (var r in page)
                {
                    var brands = links.Brands.GetValueOrDefault(r.Id) ?? [];
                    var influencers = links.Influencers.GetValueOrDefault(r.Id) ?? [];
                    r.Evidence = new ScoreEvidence(r.Id, r.CreatedAt, r.PPos - r.PNeg, r.AuthorFollowers, r.Engagement, brands, influencers,
                        r.AuthorInfluencerId, r.AuthorHandle);
                }
            }
            foreach (var r in page) yield return r.Evidence!;
            lastAt = page[^1].CreatedAt;
            lastId = page[^1].Id;
        }
    }

    private async Task<(Dictionary<long, List<long>> Brands, Dictionary<long, List<long>> Influencers)> LinksAsync(DbConnection conn, long[] ids, CancellationToken ct)
    {
        var any = db.Kind == DatabaseKind.Postgres ? "= any(@ids)" : "in @ids";
        var brands = await conn.QueryAsync<(long M, long E)>(new CommandDefinition($"select mention_id, brand_id from mention_brands where mention_id {any}", new { ids }, cancellationToken: ct));
        var infl = await conn.QueryAsync<(long M, long E)>(new CommandDefinition($"select mention_id, influencer_id from mention_influencers where mention_id {any}", new { ids }, cancellationToken: ct));
        return (brands.GroupBy(b => b.M).ToDictionary(g => g.Key, g => g.Select(x => x.E).Order().ToList()),
                infl.GroupBy(b => b.M).ToDictionary(g => g.Key, g => g.Select(x => x.E).Order().ToList()));
    }

    private sealed class EvidenceRow
    {
        public long Id { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public float PNeg { get; set; }
        public float PPos { get; set; }
        public long? AuthorFollowers { get; set; }
        public long Engagement { get; set; }
        public string AuthorHandle { get; set; } = "";
        public long? AuthorInfluencerId { get; set; }
        public ScoreEvidence? Evidence { get; set; }
    }
}
