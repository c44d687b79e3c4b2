using System.Data.Common;
using System.Text.Json;
using FusionMonitor.Core.Matching;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Core.Text;
using FusionMonitor.Ingestion.Scoring;
using FusionMonitor.Sentiment.Scoring;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Storage.Mentions;

namespace FusionMonitor.Ingestion.Pipeline;

/// <summary>
/// The one path every mention takes, whatever brought it (connector, push, import, demo): validate → match → score
/// sentiment (the whole text, then toward each party it names) → store, with the Fusion Score effects in the same transaction → publish to the
/// <see cref="LiveNotifier"/> once committed (the hub, the pages and alert evaluation listen there). Thread-safe.
/// </summary>
public sealed class MentionPipeline(
    FusionDatabase db,
    MentionStore mentions,
    EntityCatalog catalog,
    EntityStore entities,
    ISentimentReader sentiment,
    PartyReadings parties,
    ScoreEffects scoreEffects,
    LiveNotifier notifier,
    TimeProvider clock)
{
    /// <summary>Sentiment reads at most this many characters; the stored text stays whole.</summary>
    public const int MaxScoredChars = 2_000;

    /// <summary>
    /// Tries at matching against a catalogue that changed meanwhile; the last one commits whatever it matched (the
    /// re-match of recent mentions after each change catches what it missed).
    /// </summary>
    private const int MaxCatalogRetries = 3;

    /// <param name="items">The batch; null items (unparseable input) must come with a reason in <paramref name="preRejected"/>.</param>
    /// <param name="preRejected">Items the caller already found bad (e.g. JSON that did not bind), quarantined with the rest.</param>
    /// <param name="alsoInTransaction">More work to commit with the batch (a source's cursor), given the batch's report.</param>
    /// <param name="writableBrandIds">
    /// The brands a brand-limited caller may write for (null: any). Its mentions link only as <see cref="WriteScope"/>
    /// allows, and one that would link nothing it may touch is rejected with <see cref="WriteScope.Refusal"/>.
    /// </param>
    public async Task<IngestResult> IngestAsync(IReadOnlyList<IncomingMention?> items, IReadOnlyList<RejectedItem>? preRejected = null,
        Func<DbConnection, DbTransaction, IngestResult, CancellationToken, Task>? alsoInTransaction = null, CancellationToken ct = default,
        IReadOnlySet<long>? writableBrandIds = null)
    {
        var now = clock.GetUtcNow();

        // Validation happens here and only here: the store takes valid rows, each with its index in this batch.
        var rejected = new List<RejectedItem>(preRejected ?? []);
        var alreadyRejected = rejected.Select(r => r.Index).ToHashSet();
        var valid = new List<(int Index, IncomingMention Mention)>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (alreadyRejected.Contains(i)) continue;
            var m = items[i];
            if (MentionValidator.Validate(m, now) is { } reason) rejected.Add(new RejectedItem(i, reason, m?.Source, m?.ExternalId, Describe(m)));
            else valid.Add((i, m!));
        }

        // Each mention is read in its language (the feed's value is a hint); one its language has no model for is
        // stored as unscored, with its language, and moves nothing.
        // The language is read from the words around the names the matcher finds (a name is no evidence of language).
        var cut = valid.Select(v => TextCut.Cut(v.Mention.Text, MaxScoredChars)).ToList();
        var snapshot = await catalog.GetAsync(ct);
        var matches = valid.Select(v => snapshot.Matcher.Match(v.Mention)).ToList();
        var readings = valid.Count == 0 ? [] : sentiment.Read(cut, valid.Select(v => v.Mention.Lang).ToList(), cut.Select((c, i) => matches[i].WithoutNames(c)).ToList());

        // Matched with this instance's catalogue (kept current by the CatalogWatcher's notifications), and committed
        // only if it is the store's current version: the transaction reads the version holding the catalogue lock, so
        // no entity change commits in between; a catalogue that fell behind is rebuilt and the batch matched again.
        IngestResult report;
        IReadOnlyList<LiveEvent> moved = [];
        long? changed = null;
        for (var attempt = 1; ; attempt++)
        {
            if (changed is { } newer)
            {
                catalog.Advance(newer);
                snapshot = await catalog.GetAsync(ct);
                matches = valid.Select(v => snapshot.Matcher.Match(v.Mention)).ToList();
            }
            await using var conn = await db.OpenAsync(ct);
            // A brand-limited caller's mentions: the pairs of the influencers they name, read once for the batch
            // (bounded by what the batch touches), decide what each may link to; one left linking nothing is refused.
            var refused = new List<RejectedItem>(rejected);
            var pairsByInfluencer = writableBrandIds is null ? null
                : (await PairsOfAsync(conn, matches.SelectMany(m => m.InfluencerIds).ToHashSet(), ct)).ToLookup(p => p.InfluencerId);
            var kept = new List<(int Index, IncomingMention Mention, MatchResult Match, SentimentReading Reading, string Cut)>(valid.Count);
            for (var i = 0; i < valid.Count; i++)
            {
                var (index, mention) = valid[i];
                var match = matches[i];
                if (writableBrandIds is not null)
                {
                    if (WriteScope.Restrict(match, writableBrandIds, pairsByInfluencer!) is not { } allowed)
                    {
                        refused.Add(new RejectedItem(index, WriteScope.Refusal, mention.Source, mention.ExternalId, Describe(mention)));
                        continue;
                    }
                    match = allowed;
                }
                kept.Add((index, mention, match, readings[i], cut[i]));
            }
            // The polarity toward each brand and influencer each mention names, the batch read at once (outside the
            // transaction: the encoder's passes hold no lock).
            var targets = parties.Read(kept.Select(k => new PartyReadings.Item(k.Cut, k.Match, k.Match.BrandIds, k.Match.InfluencerIds, k.Reading)).ToList());
            var scored = kept.Select((k, i) => (k.Index, new ScoredMention(k.Mention with { Lang = k.Reading.Lang }, k.Reading.Score, k.Reading.ModelVersion,
                k.Match.BrandIds, k.Match.InfluencerIds, now, k.Match.AuthorInfluencerId, k.Reading.Scored, targets[i]))).ToList();

            await using var tx = await db.BeginWriteAsync(conn, ct);
            var version = await CatalogVersions.ReadHoldingAsync(conn, tx, ct);
            if (version != snapshot.Version && attempt < MaxCatalogRetries)
            {
                await tx.RollbackAsync(ct);
                changed = version;
                continue;
            }
            var result = await mentions.IngestAsync(conn, tx, scored, refused, now, ct);
            // The seam where durable state moves with the mentions: the scopes they touch and the rollups commit with them.
            if (result.Inserted.Count > 0) moved = await scoreEffects.ApplyAsync(conn, tx, result.Inserted, now, ct);
            report = result;
            if (alsoInTransaction is not null) await alsoInTransaction(conn, tx, report, ct);
            await tx.CommitAsync(ct);
            break;
        }

        if (report.Inserted.Count > 0) notifier.PublishCommitted(report.Inserted, moved);
        return report;
    }

    private async Task<IReadOnlyList<Core.Entities.Pair>> PairsOfAsync(DbConnection conn, IReadOnlyCollection<long> influencerIds, CancellationToken ct) =>
        influencerIds.Count == 0 ? [] : await entities.PairsOfAsync(conn, null, [], influencerIds, ct);

    /// <summary>
    /// What arrived, for the quarantine: the mention as JSON (strings escaped, so even a NUL or an unpaired surrogate
    /// is kept visibly), its text cut to the quarantine's limit first.
    /// </summary>
    private static string? Describe(IncomingMention? m) =>
        m is null ? null : JsonSerializer.Serialize(m with { Text = m.Text is null ? "" : TextCut.Cut(m.Text, RejectedItem.MaxPayload) }, DescribeOptions);

    private static readonly JsonSerializerOptions DescribeOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
