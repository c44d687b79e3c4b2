using System.Data.Common;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Core.Strategy;
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
public sealed class StrategyRollupEffects(FusionDatabase db, BrandMentionReads reads, LinearSentimentScorer fast, ScoreOptions options)
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

    /// <summary>Mentions as the rollups take them, their aspects read.</summary>
    public StrategyBatch Fold(IReadOnlyList<(StrategyMention Mention, string? Text, string? Lang)> mentions)
    {
        var aspects = Read(mentions.Select(m => (m.Mention.Scored, m.Text, m.Lang)).ToList());
        return StrategyRollups.Fold(mentions.Select((m, i) => m.Mention with { Aspects = aspects[i] }), options);
    }

    /// <summary>
    /// The polarity toward each aspect each text names: null for a text not analysed (no model read it, or neither
    /// English nor of no telling language: the lexicon's language), else the aspects it names (<see cref="AspectLexicon.Default"/>),
    /// each with the fast model's reading of the clause around its terms (<see cref="ClauseTargetScorer"/>).
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>?> Read(IReadOnlyList<(bool Scored, string? Text, string? Lang)> texts)
    {
        var result = new IReadOnlyDictionary<string, double>?[texts.Count];
        var hits = new List<(int Index, IReadOnlyList<AspectHit> Hits)>();
        for (var i = 0; i < texts.Count; i++)
        {
            var (scored, text, lang) = texts[i];
            if (!scored || lang is not (null or "en" or "und") || string.IsNullOrEmpty(text)) continue;
            var found = AspectLexicon.Default.Detect(text);
            result[i] = found.Count == 0 ? Empty : null;
            if (found.Count > 0) hits.Add((i, found));
        }
        if (hits.Count == 0) return result;
        var scores = _clauses.ScoreTargets(hits.Select(h => new TargetedText(texts[h.Index].Text!, h.Hits.Select(a => new SentimentTarget(a.Spans)).ToList())).ToList());
        for (var t = 0; t < hits.Count; t++)
        {
            var named = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var k = 0; k < hits[t].Hits.Count; k++) named[hits[t].Hits[k].Aspect] = scores[t][k].Polarity;
            result[hits[t].Index] = named;
        }
        return result;
    }

    private static readonly IReadOnlyDictionary<string, double> Empty = new Dictionary<string, double>();

    private async Task WriteAsync(DbConnection conn, DbTransaction tx, IReadOnlyList<(StrategyMention Mention, string? Text, string? Lang)> mentions, bool negate,
        CancellationToken ct)
    {
        if (mentions.Count == 0) return;
        var batch = Fold(mentions);
        if (!batch.IsEmpty) await StrategyRollupStore.AddAsync(conn, tx, db.Kind, negate ? StrategyRollups.Negate(batch) : batch, ct);
    }
}
