using FusionMonitor.Core.Scoring;

namespace FusionMonitor.Core.Alerts;

/// <summary>A five-minute bucket and the highest score recorded in it.</summary>
public readonly record struct PeakEntry(DateTimeOffset Bucket, double High);

/// <summary>
/// A pair's running peak for the drop rule, kept beside its latest score so the rule reads one row instead of ranges of
/// its five-minute history (issue 15). It is the sliding-window maximum of the recorded points: the buckets whose high no
/// later bucket reaches, oldest first, so their highs strictly fall. The highest since any moment is then the first
/// bucket at or after it — exactly what the five-minute history answers (the highest bucket, the newest at that height),
/// including after the window has slid past an older peak — and a score that keeps rising keeps one entry. A score
/// falling in every bucket keeps one entry a bucket, at most <c>keep ÷ 5 min</c> of them. Pure and immutable.
/// </summary>
public sealed record PeakQueue(IReadOnlyList<PeakEntry> Entries)
{
    public static readonly PeakQueue Empty = new([]);

    /// <summary>
    /// The queue after <paramref name="score"/> was recorded at <paramref name="at"/> (in its five-minute bucket, whose
    /// high it raises; recorded in time order), without the buckets before <paramref name="keepFrom"/>, which no window
    /// asks about any more.
    /// </summary>
    public PeakQueue Record(DateTimeOffset at, double score, DateTimeOffset keepFrom)
    {
        var bucket = TimeBuckets.FiveMinutesOf(at);
        var from = TimeBuckets.FiveMinutesOf(keepFrom);
        var next = new List<PeakEntry>(Entries.Count + 1);
        foreach (var e in Entries)
            if (e.Bucket >= from) next.Add(e);
        var high = score;
        if (next.Count > 0 && next[^1].Bucket == bucket)
        {
            high = Math.Max(high, next[^1].High);
            next.RemoveAt(next.Count - 1);
        }
        // A bucket at least as high as an earlier one hides it for every window that holds both (ties: the newer).
        while (next.Count > 0 && next[^1].High <= high) next.RemoveAt(next.Count - 1);
        next.Add(new PeakEntry(bucket, high));
        return new PeakQueue(next);
    }

    /// <summary>The highest high since <paramref name="since"/> (its five-minute bucket on) and the newest bucket at that height; null without any.</summary>
    public PeakEntry? Since(DateTimeOffset since)
    {
        var from = TimeBuckets.FiveMinutesOf(since);
        foreach (var e in Entries)
            if (e.Bucket >= from) return e;
        return null;
    }
}
