using FusionMonitor.Core.Alerts;
using FusionMonitor.Core.Scoring;

namespace FusionMonitor.Core.Tests.Alerts;

public sealed class PeakQueueTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The peak as the five-minute history answers it: each bucket's highest score, the highest bucket since, the newest at that height.</summary>
    private static PeakEntry? FromHistory(IEnumerable<(DateTimeOffset At, double Score)> recorded, DateTimeOffset since)
    {
        var from = TimeBuckets.FiveMinutesOf(since);
        return recorded.GroupBy(r => TimeBuckets.FiveMinutesOf(r.At)).Where(g => g.Key >= from)
            .Select(g => new PeakEntry(g.Key, g.Max(r => r.Score)))
            .OrderByDescending(e => e.High).ThenByDescending(e => e.Bucket)
            .Select(e => (PeakEntry?)e).FirstOrDefault();
    }

    [Fact]
    public void The_kept_peak_equals_the_peak_read_from_history_as_the_window_slides()
    {
        var window = TimeSpan.FromHours(6);
        var rng = new Random(15);
        for (var trial = 0; trial < 50; trial++)
        {
            var queue = PeakQueue.Empty;
            var recorded = new List<(DateTimeOffset At, double Score)>();
            var at = Start;
            var score = 50.0;
            for (var i = 0; i < 400; i++)
            {
                // Several points a bucket sometimes, gaps of hours sometimes; scores wander, with ties.
                at += TimeSpan.FromMinutes(rng.Next(10) switch { 0 => 0, < 7 => rng.Next(1, 15), < 9 => rng.Next(15, 90), _ => rng.Next(90, 600) });
                score = Math.Clamp(Math.Round(score + rng.Next(-6, 7) * 0.5, 1), 0, 100);
                queue = queue.Record(at, score, at - window);
                recorded.Add((at, score));
                Assert.Equal(FromHistory(recorded, at - window), queue.Since(at - window));
                // A narrower window reads the same queue; so does a later moment with nothing new recorded.
                Assert.Equal(FromHistory(recorded, at - TimeSpan.FromHours(1)), queue.Since(at - TimeSpan.FromHours(1)));
                Assert.Equal(FromHistory(recorded, at + TimeSpan.FromHours(2) - window), queue.Since(at + TimeSpan.FromHours(2) - window));
            }
        }
    }

    [Fact]
    public void A_peak_that_slides_out_of_the_window_gives_way_to_the_highest_after_it()
    {
        var window = TimeSpan.FromHours(1);
        var q = PeakQueue.Empty
            .Record(Start, 80, Start - window)
            .Record(Start.AddMinutes(20), 70, Start.AddMinutes(20) - window)
            .Record(Start.AddMinutes(40), 60, Start.AddMinutes(40) - window);
        Assert.Equal(new PeakEntry(Start, 80), q.Since(Start.AddMinutes(40) - window));
        Assert.Equal(new PeakEntry(Start.AddMinutes(20), 70), q.Since(Start.AddMinutes(70) - window)); // 80 has left the window
        Assert.Equal(3, q.Entries.Count);

        // A new high hides every lower bucket before it; a bucket's later, lower point keeps its high.
        q = q.Record(Start.AddMinutes(45), 90, Start.AddMinutes(45) - window).Record(Start.AddMinutes(46), 40, Start.AddMinutes(46) - window);
        Assert.Equal([new PeakEntry(Start.AddMinutes(45), 90)], q.Entries);
        Assert.Null(q.Since(Start.AddMinutes(50)));
    }

    [Fact]
    public void A_rising_score_keeps_one_entry_and_old_buckets_are_let_go()
    {
        var q = PeakQueue.Empty;
        for (var i = 0; i < 1_000; i++) q = q.Record(Start.AddMinutes(5 * i), 10 + i * 0.05, Start.AddMinutes(5 * i) - TimeSpan.FromHours(48));
        Assert.Single(q.Entries);

        q = PeakQueue.Empty;
        for (var i = 0; i < 1_000; i++) q = q.Record(Start.AddMinutes(5 * i), 90 - i * 0.05, Start.AddMinutes(5 * i) - TimeSpan.FromHours(48));
        Assert.Equal(48 * 12 + 1, q.Entries.Count); // a falling score: one a bucket, within what is kept
    }
}
