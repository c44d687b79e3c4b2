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

    /// <summary>
    /// Time-axis labels between two times: at most <paramref name="maxTicks"/> round moments (whole hours, midnights,
    /// Mondays, first days of months, UTC), the coarsest step that still gives two or more. A label is the time of day
    /// under two days (the date at midnight), the date under two months, the month beyond.
    /// </summary>
    public static IReadOnlyList<(DateTimeOffset At, string Label)> TimeTicks(DateTimeOffset from, DateTimeOffset to, int maxTicks = 8)
    {
        if (to <= from) return [];
        TimeSpan[] steps = [TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(3), TimeSpan.FromHours(6), TimeSpan.FromHours(12),
            TimeSpan.FromDays(1), TimeSpan.FromDays(2), TimeSpan.FromDays(7), TimeSpan.FromDays(14)];
        var span = to - from;
        foreach (var step in steps)
        {
            if (span.Ticks / step.Ticks > maxTicks) continue;
            var first = step == TimeSpan.FromDays(7) || step == TimeSpan.FromDays(14)
                ? Core.Scoring.TimeBuckets.WeekOf(from)
                : new DateTimeOffset(from.UtcTicks / step.Ticks * step.Ticks, TimeSpan.Zero);
            if (first < from) first += step;
            var ticks = new List<(DateTimeOffset, string)>();
            for (var t = first; t <= to; t += step)
                ticks.Add((t, span <= TimeSpan.FromDays(2) && t.TimeOfDay != TimeSpan.Zero ? t.ToString("HH:mm", CultureInfo.InvariantCulture) : t.ToString("MMM d", CultureInfo.InvariantCulture)));
            return ticks;
        }
        foreach (var months in new[] { 1, 2, 3, 6, 12 })
        {
            var t = new DateTimeOffset(from.UtcDateTime.Year, from.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);
            if (t < from) t = t.AddMonths(1);
            var ticks = new List<(DateTimeOffset, string)>();
            for (; t <= to; t = t.AddMonths(months)) ticks.Add((t, t.ToString("MMM yyyy", CultureInfo.InvariantCulture)));
            if (ticks.Count <= maxTicks) return ticks;
        }
        return [];
    }

    /// <summary>
    /// Hover regions for points at x positions (oldest first, in percent of the width): each point owns the strip from
    /// halfway to its left neighbour to halfway to its right one, so a pointer anywhere over the chart lands on the
    /// nearest point. Returns each strip's left edge and width, and where the point sits inside it, all in percent.
    /// </summary>
    public static IReadOnlyList<(double Left, double Width, double Offset)> HoverStrips(IReadOnlyList<double> xs)
    {
        var strips = new List<(double, double, double)>(xs.Count);
        for (var i = 0; i < xs.Count; i++)
        {
            var left = i == 0 ? 0 : (xs[i - 1] + xs[i]) / 2;
            var right = i == xs.Count - 1 ? 100 : (xs[i] + xs[i + 1]) / 2;
            var width = Math.Max(0, right - left);
            strips.Add((left, width, width > 0 ? (xs[i] - left) / width * 100 : 0));
        }
        return strips;
    }

    /// <summary>Invariant, two decimals: SVG wants dots, whatever the server's culture.</summary>
    public static string F(double v) => Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>An alert on a chart: when it opened, its kind (as the API names it) and a sentence saying what it was.</summary>
public sealed record ChartMarker(DateTimeOffset At, string Kind, string Label);
