using System.Data.Common;
using FusionMonitor.Core.Matching;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Core.Strategy;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Sentiment.Scoring;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.Storage.Strategy;

namespace FusionMonitor.Ingestion.Strategy;

/// <summary>
/// What mentions add to the strategy rollups (<see cref="StrategyRollups"/>), in the caller's transaction: a new batch
/// (<see cref="AddAsync(DbConnection, DbTransaction, IReadOnlyList{StoredMention}, IReadOnlyList{ScoreEvidence}, IReadOnlyList{ScoreEvidence}?, CancellationToken)"/>),
/// and stored mentions taken out or put back as they read now (<see cref="MoveAsync"/>: a correction, an erasure).
/// Each mention's aspects are read as the aspects read did (<see cref="Read"/>): the lexicon's terms and the fast model's
/// reading of the clause around them. Cost: the mentions given, each once.
/// </summary>
/// <param name="readAspects">False reads no aspects (every mention counts as not analysed, the aspects rollup stays empty):
/// only the pipeline benchmark's baseline, to measure what the aspect step costs inside the pipeline.</param>
public sealed class StrategyRollupEffects(FusionDatabase db, BrandMentionReads reads, LinearSentimentScorer fast, EntityCatalog catalog, ScoreOptions options,
    bool readAspects = true)
{
    private readonly ClauseTargetScorer _clauses = new(fast);

    /// <summary>
    /// A committed batch: each mention counted for the brands it newly counts for (all of them for a new mention; for
    /// a stored one that gained brands, <paramref name="countedBefore"/>, those it did not count for).
    /// </summary>
    public Task AddAsync(DbConnection conn, DbTransaction tx, IReadOnlyList<StoredMention> inserted, IReadOnlyList<ScoreEvidence> evidence,
        IReadOnlyList<ScoreEvidence>? countedBefore, CancellationToken ct)
    {
        var mentions = new List<(StrategyMention Mention, string? Text, string? Lang)>(inserted.Count);
        for (var i = 0; i < inserted.Count; i++)
        {
            var e = evidence[i];
            var brandIds = countedBefore is null || !countedBefore[i].Moves ? e.BrandIds : e.BrandIds.Except(countedBefore[i].BrandIds).ToList();
            if (!e.Moves || brandIds.Count == 0) continue;
            var m = inserted[i].Scored.Mention;
            mentions.Add((new StrategyMention(e.CreatedAt, m.Source, m.Author.Handle, e.AuthorFollowers, e.Engagement, e.Polarity, e.Rating, true,
                brandIds.Select(b => (b, MentionWeight.TextPolarityFor(e, ScopeKey.ForBrand(b)))).ToList(), null,
                e.AuthorFollowing, e.AuthorPosts, e.AuthorSince), m.Text, m.Lang));
        }
        return WriteAsync(conn, tx, mentions, negate: false, ct);
    }

    /// <summary>Takes stored mentions out of the rollups (<paramref name="negate"/>) or puts them in, as they read now in the caller's transaction.</summary>
    public async Task MoveAsync(DbConnection conn, DbTransaction tx, IReadOnlyCollection<long> mentionIds, bool negate, CancellationToken ct)
    {
        var rows = await reads.ByIdsAsync(conn, tx, mentionIds, ct);
        await WriteAsync(conn, tx, rows.Select(r => (r.Mention, r.Text, r.Lang)).ToList(), negate, ct);
    }

    /// <summary>Mentions as the rollups take them, their aspects read (and attributed to the brands the text names, with the catalogue's current matcher).</summary>
    public async Task<StrategyBatch> FoldAsync(IReadOnlyList<(StrategyMention Mention, string? Text, string? Lang)> mentions, CancellationToken ct = default)
    {
        var matcher = (await catalog.GetAsync(ct)).Matcher;
        var aspects = Read(mentions.Select(m => (m.Mention.Scored, m.Text, m.Lang)).ToList(), matcher);
        return StrategyRollups.Fold(mentions.Select((m, i) => m.Mention with { Aspects = aspects[i].Aspects, AspectsByBrand = aspects[i].ByBrand }), options);
    }

    /// <summary>
    /// The polarity toward each aspect each text names: <see cref="AspectReading.Aspects"/> null for a text not analysed (no
    /// model read it, or neither English nor of no telling language: the lexicon's language), else the aspects it names
    /// (<see cref="AspectLexicon.Default"/>), each with the fast model's reading of the clause around its terms
    /// (<see cref="ClauseTargetScorer"/>). Where <paramref name="matcher"/> finds the text naming brands, each brand's own
    /// aspects (<see cref="AspectAttribution"/>) in <see cref="AspectReading.ByBrand"/> whenever they differ from the
    /// whole text's, read from the clauses of its own terms. Cost: one lexicon pass a text, one match of a text naming an
    /// aspect, one batched fast-model call over the distinct clauses.
    /// </summary>
    public IReadOnlyList<AspectReading> Read(IReadOnlyList<(bool Scored, string? Text, string? Lang)> texts, EntityMatcher? matcher)
    {
        var result = new AspectReading[texts.Count];
        if (!readAspects) return result;
        var asked = new List<TargetedText>();
        var plans = new List<(int Index, IReadOnlyList<AspectHit> Hits, List<(long Brand, IReadOnlyList<AspectHit> Hits, int First)> Brands)>();
        for (var i = 0; i < texts.Count; i++)
        {
            var (scored, text, lang) = texts[i];
            if (!scored || lang is not (null or "en" or "und") || string.IsNullOrEmpty(text)) continue;
            var found = AspectLexicon.Default.Detect(text);
            result[i] = new AspectReading(Empty, null);
            if (found.Count == 0) continue;
            var targets = found.Select(a => new SentimentTarget(a.Spans)).ToList();
            var brands = new List<(long, IReadOnlyList<AspectHit>, int)>();
            if (matcher is not null && AspectAttribution.BrandsNamed(matcher.MatchText(text)) is { Count: > 0 } named)
            {
                foreach (var id in named.Select(n => n.Id).Distinct())
                {
                    var own = AspectAttribution.About(text, found, id, named);
                    if (Same(own, found)) continue;
                    brands.Add((id, own, targets.Count));
                    targets.AddRange(own.Select(a => new SentimentTarget(a.Spans)));
                }
            }
            asked.Add(new TargetedText(text, targets));
            plans.Add((i, found, brands));
        }
        if (asked.Count == 0) return result;
        var scores = _clauses.ScoreTargets(asked);
        for (var t = 0; t < plans.Count; t++)
        {
            var (index, hits, brands) = plans[t];
            Dictionary<long, IReadOnlyDictionary<string, double>>? byBrand = brands.Count == 0 ? null : [];
            foreach (var (brand, own, first) in brands) byBrand![brand] = Named(own, scores[t], first);
            result[index] = new AspectReading(Named(hits, scores[t], 0), byBrand);
        }
        return result;
    }

    private static Dictionary<string, double> Named(IReadOnlyList<AspectHit> hits, IReadOnlyList<SentimentScore> scores, int first)
    {
        var named = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var k = 0; k < hits.Count; k++) named[hits[k].Aspect] = scores[first + k].Polarity;
        return named;
    }

    private static bool Same(IReadOnlyList<AspectHit> a, IReadOnlyList<AspectHit> b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a.Count != b.Count) return false;
        for (var k = 0; k < a.Count; k++)
            if (!ReferenceEquals(a[k], b[k])) return false;
        return true;
    }

    private static readonly IReadOnlyDictionary<string, double> Empty = new Dictionary<string, double>();

    private async Task WriteAsync(DbConnection conn, DbTransaction tx, IReadOnlyList<(StrategyMention Mention, string? Text, string? Lang)> mentions, bool negate,
        CancellationToken ct)
    {
        if (mentions.Count == 0) return;
        var batch = await FoldAsync(mentions, ct);
        if (!batch.IsEmpty) await StrategyRollupStore.AddAsync(conn, tx, db.Kind, negate ? StrategyRollups.Negate(batch) : batch, ct);
    }
}
