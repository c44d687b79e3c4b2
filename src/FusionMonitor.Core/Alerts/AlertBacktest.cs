using FusionMonitor.Core.Entities;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Core.Sentiment;

namespace FusionMonitor.Core.Alerts;

/// <summary>An alert a backtest would have raised: when it opened and, if within the span, when it resolved.</summary>
public sealed record BacktestAlert(AlertKind Kind, long BrandId, long? PairId, DateTimeOffset OpenedAt, DateTimeOffset? ResolvedAt, string Summary, double Value,
    double? Speed = null);

/// <summary>
/// Replays stored evidence under given rules and returns the alerts they would have raised — the same rules
/// (<see cref="AlertSignals"/>), the same lifecycle (<see cref="AlertEvaluator"/>), the same score engine
/// (<see cref="ScoreBook"/>) and rollup folding (<see cref="Rollups"/>) as the live cycle, evaluated every
/// <c>step</c> (five minutes by default) from <c>from</c> to <c>to</c>. Pure and deterministic: the same evidence and
/// rules give the same alerts; it stores and sends nothing. Evidence before <c>from</c> builds the scores and the
/// baselines; the scores are read on the replayed path at each step (the live cycle reads them whenever data
/// arrives, so the live drop rule can see a peak between two steps that this does not).
/// </summary>
public static class AlertBacktest
{
    public static IReadOnlyList<BacktestAlert> Run(IReadOnlyList<(ScoreEvidence Evidence, SentimentLabel Label)> evidence, IReadOnlyList<Pair> pairs,
        IReadOnlyCollection<long> brandIds, DateTimeOffset from, DateTimeOffset to, AlertOptions options, ScoreOptions scoring, TimeSpan? step = null,
        Func<long, string>? brandName = null, Func<Pair, string>? pairName = null)
    {
        var dt = step ?? TimeSpan.FromMinutes(5);
        var ordered = evidence.OrderBy(e => e.Evidence.CreatedAt).ThenBy(e => e.Evidence.MentionId).ToList();
        var pairIdOf = pairs.ToDictionary(p => (p.BrandId, p.InfluencerId), p => p.Id);
        var rolled = Rollups.Fold(ordered, (b, i) => pairIdOf.TryGetValue((b, i), out var id) ? id : null, scoring);
        var five = rolled.Volumes.GroupBy(v => v.Scope).ToDictionary(g => g.Key, g => g.OrderBy(v => v.Bucket).ToArray());
        var hourly = rolled.Brands.Select(r => (Scope: VolumeScope.ForBrand(r.ScopeId), Row: r))
            .Concat(rolled.Pairs.Select(r => (Scope: VolumeScope.ForPair(r.ScopeId), Row: r)))
            .GroupBy(x => x.Scope).ToDictionary(g => g.Key, g => g.Select(x => x.Row).OrderBy(r => r.Hour).ToArray());

        var book = new ScoreBook(scoring) { PruneVoices = true };
        var next = 0;
        var states = new Dictionary<string, AlertState>();
        var open = new Dictionary<string, int>();
        var result = new List<BacktestAlert>();
        var path = pairs.ToDictionary(p => p.Id, _ => new Queue<(DateTimeOffset At, double Score)>());
        var maxWindow = TimeSpan.FromDays(8) + TimeSpan.FromHours(2);

        for (var t = from; t <= to; t += dt)
        {
            while (next < ordered.Count && ordered[next].Evidence.CreatedAt < t) book.Apply(ordered[next++].Evidence);
            var signals = new List<AlertSignal>();
            foreach (var brandId in brandIds)
            {
                var r = options.RulesFor(brandId);
                foreach (var direction in Directions(r))
                    signals.Add(AlertSignals.Spike(brandId, null, Window(VolumeScope.ForBrand(brandId), direction, t, r, five, hourly, maxWindow), r,
                        direction: direction, subject: brandName?.Invoke(brandId)));
            }
            foreach (var p in pairs)
            {
                var r = options.RulesFor(p.BrandId);
                var tuned = r.Tuned();
                var score = book.ScoreOf(p.BrandId, p.InfluencerId, t);
                var q = path[p.Id];
                q.Enqueue((t, score.Score));
                while (q.Count > 0 && q.Peek().At < t - tuned.DropWindow) q.Dequeue();
                var name = pairName?.Invoke(p);
                var before = q.FirstOrDefault(x => x.At >= t - tuned.SpikeWindow).Score;
                foreach (var direction in Directions(r))
                {
                    var own = Window(VolumeScope.ForPair(p.Id), direction, t, r, five, hourly, maxWindow);
                    var w = own.Learning(tuned) ? own.Borrowing(Window(VolumeScope.ForBrand(p.BrandId), direction, t, r, five, hourly, maxWindow)) : own;
                    signals.Add(AlertSignals.Spike(p.BrandId, p.Id, w, r, direction: direction, subject: name, scoreBefore: before, scoreAfter: score.Score));
                }
                var peak = q.MaxBy(x => x.Score);
                signals.Add(AlertSignals.Drop(p.BrandId, p.Id, score.Score, peak.Score, r, subject: name, sincePeak: t - peak.At));
                signals.Add(AlertSignals.Below(p.BrandId, p.Id, score.Score, score.Confidence, r, subject: name, scoreBefore: before));
            }

            var (nextStates, events) = AlertEvaluator.Evaluate(states, signals, t, options);
            states = nextStates.Where(kv => kv.Value.Phase != AlertPhase.Inactive).ToDictionary(kv => kv.Key, kv => kv.Value);
            foreach (var e in events)
            {
                if (e.Kind == AlertEventKind.Opened)
                {
                    open[e.IncidentId] = result.Count;
                    result.Add(new BacktestAlert(e.AlertKind, e.BrandId, e.PairId, e.OpenedAt, null, e.Summary, e.Value, e.Speed));
                }
                else if (open.TryGetValue(e.IncidentId, out var i))
                {
                    result[i] = e.Kind == AlertEventKind.Resolved ? result[i] with { ResolvedAt = e.At } : result[i] with { ResolvedAt = null };
                }
            }
        }
        return result;
    }

