using FusionMonitor.Core.Scoring;

namespace FusionMonitor.Core.Tests.Scoring;

public sealed class ScoreSeriesTests
{
    private static readonly DateTimeOffset H = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Refine_DrawsAFallInsideOneHourFromItsFiveMinutePoints()
    {
        IReadOnlyList<SeriesPoint> hourly = [new(H.AddHours(-1), 78, 4), new(H, 34, 30)];
        IReadOnlyList<ScorePoint> fine = [new(H.AddMinutes(5), 77, 0.5), new(H.AddMinutes(10), 52, 0.5), new(H.AddMinutes(15), 34, 0.5)];

        var refined = ScoreSeries.Refine(hourly, fine);

        Assert.Equal([H.AddHours(-1), H.AddMinutes(5), H.AddMinutes(10), H.AddMinutes(15)], refined.Select(p => p.At));
        Assert.Equal([78.0, 77, 52, 34], refined.Select(p => p.Score));
        // The hour's mentions stay counted once, on its first fine point.
        Assert.Equal(34, refined.Sum(p => p.Mentions));
        Assert.Equal(30, refined[1].Mentions);
    }

    [Fact]
    public void Refine_KeepsHoursWithoutFiveMinutePoints_AsAReplayedPastHasNone()
    {
        IReadOnlyList<SeriesPoint> hourly = [new(H.AddHours(-2), 60, 1), new(H.AddHours(-1), 61, 2)];

        Assert.Same(hourly, ScoreSeries.Refine(hourly, []));
        var refined = ScoreSeries.Refine(hourly, [new ScorePoint(H.AddMinutes(20), 40, 0.4)]);
        Assert.Equal([60.0, 61, 40], refined.Select(p => p.Score));
        Assert.Equal(refined.OrderBy(p => p.At).Select(p => p.At), refined.Select(p => p.At));
    }
}
