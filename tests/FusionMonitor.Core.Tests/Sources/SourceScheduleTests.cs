using FusionMonitor.Core.Sources;

namespace FusionMonitor.Core.Tests.Sources;

public sealed class SourceScheduleTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    [Fact]
    public void AfterASuccess_TheNextCheckIsOneIntervalLater() => Assert.Equal(T + Interval, SourceSchedule.NextCheck(Interval, 0, T));

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    public void EachFailureInARow_DoublesTheWait(int errors, int minutes) =>
        Assert.Equal(T.AddMinutes(minutes), SourceSchedule.NextCheck(Interval, errors, T));

    [Theory]
    [InlineData(7)]
    [InlineData(1_000)]
    public void TheWait_NeverExceedsTheMaximumBackoff(int errors) =>
        Assert.Equal(T + SourceSchedule.MaxBackoff, SourceSchedule.NextCheck(Interval, errors, T));
}
