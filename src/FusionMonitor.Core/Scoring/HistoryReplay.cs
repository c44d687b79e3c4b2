using FusionMonitor.Core.Entities;

namespace FusionMonitor.Core.Scoring;

/// <summary>One pair's score at the end of a clock hour, as the hourly history records it.</summary>
public readonly record struct HistoryPoint(long PairId, DateTimeOffset Hour, double Score, double Confidence);

/// <summary>
/// Rebuilds the hourly history of pair scores from stored mentions: the mentions are folded in time order (as the
/// recompute job folds them), and at the end of every clock hour in which a mention reached a pair — its own scope,
/// its brand's or its influencer's — the pair's score at that moment is recorded. This is the history that live
/// ingestion would have written had the mentions come in as they were posted, which is what a backfill or an import
/// of old posts needs: ingested in minutes, they would otherwise all land in the current hour, and a chart would
/// draw one step from neutral to today. Pure; not thread-safe.
/// </summary>
/// <remarks>Cost: one fold per mention, and one score per pair per hour it was reached in — never per pair per hour.</remarks>
public sealed class HistoryReplay
{
    private readonly ScoreBook _book;
    private readonly Dictionary<long, Pair[]> _byBrand;
    private readonly Dictionary<long, Pair[]> _byInfluencer;
    private readonly HashSet<Pair> _reached = [];
    private DateTimeOffset? _hour;

    public HistoryReplay(IEnumerable<Pair> pairs, ScoreOptions options)
    {
        _book = new ScoreBook(options);
        var all = pairs.ToList();
        _byBrand = all.GroupBy(p => p.BrandId).ToDictionary(g => g.Key, g => g.ToArray());
        _byInfluencer = all.GroupBy(p => p.InfluencerId).ToDictionary(g => g.Key, g => g.ToArray());
    }

    /// <summary>
    /// Folds one mention, given in (createdAt, id) order; returns the points of the hours it closes (the pairs reached
    /// in the hour before it). A mention older than the hour in progress is folded into that hour.
    /// </summary>
    public IReadOnlyList<HistoryPoint> Add(ScoreEvidence e)
    {
        IReadOnlyList<HistoryPoint> closed = [];
        var hour = TimeBuckets.HourOf(e.CreatedAt);
        if (_hour is { } current && hour > current) closed = Close(current);
        if (_hour is null || hour > _hour) _hour = hour;
        if (!e.Moves) return closed;
        _book.Apply(e);
        foreach (var b in e.BrandIds)
            if (_byBrand.TryGetValue(b, out var ps)) _reached.UnionWith(ps);
        foreach (var i in e.InfluencerIds)
            if (_byInfluencer.TryGetValue(i, out var ps)) _reached.UnionWith(ps);
        return closed;
    }

    /// <summary>The points of the last hour, if it ended before <paramref name="until"/> (an hour still under way is
    /// left to live ingestion, which records it as it goes).</summary>
    public IReadOnlyList<HistoryPoint> Finish(DateTimeOffset until) =>
        _hour is { } current && current.AddHours(1) <= until ? Close(current) : [];

    private List<HistoryPoint> Close(DateTimeOffset hour)
    {
        var end = hour.AddHours(1);
        var points = new List<HistoryPoint>(_reached.Count);
        foreach (var p in _reached.OrderBy(p => p.Id))
        {
            var score = _book.ScoreOf(p.BrandId, p.InfluencerId, end);
            points.Add(new HistoryPoint(p.Id, hour, score.Score, score.Confidence));
        }
        _reached.Clear();
        return points;
    }
}
