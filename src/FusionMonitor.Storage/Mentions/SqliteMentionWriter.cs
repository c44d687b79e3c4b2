using FusionMonitor.Core.Mentions;
using Microsoft.Data.Sqlite;

namespace FusionMonitor.Storage.Mentions;

/// <summary>SQLite bulk path: one prepared statement per table, reused for every row of the batch, in the caller's transaction.</summary>
internal static class SqliteMentionWriter
{
    public static async Task<List<StoredMention>> InsertAsync(SqliteConnection conn, SqliteTransaction tx,
        IReadOnlyList<(int Index, ScoredMention M)> rows, CancellationToken ct)
    {
        await using var insert = conn.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = """
            insert into mentions (source, external_id, url, author_handle, author_name, author_followers, text, lang, created_at,
                ingested_at, likes, reposts, replies, rating, label, p_neg, p_neu, p_pos, model_version, matched, author_influencer_id, scored, targets,
                author_following, author_posts, author_created_at)
            values ($source, $externalId, $url, $authorHandle, $authorName, $authorFollowers, $text, $lang, $createdAt,
                $ingestedAt, $likes, $reposts, $replies, $rating, $label, $pNeg, $pNeu, $pPos, $modelVersion, $matched, $authorInfluencerId, $scored, $targets,
                $authorFollowing, $authorPosts, $authorCreatedAt)
            on conflict (source, external_id) do nothing
            returning id
            """;
        var p = new Dictionary<string, SqliteParameter>();
        foreach (var name in new[] { "source", "externalId", "url", "authorHandle", "authorName", "authorFollowers", "text", "lang", "createdAt",
                     "ingestedAt", "likes", "reposts", "replies", "rating", "label", "pNeg", "pNeu", "pPos", "modelVersion", "matched", "authorInfluencerId", "scored", "targets",
                     "authorFollowing", "authorPosts", "authorCreatedAt" })
            p[name] = insert.Parameters.Add(new SqliteParameter("$" + name, null));

        await using var brand = conn.CreateCommand();
        brand.Transaction = tx;
        brand.CommandText = "insert or ignore into mention_brands (mention_id, brand_id) values ($m, $e)";
        var bm = brand.Parameters.Add(new SqliteParameter("$m", 0L));
        var be = brand.Parameters.Add(new SqliteParameter("$e", 0L));

        await using var influencer = conn.CreateCommand();
        influencer.Transaction = tx;
        influencer.CommandText = "insert or ignore into mention_influencers (mention_id, influencer_id) values ($m, $e)";
        var im = influencer.Parameters.Add(new SqliteParameter("$m", 0L));
        var ie = influencer.Parameters.Add(new SqliteParameter("$e", 0L));

        // The full-text index (mentions_fts, external content over mentions.text) moves with the rows, in this transaction.
        await using var search = conn.CreateCommand();
        search.Transaction = tx;
        search.CommandText = "insert into mentions_fts (rowid, text) values ($m, $text)";
        var sm = search.Parameters.Add(new SqliteParameter("$m", 0L));
        var st = search.Parameters.Add(new SqliteParameter("$text", ""));

        var stored = new List<StoredMention>(rows.Count);
        foreach (var (index, s) in rows)
        {
            var m = s.Mention;
            var e = m.Engagement ?? Engagement.None;
            p["source"].Value = m.Source;
            p["externalId"].Value = m.ExternalId;
            p["url"].Value = (object?)m.Url ?? DBNull.Value;
            p["authorHandle"].Value = m.Author.Handle;
            p["authorName"].Value = (object?)m.Author.Name ?? DBNull.Value;
            p["authorFollowers"].Value = (object?)m.Author.Followers ?? DBNull.Value;
            p["text"].Value = m.Text;
            p["lang"].Value = (object?)m.Lang ?? DBNull.Value;
            p["createdAt"].Value = DapperSetup.ToSqliteText(m.CreatedAt);
            p["ingestedAt"].Value = DapperSetup.ToSqliteText(s.IngestedAt);
            p["likes"].Value = e.Likes;
            p["reposts"].Value = e.Reposts;
            p["replies"].Value = e.Replies;
            p["rating"].Value = (object?)m.Rating ?? DBNull.Value;
            p["label"].Value = (int)s.Sentiment.Label;
            p["pNeg"].Value = s.Sentiment.PNeg;
            p["pNeu"].Value = s.Sentiment.PNeu;
            p["pPos"].Value = s.Sentiment.PPos;
            p["modelVersion"].Value = s.ModelVersion;
            p["matched"].Value = s.BrandIds.Count > 0 || s.InfluencerIds.Count > 0;
            p["authorInfluencerId"].Value = (object?)s.AuthorInfluencerId ?? DBNull.Value;
            p["scored"].Value = s.IsScored;
            p["targets"].Value = (object?)TargetsColumn.Write(s.Targets) ?? DBNull.Value;
            p["authorFollowing"].Value = (object?)m.Author.Following ?? DBNull.Value;
            p["authorPosts"].Value = (object?)m.Author.Posts ?? DBNull.Value;
            p["authorCreatedAt"].Value = m.Author.CreatedAt is { } since ? DapperSetup.ToSqliteText(since) : DBNull.Value;
            var id = await insert.ExecuteScalarAsync(ct);
            if (id is null or DBNull) continue; // already stored: a duplicate
            var mentionId = (long)id;
            sm.Value = mentionId; st.Value = m.Text;
            await search.ExecuteNonQueryAsync(ct);
            foreach (var b in s.BrandIds.Distinct())
            {
                bm.Value = mentionId; be.Value = b;
                await brand.ExecuteNonQueryAsync(ct);
            }
            foreach (var i in s.InfluencerIds.Distinct())
            {
                im.Value = mentionId; ie.Value = i;
                await influencer.ExecuteNonQueryAsync(ct);
            }
            stored.Add(new StoredMention(mentionId, index, s));
        }
        return stored;
    }
}