    private static IEnumerable<SpikeDirection> Directions(AlertRules r)
    {
        if (r.SpikeEnabled) yield return SpikeDirection.Negative;
        if (r.PositiveSpikeEnabled) yield return SpikeDirection.Positive;
    }

    private static VolumeWindow Window(VolumeScope scope, SpikeDirection direction, DateTimeOffset t, AlertRules rules,
        Dictionary<VolumeScope, VolumeRow[]> five, Dictionary<VolumeScope, RollupRow[]> hourly, TimeSpan maxWindow)
    {
        var neg = direction == SpikeDirection.Negative;
        var fiveRows = five.GetValueOrDefault(scope) ?? [];
        var hourRows = hourly.GetValueOrDefault(scope) ?? [];
        var since = hourRows.Length > 0 ? hourRows[0].Hour : t;
        // Only what the live cycle could read at t: buckets that started before t, within the retention.
        var fiveSeen = Slice(fiveRows, v => v.Bucket, t - maxWindow, t)
            .Select(v => new VolumeBucket(v.Bucket, neg ? v.NegVolume : v.PosVolume, (int)(neg ? v.NegCount : v.PosCount)));
        var hoursSeen = Slice(hourRows, r => r.Hour, t - maxWindow - TimeSpan.FromDays(1), t)
            .Select(r => new VolumeBucket(r.Hour, neg ? r.NegVolume : r.PosVolume, (int)(neg ? r.Negative : r.Positive)));
        return VolumeWindow.From(fiveSeen, hoursSeen, t, rules.Tuned(), since < t ? since : t);
    }

    private static IEnumerable<T> Slice<T>(T[] rows, Func<T, DateTimeOffset> at, DateTimeOffset from, DateTimeOffset to)
    {
        int lo = 0, hi = rows.Length;
        while (lo < hi) { var mid = (lo + hi) / 2; if (at(rows[mid]) < from) lo = mid + 1; else hi = mid; }
        for (var i = lo; i < rows.Length && at(rows[i]) < to; i++) yield return rows[i];
    }
}
