using FusionMonitor.Core.Scoring;
using FusionMonitor.Web.Components.Data;

namespace FusionMonitor.Web.Tests.Dashboard;

public sealed class VolumePointTests
{
    private static readonly DateTimeOffset Day = new(2026, 3, 4, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void DailyBuckets_AddUpTheHours_AndWeighPolarityByMentionWeight()
    {
        RollupRow[] hours =
        [
            new(1, Day.AddHours(1), Mentions: 2, Negative: 2, Neutral: 0, Positive: 0, PolaritySum: -1.5, WeightSum: 3, NegVolume: 2.5),
            new(1, Day.AddHours(5), Mentions: 1, Negative: 0, Neutral: 0, Positive: 1, PolaritySum: 0.5, WeightSum: 1, NegVolume: 0),
            new(1, Day.AddDays(1).AddHours(2), Mentions: 4, Negative: 0, Neutral: 4, Positive: 0, PolaritySum: 0, WeightSum: 4, NegVolume: 0),
        ];

        var days = ScoreSeries.Volume(hours, "day");

        Assert.Equal(2, days.Count);
        Assert.Equal(new VolumePoint(Day, 3, 2, 0, 1, (-1.5 + 0.5) / 4, 2.5), days[0]);
        Assert.Equal(new VolumePoint(Day.AddDays(1), 4, 0, 4, 0, 0, 0), days[1]);
    }

    [Fact]
    public void NoRollups_MakeNoPoints()
    {
        Assert.Empty(ScoreSeries.Volume([], "hour"));
    }

    [Theory]
    [InlineData("24h", "hour")]
    [InlineData("7d", "hour")]
    [InlineData("30d", "day")]
    [InlineData("1y", "week")]
    [InlineData("bogus", "hour")]
    public void EachRange_HasABucketThatKeepsItsChartReadable(string key, string bucket)
    {
        Assert.Equal(bucket, ChartRange.Parse(key).Bucket);
    }
}
