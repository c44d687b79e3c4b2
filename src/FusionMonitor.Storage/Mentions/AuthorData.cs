using System.Data.Common;
using Dapper;
using FusionMonitor.Core.Alerts;
using FusionMonitor.Core.Matching;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Storage.Alerts;
using FusionMonitor.Storage.Scores;

namespace FusionMonitor.Storage.Mentions;

/// <summary>An author as an erasure request names them: a platform (the part of a mention's source before ':') and a handle.</summary>
public sealed record AuthorRef(string Platform, string Handle)
{
    /// <summary>Reads <c>platform:handle</c> ("bluesky:nova.bsky.social", "reddit:@throwaway"); null when either part is missing.</summary>
    public static AuthorRef? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var colon = text.IndexOf(':');
        if (colon <= 0 || colon == text.Length - 1) return null;
        var platform = EntityMatcher.PlatformOf(text[..colon]);
        var handle = EntityMatcher.NormalizeHandle(text[(colon + 1)..]);
        return platform.Length == 0 || handle.Length == 0 || handle.Any(char.IsWhiteSpace) ? null : new AuthorRef(platform, handle);
    }

    /// <summary>Whether a stored mention's source and author handle are this author's (the matcher's rule for who an author is).</summary>
    public bool Wrote(string source, string authorHandle) =>
        EntityMatcher.PlatformOf(source) == Platform && EntityMatcher.NormalizeHandle(authorHandle) == Handle;

    public override string ToString() => $"{Platform}:{Handle}";
}

/// <summary>One stored mention of an author, as an erasure takes it: its id and the label in force.</summary>
public sealed record AuthoredMention(long Id, SentimentLabel InForce);

/// <summary>
/// The writers an erasure (<c>AuthorErasure</c>) uses, in the caller's transaction: finding and locking one author's
/// mentions through the <c>mentions_author</c> index, deleting them with everything keyed by them (brand and influencer
/// links, corrections, SQLite's full-text rows), taking them out of stored alert evidence, and deleting quarantined
/// items whose payload names the author.
/// </summary>
public sealed class AuthorData(FusionDatabase db, AlertStore alerts)
{
    private const int Chunk = 1000;

    /// <summary>The author's stored mentions, their rows locked until the transaction ends (PostgreSQL).</summary>
    public async Task<IReadOnlyList<AuthoredMention>> LockAsync(DbConnection conn, DbTransaction tx, AuthorRef author, CancellationToken ct)
    {
        // Candidates by the index on lower(author_handle) (stored with or without '@'); the exact rule (folding, the
        // source's platform) is the matcher's and runs here, so a look-alike handle on another platform is never taken.
        var rows = await conn.QueryAsync<(long Id, string Source, string Handle, int Label)>(new CommandDefinition(
            $"""
            select id, source, author_handle, coalesce(corrected_label, label) from mentions
            where lower(author_handle) in (@plain, @at) order by id{(db.Kind == DatabaseKind.Postgres ? " for update" : "")}
            """, new { plain = author.Handle.ToLowerInvariant(), at = "@" + author.Handle.ToLowerInvariant() }, tx, cancellationToken: ct));
        return rows.Where(r => author.Wrote(r.Source, r.Handle)).Select(r => new AuthoredMention(r.Id, (SentimentLabel)r.Label)).ToList();
    }

    /// <summary>Deletes the mentions and every row keyed by them.</summary>
    public async Task DeleteAsync(DbConnection conn, DbTransaction tx, IReadOnlyList<long> ids, CancellationToken ct)
    {
        var any = db.Kind == DatabaseKind.Postgres ? "= any(@ids)" : "in @ids";
        foreach (var chunk in ids.Chunk(Chunk))
        {
            var args = new { ids = chunk };
            foreach (var table in new[] { "sentiment_corrections", "mention_brands", "mention_influencers" })
                await conn.ExecuteAsync(new CommandDefinition($"delete from {table} where mention_id {any}", args, tx, cancellationToken: ct));
            if (db.Kind == DatabaseKind.Sqlite)
                await conn.ExecuteAsync(new CommandDefinition(
                    $"insert into mentions_fts (mentions_fts, rowid, text) select 'delete', id, text from mentions where id {any}", args, tx, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition($"delete from mentions where id {any}", args, tx, cancellationToken: ct));
        }
    }

    /// <summary>
    /// Takes the mentions out of the evidence of the given brands' alerts and of the given alert streams' kept states;
    /// returns how many alerts changed.
    /// </summary>
    public async Task<int> ScrubAlertsAsync(DbConnection conn, DbTransaction tx, IReadOnlyCollection<long> brandIds, IReadOnlyCollection<string> streams,
        IReadOnlySet<long> mentionIds, CancellationToken ct)
    {
        if (mentionIds.Count == 0) return 0;
        var changed = 0;
        if (brandIds.Count > 0)
        {
            var rows = await conn.QueryAsync<(long Id, string Evidence)>(new CommandDefinition(
                $"select id, evidence from alerts where brand_id {(db.Kind == DatabaseKind.Postgres ? "= any(@brands)" : "in @brands")}",
                new { brands = brandIds.ToArray() }, tx, cancellationToken: ct));
            foreach (var (id, json) in rows)
            {
                var evidence = ScoreJson.Read<AlertEvidence>(json);
                var scrubbed = evidence.Without(mentionIds);
                if (ReferenceEquals(scrubbed, evidence)) continue;
                await conn.ExecuteAsync(new CommandDefinition("update alerts set evidence = @evidence where id = @id",
                    new { id, evidence = ScoreJson.Write(scrubbed) }, tx, cancellationToken: ct));
                changed++;
            }
        }
        foreach (var state in (await alerts.StatesAsync(conn, tx, streams, ct)).Values)
        {
            if (state.Evidence is not { } evidence || ReferenceEquals(evidence.Without(mentionIds), evidence)) continue;
            await conn.ExecuteAsync(new CommandDefinition("update alert_states set state = @state where key = @key",
                new { key = state.Key, state = ScoreJson.Write(state with { Evidence = evidence.Without(mentionIds) }) }, tx, cancellationToken: ct));
        }
        return changed;
    }

    /// <summary>Deletes quarantined items whose payload names the handle (any case) and whose source, when known, is on
    /// the author's platform; returns how many. A rejected payload cannot be parsed for its author, so the handle's
    /// text is the test: an item quoting the handle goes too, which loses only data that was already refused.</summary>
    public async Task<int> DeleteQuarantinedAsync(DbConnection conn, DbTransaction tx, AuthorRef author, CancellationToken ct)
    {
        var find = db.Kind == DatabaseKind.Postgres ? "strpos(lower(payload), @handle) > 0" : "instr(lower(payload), @handle) > 0";
        var rows = await conn.QueryAsync<(long Id, string? Source)>(new CommandDefinition(
            $"select id, source from rejected_items where payload is not null and {find}", new { handle = author.Handle.ToLowerInvariant() }, tx, cancellationToken: ct));
        var ids = rows.Where(r => r.Source is null || EntityMatcher.PlatformOf(r.Source) == author.Platform).Select(r => r.Id).ToArray();
        var any = db.Kind == DatabaseKind.Postgres ? "= any(@ids)" : "in @ids";
        var deleted = 0;
        foreach (var chunk in ids.Chunk(Chunk))
            deleted += await conn.ExecuteAsync(new CommandDefinition($"delete from rejected_items where id {any}", new { ids = chunk }, tx, cancellationToken: ct));
        return deleted;
    }
}
