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

    [Theory]
    [InlineData(0.163, 0.25, 1, 0.25)]
    [InlineData(0.31, 0.25, 1, 0.5)]
    [InlineData(0.0, 0.1, 1, 0.1)]
    [InlineData(3.0, 0.25, 1, 1)]
    [InlineData(0.5, 0.25, 1, 0.5)]
    public void FitRange_IsTheNextStepAboveTheData_WithinTheScale(double largest, double step, double limit, double expected)
    {
        Assert.Equal(expected, ChartGeometry.FitRange(largest, step, limit), 9);
    }

    [Fact]
    public void PlaceLabels_KeepsLabelsOfNearbyPointsApartAndInsideTheFrame()
    {
        // The demo's aspects: five points within 20 px of each other (delivery, place, staff, app, price).
        var points = new List<(double X, double Y, string Text)>
        {
            (275, 294, "delivery"), (300, 294, "place"), (295, 298, "staff"), (305, 280, "app"), (340, 294, "price"), (300, 318, "quality"),
        };
        var labels = ChartGeometry.PlaceLabels(points, left: 48, top: 12, right: 592, bottom: 332);
        Assert.Equal(points.Count, labels.Count);
        var boxes = labels.Select((l, i) =>
        {
            var width = points[i].Text.Length * 7.5;
            var left = l.End ? l.X - width : l.X;
            return (L: left, T: l.Y - 12, R: left + width, B: l.Y + 3);
        }).ToList();
        for (var i = 0; i < boxes.Count; i++)
        {
            Assert.True(boxes[i].L >= 48 && boxes[i].R <= 592 && boxes[i].T >= 12 && boxes[i].B <= 332, $"{points[i].Text} leaves the frame: {boxes[i]}");
            for (var j = i + 1; j < boxes.Count; j++)
                Assert.False(boxes[i].L < boxes[j].R && boxes[j].L < boxes[i].R && boxes[i].T < boxes[j].B && boxes[j].T < boxes[i].B,
                    $"{points[i].Text} and {points[j].Text} overlap: {boxes[i]} {boxes[j]}");
        }
    }

    [Fact]
    public void PlaceLabels_PutsALabelLeftOfAPointAtTheRightEdge()
    {
        var label = ChartGeometry.PlaceLabels([(585, 100, "price")], 48, 12, 592, 332).Single();
        Assert.True(label.End);
        Assert.True(label.X < 585);
    }

    [Theory]
    [InlineData(0.25, 5, new[] { 0, 0.05, 0.1, 0.15, 0.2, 0.25 })]
    [InlineData(1.0, 5, new[] { 0, 0.2, 0.4, 0.6, 0.8, 1 })]
    [InlineData(0.2, 3, new[] { 0, 0.1, 0.2 })]
    [InlineData(0.75, 3, new[] { 0, 0.25, 0.5, 0.75 })]
    [InlineData(0.1, 5, new[] { 0, 0.02, 0.04, 0.06, 0.08, 0.1 })]
    public void RoundTicks_StepsRoundly_WithinTheScale(double max, int maxSteps, double[] expected)
    {
        var ticks = ChartGeometry.RoundTicks(max, maxSteps);
        Assert.Equal(expected.Length, ticks.Count);
        for (var i = 0; i < ticks.Count; i++) Assert.Equal(expected[i], ticks[i], 9);
    }
}
