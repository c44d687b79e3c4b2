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
