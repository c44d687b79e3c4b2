using System.Globalization;
using System.Text;

namespace FusionMonitor.Web.Components.Data;

/// <summary>
/// Turns series into SVG coordinates: a chart is a few dozen points, so plain SVG drawn on the server beats a JS
/// charting library (nothing to load, nothing to keep in sync with the circuit, readable at any width).
/// Y grows downward in SVG, so a higher value maps to a smaller y.
/// </summary>
public static class ChartGeometry
{
    /// <summary>
    /// An SVG <c>points</c> list for values spread evenly across <paramref name="width"/>, scaled so
    /// <paramref name="min"/> sits on the bottom edge and <paramref name="max"/> on the top. Empty for no values; one
    /// value draws a flat line across.
    /// </summary>
    public static string Polyline(IReadOnlyList<double> values, double width, double height, double min = 0, double max = 100)
    {
        if (values.Count == 0) return "";
        if (values.Count == 1) return $"{F(0)},{F(Y(values[0], height, min, max))} {F(width)},{F(Y(values[0], height, min, max))}";
        var sb = new StringBuilder();
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0) sb.Append(' ');
            sb.Append(F(width * i / (values.Count - 1))).Append(',').Append(F(Y(values[i], height, min, max)));
        }
        return sb.ToString();
    }

    /// <summary>Like <see cref="Polyline"/> but placing each point at its time between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public static string TimePolyline(IReadOnlyList<(DateTimeOffset At, double Value)> points, DateTimeOffset from, DateTimeOffset to,
        double width, double height, double min = 0, double max = 100)
    {
        var span = Math.Max(1, (to - from).Ticks);
        return string.Join(' ', points.Select(p => $"{F(X(p.At, from, span, width))},{F(Y(p.Value, height, min, max))}"));
    }

    /// <summary>The x of a time between <paramref name="from"/> and <paramref name="from"/> + <paramref name="spanTicks"/>, clamped to the chart.</summary>
    public static double X(DateTimeOffset at, DateTimeOffset from, long spanTicks, double width) =>
        Math.Clamp((at - from).Ticks / (double)spanTicks, 0, 1) * width;

    /// <summary>The y of a value, clamped to the chart: a score can never draw outside its box.</summary>
    public static double Y(double value, double height, double min = 0, double max = 100) =>
        height - Math.Clamp((value - min) / (max - min), 0, 1) * height;

    /// <summary>Invariant, two decimals: SVG wants dots, whatever the server's culture.</summary>
    public static string F(double v) => Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture);
}
