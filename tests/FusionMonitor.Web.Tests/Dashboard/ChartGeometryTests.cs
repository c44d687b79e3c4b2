using FusionMonitor.Web.Components.Data;

namespace FusionMonitor.Web.Tests.Dashboard;

public sealed class ChartGeometryTests
{
    [Fact]
    public void Polyline_SpreadsValuesAcrossTheWidth_HighValuesAtTheTop()
    {
        Assert.Equal("0,100 50,50 100,0", ChartGeometry.Polyline([0, 50, 100], width: 100, height: 100));
    }

    [Fact]
    public void Polyline_OfOneValue_IsAFlatLineAcross()
    {
        Assert.Equal("0,25 120,25", ChartGeometry.Polyline([75], width: 120, height: 100));
    }

    [Fact]
    public void Polyline_OfNothing_IsEmpty()
    {
        Assert.Equal("", ChartGeometry.Polyline([], 100, 100));
    }

    [Theory]
    [InlineData(-20, 100)]
    [InlineData(140, 0)]
    public void Y_KeepsOutOfRangeValuesInsideTheChart(double value, double expected)
    {
        Assert.Equal(expected, ChartGeometry.Y(value, 100));
    }

    [Fact]
    public void TimePolyline_PlacesPointsByTime_AndClampsOnesOutsideTheRange()
    {
        var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var to = from.AddHours(10);
        var line = ChartGeometry.TimePolyline([(from.AddHours(-1), 50), (from.AddHours(5), 100), (to.AddHours(3), 0)], from, to, width: 200, height: 100);
        Assert.Equal("0,50 100,0 200,100", line);
    }

    [Fact]
    public void Coordinates_UseDots_WhateverTheCulture()
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.Equal("0,33.33 10,33.33", ChartGeometry.Polyline([66.666], width: 10, height: 100));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }
}

public sealed class ChartAxisTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 23, 40, 0, TimeSpan.Zero);

    [Fact]
    public void TimeTicks_OfADay_AreRoundHours_LabelledByTime_TheDateAtMidnight()
    {
        var ticks = ChartGeometry.TimeTicks(Now.AddHours(-24), Now);
        Assert.Equal(["Dec 1", "03:00", "06:00", "09:00", "12:00", "15:00", "18:00", "21:00"], ticks.Select(t => t.Label));
        Assert.All(ticks, t => Assert.InRange(t.At, Now.AddHours(-24), Now));
        Assert.All(ticks, t => Assert.Equal(0, t.At.Minute));
    }

    [Theory]
    [InlineData(7, "MMM d")]
    [InlineData(30, "MMM d")]
    [InlineData(365, "MMM yyyy")]
    public void TimeTicks_OfLongerRanges_AreDatesOrMonths_AtMostEight(int days, string format)
    {
        var ticks = ChartGeometry.TimeTicks(Now.AddDays(-days), Now);
        Assert.InRange(ticks.Count, 2, 8);
        Assert.All(ticks, t => Assert.Equal(t.At.ToString(format, System.Globalization.CultureInfo.InvariantCulture), t.Label));
        Assert.All(ticks, t => Assert.Equal(TimeSpan.Zero, t.At.TimeOfDay));
        Assert.Equal(ticks.OrderBy(t => t.At).Select(t => t.At), ticks.Select(t => t.At));
    }

    [Fact]
    public void HoverStrips_TileTheChart_EachHoldingItsPoint()
    {
        var strips = ChartGeometry.HoverStrips([0, 20, 40, 100]);
        Assert.Equal([0.0, 10, 30, 70], strips.Select(s => s.Left));
        Assert.Equal(100, strips.Sum(s => s.Width), 1e-9);
        Assert.Equal([0.0, 50, 25, 100], strips.Select(s => s.Offset));
    }
}
