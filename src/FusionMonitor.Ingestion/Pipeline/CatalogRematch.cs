using Dapper;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Core.Text;
using FusionMonitor.Ingestion.Scoring;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.Sentiment.Scoring;
using Microsoft.Extensions.Logging;

namespace FusionMonitor.Ingestion.Pipeline;

/// <summary>
/// After entities change, matches the recent stored mentions again, so a brand, alias, keyword, influencer or handle
/// added a moment after its mentions arrived still gets them: nothing is lost to timing. Bounded: the newest
/// <see cref="Limit"/> mentions stored in the last <see cref="Window"/>, read backwards along the primary key, each
/// matched once per pass (constant cost per mention). A mention only gains links here — links it has stay, the
/// re-match never removes one — and only the scopes and rollups it newly feeds move (<see cref="ScoreEffects"/> with
/// what it counted for before), in one transaction per page; its <c>mentionScored</c> is announced again with the new
/// brands. The own-post verdict of the scopes it already fed is kept. A party it newly names is read per party
/// (<see cref="PartyReadings"/>, its stored <c>targets</c> extended in the same transaction), so the new scope reads the
/// polarity toward that party, as it would have had the party been known when the mention arrived.
/// <para>
/// One instance at a time (a PostgreSQL session lock that dies with its holder); it catches up to the newest version
/// before letting go, and every instance's <see cref="CatalogWatcher"/> tries again when the stored re-matched version
/// is behind, so a change made while a pass ran is re-matched too.
/// </para>
/// </summary>
public sealed class CatalogRematch(FusionDatabase db, CatalogVersions versions, EntityCatalog catalog, RecentMentions recent, ScoreEffects effects,
    LiveNotifier notifier, PartyReadings parties, TimeProvider clock, ILogger<CatalogRematch> log)
{
    /// <summary>How far back a change reaches: mentions stored within this long before the pass.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>At most this many of the newest mentions in the window are matched again per pass.</summary>
    public const int Limit = 20_000;

    private const int Page = 500;
    private const long LockKey = 0x46_55_53_52_45_4D; // "FUSREM"

    /// <summary>Re-matches until every catalogue version has been; returns how many mentions gained links. 0 when another instance is at it.</summary>
    public async Task<int> CatchUpAsync(CancellationToken ct = default)
    {
        await using var guard = await db.OpenAsync(ct);
        if (db.Kind == DatabaseKind.Postgres &&
            !await guard.ExecuteScalarAsync<bool>(new CommandDefinition("select pg_try_advisory_lock(@k)", new { k = LockKey }, cancellationToken: ct)))
            return 0;
        try
        {
            var gained = 0;
            while (true)
            {
                var (version, rematched) = await versions.StateAsync(ct);
                if (rematched >= version) return gained;
                catalog.Advance(version);
                var snapshot = await catalog.GetAsync(ct);
                gained += await PassAsync(snapshot, ct);
                await versions.MarkRematchedAsync(snapshot.Version, ct);
            }
        }
        finally
        {
            if (db.Kind == DatabaseKind.Postgres)
                await guard.ExecuteAsync(new CommandDefinition("select pg_advisory_unlock(@k)", new { k = LockKey }, cancellationToken: CancellationToken.None));
        }
    }

    private async Task<int> PassAsync(EntityCatalog.Snapshot snapshot, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var since = now - Window;
        long before = long.MaxValue;
        int read = 0, gained = 0;
        while (read < Limit)
        {
            var page = await recent.PageAsync(before, since, Math.Min(Page, Limit - read), ct);
            if (page.Count == 0) break;
            read += page.Count;
            before = page[^1].Id;
            gained += await RematchAsync(page, snapshot, now, ct);
        }
        if (gained > 0) log.LogInformation("Catalogue version {Version}: {Gained} of the {Read} most recent mentions matched more brands or influencers", snapshot.Version, gained, read);
        return gained;
    }

    private async Task<int> RematchAsync(IReadOnlyList<RecentMention> page, EntityCatalog.Snapshot snapshot, DateTimeOffset now, CancellationToken ct)
    {
        var changed = new List<(RecentMention Old, StoredMention New)>();
        var newParties = new List<PartyReadings.Item>();
        foreach (var m in page)
        {
            var match = snapshot.Matcher.Match(m.Scored.Mention);
            var brands = m.Scored.BrandIds.Union(match.BrandIds).Order().ToList();
            var influencers = m.Scored.InfluencerIds.Union(match.InfluencerIds).Order().ToList();
            if (brands.Count == m.Scored.BrandIds.Count && influencers.Count == m.Scored.InfluencerIds.Count) continue;
            var scored = m.Scored with { BrandIds = brands, InfluencerIds = influencers, AuthorInfluencerId = m.Scored.AuthorInfluencerId ?? match.AuthorInfluencerId };
            changed.Add((m, new StoredMention(m.Id, changed.Count, scored)));
            var reading = new SentimentReading(m.Scored.Sentiment, new LanguageReading(m.Scored.Mention.Lang ?? LanguageReading.Undetermined, 1), m.Scored.IsScored, m.Scored.ModelVersion);
            newParties.Add(new PartyReadings.Item(TextCut.Cut(m.Scored.Mention.Text, MentionPipeline.MaxScoredChars), match,
                brands.Except(m.Scored.BrandIds).ToList(), influencers.Except(m.Scored.InfluencerIds).ToList(), reading));
        }
        if (changed.Count == 0) return 0;

        // The new parties' readings, outside the transaction (the encoder's passes hold no lock). A mention with no stored
        // readings (stored before them, or corrected: a correction stands for every party) keeps none.
        var read = parties.Read(newParties);
        var targetsChanged = new List<(long Id, IReadOnlyList<TargetReading> Targets)>();
        for (var i = 0; i < changed.Count; i++)
        {
            if (changed[i].Old.Scored.Targets is not { } had || read[i] is not { Count: > 0 } added) continue;
            var merged = had.Concat(added).OrderBy(t => t.Kind == TargetKind.Brand ? 0 : 1).ThenBy(t => t.Id).ToList();
            changed[i] = (changed[i].Old, changed[i].New with { Scored = changed[i].New.Scored with { Targets = merged } });
            targetsChanged.Add((changed[i].New.Id, merged));
        }

        IReadOnlyList<LiveEvent> moved;
        await using (var conn = await db.OpenAsync(ct))
        await using (var tx = await db.BeginWriteAsync(conn, ct))
        {
            await RecentMentions.AddLinksAsync(conn, tx, changed.Select(c => (c.New.Id,
                (IReadOnlyList<long>)c.New.Scored.BrandIds.Except(c.Old.Scored.BrandIds).ToList(),
                (IReadOnlyList<long>)c.New.Scored.InfluencerIds.Except(c.Old.Scored.InfluencerIds).ToList(),
                c.New.Scored.AuthorInfluencerId)).ToList(), ct);
            if (targetsChanged.Count > 0) await RecentMentions.SetTargetsAsync(conn, tx, targetsChanged, ct);
            moved = await effects.ApplyAsync(conn, tx, changed.Select(c => c.New).ToList(), now, ct,
                countedBefore: changed.Select(c => ScoreEvidence.From(c.Old.Id, c.Old.Scored)).ToList());
            await tx.CommitAsync(ct);
        }
        notifier.PublishCommitted(changed.Select(c => c.New).ToList(), moved);
        return changed.Count;
    }
}
