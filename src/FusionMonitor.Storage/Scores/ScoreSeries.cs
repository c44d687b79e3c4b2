namespace FusionMonitor.Storage.Scores;

/// <summary>One point of a pair's score series: the last score known in the bucket and the co-mentions created in it.</summary>
public sealed record SeriesPoint(DateTimeOffset At, double Score, long Mentions);

/// <summary>Turns hourly snapshots and rollups into one point per bucket: the last score in it and the mentions created in it.</summary>
public static class ScoreSeries
{
    public static IReadOnlyList<SeriesPoint> Bucket(IReadOnlyList<ScorePoint> history, IReadOnlyList<RollupRow> rollups, string bucket)
    {
        var points = new SortedDictionary<DateTimeOffset, (double? Score, long Mentions)>();
        foreach (var h in history)
        {
            var b = Start(h.Hour, bucket);
            var cur = points.GetValueOrDefault(b);
            points[b] = (h.Score, cur.Mentions); // history is oldest first: the last one in a bucket wins
        }
        foreach (var r in rollups)
        {
            var b = Start(r.Hour, bucket);
            var cur = points.GetValueOrDefault(b);
            points[b] = (cur.Score, cur.Mentions + r.Mentions);
        }
        var result = new List<SeriesPoint>(points.Count);
        double last = 50;
        foreach (var (at, (score, mentions)) in points)
        {
            last = score ?? last; // a bucket with mentions but no snapshot carries the previous score
            result.Add(new SeriesPoint(at, Math.Round(last, 2), mentions));
        }
        return result;
    }

    public static DateTimeOffset Start(DateTimeOffset t, string bucket)
    {
        var day = new DateTimeOffset(t.UtcDateTime.Date, TimeSpan.Zero);
        return bucket switch
        {
            "hour" => ScoreStore.Hour(t),
            "week" => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)), // weeks start on Monday (ISO)
            _ => day,
        };
    }
}
