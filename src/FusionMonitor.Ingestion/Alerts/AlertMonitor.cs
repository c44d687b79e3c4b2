using Dapper;
using FusionMonitor.Core.Alerts;
using FusionMonitor.Core.Entities;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Core.Strategy;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Ingestion.Scoring;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Alerts;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.Storage.Scores;

namespace FusionMonitor.Ingestion.Alerts;

/// <summary>
/// One follow-up cycle, incremental: in one transaction it reads the score scopes changed since the last cycle (the
/// change feed), lets <see cref="ScoreFollowUp"/> re-read the pairs they move (history, spill-over pushes), and
/// evaluates the alerts those changes can affect plus the incident streams whose timers fall due — pending → firing,
/// resolve-after, cooldown (<see cref="AlertLifecycle.DueAt"/>) — then writes what changed set-based and moves the
/// cursor. A cycle costs what changed, never what exists: brand spikes for the brands whose scope changed, a pair's
/// spike for a co-mentioned pair, its drop and threshold for every pair re-read. On PostgreSQL one instance runs a
/// cycle at a time (an advisory lock, taken first), so several instances raise each alert once.
/// <para>
/// The reads are apart from the pure rules (<see cref="AlertSignals"/>, <see cref="AlertLifecycle"/>), so where the
/// inputs come from can change without touching the rules.
/// </para>
/// </summary>
public sealed class AlertMonitor(FusionDatabase db, ScopeChanges changes, ScoreFollowUp followUp, ScopeStore scopes, HistoryStore history,
    RollupStore rollups, AlertStore alerts, MentionStore mentions, MentionMaintenance evidence, EntityCatalog catalog, AlertRulesInForce rulesInForce, ScoreOptions scoring,
    TimeProvider clock)
{
    private const long LeaderLockKey = 0x46_55_53_41_4C_54; // "FUSALT"

    /// <summary>How many recurring words an alert's evidence names.</summary>
    public const int EvidenceTerms = 5;

    /// <summary>At most this many changed scopes per cycle; the rest are the next cycle's (which then runs at once).</summary>
    public const int MaxChangesPerCycle = 20_000;

    /// <summary>How many of a brand's newest mentions a brand spike's evidence reads its window from.</summary>
    public const int EvidenceScan = 2_000;

    /// <summary>At most this many due incident streams per cycle.</summary>
    public const int MaxDuePerCycle = 5_000;

    public sealed record AlertAnnouncement(AlertEvent Event, long AlertId);

    /// <summary>What a cycle did: the alerts to announce, the spill-over score pushes, and whether work is left for another cycle at once.</summary>
    public sealed record Cycle(IReadOnlyList<AlertAnnouncement> Alerts, IReadOnlyList<LiveEvent> Scores, bool More, int Changes, int PairsRead)
    {
        public static readonly Cycle Skipped = new([], [], false, 0, 0);
    }

    public async Task<Cycle> EvaluateAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(conn, ct);
        if (db.Kind == DatabaseKind.Postgres &&
            !await conn.ExecuteScalarAsync<bool>(new CommandDefinition("select pg_try_advisory_xact_lock(@k)", new { k = LeaderLockKey }, tx, cancellationToken: ct)))
            return Cycle.Skipped; // another instance is running this cycle

        // The rules in force this cycle: the configured ones with each brand's stored changes.
        var alertOptions = await rulesInForce.CurrentAsync(conn, tx, ct);
        var batch = await changes.ReadAsync(conn, tx, ScopeChanges.FollowUp, MaxChangesPerCycle, ct);
        var due = await AlertStore.DueAsync(conn, tx, now, MaxDuePerCycle, ct);
        var scores = await followUp.ApplyAsync(conn, tx, batch.Changes, due.Where(s => s.PairId is not null).Select(s => s.PairId!.Value).ToHashSet(), now, ct);

        var signals = await SignalsAsync(conn, tx, batch.Changes, due, scores, alertOptions, now, ct);
        var keys = signals.Select(s => s.Key).Concat(due.Select(s => s.Key)).ToHashSet();
        var states = await alerts.StatesAsync(conn, tx, keys, ct);
        var (next, events) = AlertEvaluator.Evaluate(states, signals, now, alertOptions);

        var kept = next.Values.Where(s => s.Phase != AlertPhase.Inactive).Select(s => (s, AlertLifecycle.DueAt(s, alertOptions.RulesFor(s.BrandId), now))).ToList();
        if (kept.Count > 0) await AlertStore.SaveStatesAsync(conn, tx, kept, now, ct);
        await alerts.DeleteStatesAsync(conn, tx, next.Values.Where(s => s.Phase == AlertPhase.Inactive && states.ContainsKey(s.Key)).Select(s => s.Key).ToList(), ct);
        var announced = new List<AlertAnnouncement>(events.Count);
        foreach (var e in events) announced.Add(new AlertAnnouncement(e, await AlertStore.ApplyAsync(conn, tx, e, ct)));
        await ScopeChanges.SaveCursorAsync(conn, tx, ScopeChanges.FollowUp, batch.Next, ct);
        await tx.CommitAsync(ct);
        return new Cycle(announced, scores.Events, batch.More || due.Count == MaxDuePerCycle, batch.Changes.Count, scores.Pairs.Count);
    }

    /// <summary>
    /// Drops the five-minute volumes and score points no rule or chart looks at any more (retention:
    /// <see cref="RollupStore.VolumeRetention"/>, <see cref="HistoryStore.RecentRetention"/>).
    /// </summary>
    public async Task<int> PruneVolumesAsync(CancellationToken ct = default) =>
        await rollups.PruneVolumesAsync(clock.GetUtcNow() - RollupStore.VolumeRetention, ct)
        + await history.PruneRecentAsync(clock.GetUtcNow() - HistoryStore.RecentRetention, ct);

    /// <summary>
    /// The signals this cycle can have moved: each changed brand's spikes (both directions), each co-mentioned pair's
    /// spikes, each re-read pair's drop and threshold, and the signal behind each due stream. Evidence (top mentions,
    /// recurring words) is read only for the active ones.
    /// </summary>
    private async Task<List<AlertSignal>> SignalsAsync(System.Data.Common.DbConnection conn, System.Data.Common.DbTransaction tx, IReadOnlyList<ScopeChange> changed,
        IReadOnlyList<AlertState> due, FollowUpResult scores, AlertOptions alertOptions, DateTimeOffset now, CancellationToken ct)
    {
        var brandSpikes = changed.Where(c => c.Key.Kind == ScopeKind.Brand).Select(c => c.Key.BrandId)
            .Concat(due.Where(s => s is { Kind: AlertKind.NegativeSpike or AlertKind.PositiveSpike, PairId: null }).Select(s => s.BrandId)).ToHashSet();
        var pairSpikes = scores.Pairs.Values.Where(p => p.Direct).Select(p => p.Pair.Id)
            .Concat(due.Where(s => s is { Kind: AlertKind.NegativeSpike or AlertKind.PositiveSpike, PairId: not null }).Select(s => s.PairId!.Value))
            .Where(scores.Pairs.ContainsKey).ToHashSet();

        // A learning pair borrows its brand's baseline, so its brand's volumes are read too.
        var volumeScopes = brandSpikes.Select(VolumeScope.ForBrand)
            .Concat(pairSpikes.Select(VolumeScope.ForPair))
            .Concat(pairSpikes.Select(id => VolumeScope.ForBrand(scores.Pairs[id].Pair.BrandId))).ToHashSet();
        var inputs = await VolumeInputs.ReadAsync(rollups, conn, tx, volumeScopes, alertOptions, now, ct);

        var pairIds = scores.Pairs.Keys.ToList();
        // The drop rule's peak: kept on each pair's latest row (one row a pair) for a window within the five-minute
        // points' retention, read from the history (four index ranges a pair) for a longer one.
        var highest = new Dictionary<long, ScorePeak>();
        var dropWindows = scores.Pairs.Values.GroupBy(p => alertOptions.RulesFor(p.Pair.BrandId).Tuned().DropWindow).ToList();
        var keptFor = dropWindows.Where(g => HistoryStore.PeakKeptFor(g.Key, now)).SelectMany(g => g).Select(p => p.Pair.Id).ToList();
        var kept = await HistoryStore.KeptPeaksAsync(conn, tx, keptFor.Where(id => !scores.Peaks.ContainsKey(id)).ToList(), now, ct);
        foreach (var (id, q) in scores.Peaks) kept[id] = q; // written this cycle: as the follow-up wrote them
        foreach (var group in dropWindows)
        {
            if (HistoryStore.PeakKeptFor(group.Key, now))
            {
                foreach (var p in group)
                    if (kept.TryGetValue(p.Pair.Id, out var q) && q.Since(now - group.Key) is { } e) highest[p.Pair.Id] = new ScorePeak(e.High, e.Bucket);
                continue;
            }
            foreach (var (id, h) in await history.HighestSinceAsync(conn, tx, group.Select(p => p.Pair.Id).ToList(), now - group.Key, now, ct)) highest[id] = h;
        }
        var before = await history.RecentScoresAtAsync(conn, tx, pairIds, now - alertOptions.Defaults.SpikeWindow, ct);

        var snapshot = await catalog.GetAsync(ct);
        var signals = new List<(AlertSignal Signal, ScopeKey[] EvidenceFrom)>();
        foreach (var brandId in brandSpikes)
        {
            var r = alertOptions.RulesFor(brandId);
            var name = AlertSubjects.Brand(snapshot, brandId);
            foreach (var direction in Directions(r))
                signals.Add((AlertSignals.Spike(brandId, null, inputs.Window(VolumeScope.ForBrand(brandId), direction, r), r, direction: direction, subject: name),
                    [ScopeKey.ForBrand(brandId)]));
        }
        foreach (var (id, p) in scores.Pairs)
        {
            var pair = p.Pair;
            var r = alertOptions.RulesFor(pair.BrandId);
            var name = AlertSubjects.Pair(snapshot, pair);
            double? then = before.TryGetValue(id, out var b) ? b : null;
            ScopeKey[] from = [ScopeKey.ForPair(pair.BrandId, pair.InfluencerId), ScopeKey.ForInfluencer(pair.InfluencerId)];
            if (pairSpikes.Contains(id))
            {
                foreach (var direction in Directions(r))
                {
                    var own = inputs.Window(VolumeScope.ForPair(id), direction, r);
                    var window = own.Learning(r.Tuned()) ? own.Borrowing(inputs.Window(VolumeScope.ForBrand(pair.BrandId), direction, r)) : own;
                    signals.Add((AlertSignals.Spike(pair.BrandId, id, window, r, direction: direction, subject: name, scoreBefore: then, scoreAfter: p.Score.Score), from));
                }
            }
            if (r.DropEnabled)
            {
                // How fast: from the peak's five-minute bucket (or hour) to now; no peak above now, no fall to time.
                var peak = highest.TryGetValue(id, out var h) && h.Score > p.Score.Score ? h : new ScorePeak(p.Score.Score, now);
                signals.Add((AlertSignals.Drop(pair.BrandId, id, p.Score.Score, peak.Score, r, subject: name, sincePeak: now - peak.At), from));
            }
            if (r.ThresholdEnabled) signals.Add((AlertSignals.Below(pair.BrandId, id, p.Score.Score, p.Score.Confidence, r, subject: name, scoreBefore: then), from));
        }

        // Evidence for the active signals only: their scopes' top contributions, then the words that recur in them.
        var active = signals.Where(s => s.Signal.Active).ToList();
        if (active.Count == 0) return signals.Select(s => s.Signal).ToList();
        // A brand spike's evidence is the spike window's own mentions in its direction (the scope's top list may hold
        // older praise only); other alerts read their scopes' top lists, in the alert's direction.
        var windows = new Dictionary<long, IReadOnlyList<(ScoreEvidence, string)>>();
        foreach (var brandId in active.Where(s => s.Signal is { PairId: null, Kind: AlertKind.NegativeSpike or AlertKind.PositiveSpike }).Select(s => s.Signal.BrandId).Distinct())
            windows[brandId] = await evidence.BrandWindowAsync(conn, tx, brandId, now - alertOptions.RulesFor(brandId).Tuned().SpikeWindow, now, EvidenceScan, ct);
        // A pair spike's likewise: the pair's co-mentions in its spike window (its scopes' top lists may hold older, stronger mentions only).
        var pairWindows = new Dictionary<long, IReadOnlyList<(ScoreEvidence, string)>>();
        foreach (var pairId in active.Where(s => s.Signal is { PairId: not null, Kind: AlertKind.NegativeSpike or AlertKind.PositiveSpike }).Select(s => s.Signal.PairId!.Value).Distinct())
        {
            var pair = scores.Pairs[pairId].Pair;
            pairWindows[pairId] = await evidence.PairWindowAsync(conn, tx, pair.BrandId, pair.InfluencerId,
                now - alertOptions.RulesFor(pair.BrandId).Tuned().SpikeWindow, now, EvidenceScan, ct);
        }
        static bool Spike(AlertSignal s) => s.Kind is AlertKind.NegativeSpike or AlertKind.PositiveSpike;
        var tops = await scopes.LoadAsync(conn, tx, active.Where(s => s.Signal.PairId is { } p ? !(Spike(s.Signal) && pairWindows.ContainsKey(p)) : !windows.ContainsKey(s.Signal.BrandId))
            .SelectMany(s => s.EvidenceFrom).ToHashSet(), withTop: true, ct);
        var withEvidence = signals.Select(s => !s.Signal.Active ? s.Signal
            : s.Signal.PairId is null && windows.TryGetValue(s.Signal.BrandId, out var window)
                ? s.Signal with { Evidence = AlertEvidenceBuilder.FromWindow(window, s.Signal.BrandId, scoring, s.Signal.Kind) with { Spike = s.Signal.Evidence.Spike } }
            : s.Signal.PairId is { } p && Spike(s.Signal) && pairWindows.TryGetValue(p, out var pairWindow)
                ? s.Signal with { Evidence = AlertEvidenceBuilder.FromWindow(pairWindow, s.Signal.BrandId, scoring, s.Signal.Kind) with { Spike = s.Signal.Evidence.Spike } }
                : s.Signal with { Evidence = AlertEvidenceBuilder.FromScopes(s.EvidenceFrom.Select(k => tops.GetValueOrDefault(k)).OfType<ScopeAccumulator>(), scoring, s.Signal.Kind) with { Spike = s.Signal.Evidence.Spike } }
        ).ToList();
        return await WithTermsAsync(withEvidence, snapshot, scores.Pairs, ct);
    }

    private static IEnumerable<SpikeDirection> Directions(AlertRules r)
    {
        if (r.SpikeEnabled) yield return SpikeDirection.Negative;
        if (r.PositiveSpikeEnabled) yield return SpikeDirection.Positive;
    }

    /// <summary>
    /// Each firing signal's top mentions as a reader sees them (text, link, reach, time) and the words that recur in
    /// them (<see cref="TermCounter"/>), the brand's and influencer's own names left out; one read for all of them.
    /// </summary>
    private async Task<List<AlertSignal>> WithTermsAsync(List<AlertSignal> signals, EntityCatalog.Snapshot snapshot, IReadOnlyDictionary<long, RescoredPair> pairs,
        CancellationToken ct)
    {
        var active = signals.Where(s => s.Active && s.Evidence.TopMentions.Count > 0).ToList();
        if (active.Count == 0) return signals;
        var cards = await mentions.CardsAsync(active.SelectMany(s => s.Evidence.TopMentions.Select(m => m.MentionId)).ToList(), ct);
        return signals.Select(s =>
        {
            if (!s.Active || s.Evidence.TopMentions.Count == 0) return s;
            var names = NamesOf(s, snapshot, pairs);
            var top = s.Evidence.TopMentions.Select(m => cards.TryGetValue(m.MentionId, out var c)
                ? m with { Text = c.Text, Url = c.Url, Followers = c.Followers, CreatedAt = c.CreatedAt, Aspects = AspectsAbout(c.Text, s.BrandId, snapshot) } : m).ToList();
            var terms = TermCounter.Top(top.Select(m => m.Text).OfType<string>(), EvidenceTerms, names);
            return s with { Evidence = s.Evidence with { TopMentions = top, Terms = terms } };
        }).ToList();
    }

    /// <summary>The aspects a post names about the alert's brand (<see cref="AspectAttribution.NamesAbout(string?, long?, Core.Matching.EntityMatcher?)"/>, the brands' places from the catalogue's matcher); null without a brand or a text.</summary>
    private static IReadOnlyList<string>? AspectsAbout(string? text, long? brandId, EntityCatalog.Snapshot snapshot) =>
        text is not { Length: > 0 } || brandId is null ? null : AspectAttribution.NamesAbout(text, brandId, snapshot.Matcher);

    private static IEnumerable<string> NamesOf(AlertSignal s, EntityCatalog.Snapshot snapshot, IReadOnlyDictionary<long, RescoredPair> pairs)
    {
        var words = new List<string>();
        if (snapshot.BrandsById.GetValueOrDefault(s.BrandId) is Brand b) words.AddRange(SplitAll([b.Name, .. b.Aliases, .. b.Keywords]));
        if (s.PairId is { } id && pairs.GetValueOrDefault(id) is { } p && snapshot.InfluencersById.GetValueOrDefault(p.Pair.InfluencerId) is Influencer i)
            words.AddRange(SplitAll([i.Name, .. i.Aliases, .. i.Handles.Values]));
        return words;
    }

    private static IEnumerable<string> SplitAll(IEnumerable<string> names) =>
        names.SelectMany(n => n.Split([' ', '-', '_', '@', '#', '\''], StringSplitOptions.RemoveEmptyEntries));
}
