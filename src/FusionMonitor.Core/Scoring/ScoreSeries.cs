namespace FusionMonitor.Core.Scoring;

/// <summary>The last score known in one hour (or day, from the daily table) of a pair's history.</summary>
public sealed record ScorePoint(DateTimeOffset Hour, double Score, double Confidence);

/// <summary>One point of a pair's score series: the last score known in the bucket and the co-mentions created in it.</summary>
public sealed record SeriesPoint(DateTimeOffset At, double Score, long Mentions);

/// <summary>Mentions in one bucket and how they split by sentiment; polarity is weighted by mention weight.</summary>
public sealed record VolumePoint(DateTimeOffset At, long Mentions, long Negative, long Neutral, long Positive, double MeanPolarity, double NegativeVolume);

/// <summary>Turns stored snapshots and rollups into one point per <see cref="TimeBuckets"/> bucket. Pure.</summary>
public static class ScoreSeries
{
    /// <summary>The last score in each bucket and the mentions created in it; a bucket with mentions but no snapshot
    /// carries the previous score (neutral 50 before the first).</summary>
    public static IReadOnlyList<SeriesPoint> Bucket(IReadOnlyList<ScorePoint> history, IReadOnlyList<RollupRow> rollups, string bucket)
    {
        var points = new SortedDictionary<DateTimeOffset, (double? Score, long Mentions)>();
        foreach (var h in history)
        {
            var b = TimeBuckets.StartOf(h.Hour, bucket);
            var cur = points.GetValueOrDefault(b);
            points[b] = (h.Score, cur.Mentions); // history is oldest first: the last one in a bucket wins
        }
        foreach (var r in rollups)
        {
            var b = TimeBuckets.StartOf(r.Hour, bucket);
            var cur = points.GetValueOrDefault(b);
            points[b] = (cur.Score, cur.Mentions + r.Mentions);
        }
        var result = new List<SeriesPoint>(points.Count);
        var last = FusionScore.NeutralScore;
        foreach (var (at, (score, mentions)) in points)
        {
            last = score ?? last;
            result.Add(new SeriesPoint(at, Math.Round(last, 2), mentions));
        }
        return result;
    }

    /// <summary>
    /// An hourly series with its hours that have five-minute points (the last 48 h) drawn from those instead: each
    /// such hour's point gives way to its five-minute points, the first of which carries the hour's mentions, so a
    /// fall inside one hour shows its shape rather than one step at the hour. Hours without five-minute points (older
    /// ones, or a replayed past, which writes only hours) keep their hourly point. Both inputs oldest first; so is the result.
    /// </summary>
    public static IReadOnlyList<SeriesPoint> Refine(IReadOnlyList<SeriesPoint> hourly, IReadOnlyList<ScorePoint> fine)
    {
        if (fine.Count == 0) return hourly;
        var fineByHour = fine.GroupBy(f => TimeBuckets.HourOf(f.Hour)).ToDictionary(g => g.Key, g => g.OrderBy(f => f.Hour).ToList());
        var mentionsByHour = hourly.ToDictionary(h => TimeBuckets.HourOf(h.At), h => h.Mentions);
        var result = new List<SeriesPoint>(hourly.Count + fine.Count);
        result.AddRange(hourly.Where(h => !fineByHour.ContainsKey(TimeBuckets.HourOf(h.At))));
        foreach (var (hour, points) in fineByHour)
            result.AddRange(points.Select((f, i) => new SeriesPoint(f.Hour, Math.Round(f.Score, 2), i == 0 ? mentionsByHour.GetValueOrDefault(hour) : 0)));
        result.Sort((a, b) => a.At.CompareTo(b.At));
        return result;
    }

    /// <summary>A brand's (or pair's) hourly rollups summed per bucket: counts by label, mean weighted polarity, negative volume.</summary>
    public static IReadOnlyList<VolumePoint> Volume(IReadOnlyList<RollupRow> rollups, string bucket) =>
        rollups.GroupBy(r => TimeBuckets.StartOf(r.Hour, bucket))
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var w = g.Sum(r => r.WeightSum);
                return new VolumePoint(g.Key, g.Sum(r => r.Mentions), g.Sum(r => r.Negative), g.Sum(r => r.Neutral), g.Sum(r => r.Positive),
                    w > 0 ? g.Sum(r => r.PolaritySum) / w : 0, g.Sum(r => r.NegVolume));
            })
            .ToList();
}
