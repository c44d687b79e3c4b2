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
    /// <summary>
    /// A scale's upper end that fits <paramref name="largest"/>: the next multiple of <paramref name="step"/> at or above
    /// it, at least one step and at most <paramref name="limit"/>, so points a tenth apart are not drawn on top of
    /// each other on a scale ten times wider than the data.
    /// </summary>
    public static double FitRange(double largest, double step, double limit)
    {
        var steps = Math.Ceiling(Math.Max(0, largest) / step - 1e-9);
        return Math.Clamp(Math.Max(1, steps) * step, step, limit);
    }

    /// <summary>
    /// Ticks from 0 to <paramref name="max"/> at a round step (0.02, 0.05, 0.1, 0.25, 0.5, 1 …) that divides it into at
    /// most <paramref name="maxSteps"/> parts, so a 0…0.25 scale reads 0, 0.05, …, 0.25 rather than 0.06, 0.13, 0.19.
    /// </summary>
    public static IReadOnlyList<double> RoundTicks(double max, int maxSteps)
    {
        var step = max / maxSteps;
        foreach (var candidate in new[] { 0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10 })
        {
            var parts = max / candidate;
            if (parts <= maxSteps + 1e-9 && Math.Abs(parts - Math.Round(parts)) < 1e-9) { step = candidate; break; }
        }
        var count = (int)Math.Round(max / step);
        return Enumerable.Range(0, count + 1).Select(k => Math.Round(k * step, 10)).ToList();
    }

    /// <summary>
    /// Where each point's label goes so no two labels overlap and none leaves the frame: to the right of its point
    /// when it fits, else to the left, moved up or down in steps of a line until it clears the labels placed before
    /// (points in the order given). Each label is <paramref name="charWidth"/> a character wide and
    /// <paramref name="lineHeight"/> high. Returns each label's anchor (x, baseline y) and whether it ends at x.
    /// </summary>
    public static IReadOnlyList<(double X, double Y, bool End)> PlaceLabels(IReadOnlyList<(double X, double Y, string Text)> points,
        double left, double top, double right, double bottom, double charWidth = 7.5, double lineHeight = 15, double gap = 11)
    {
        var placed = new List<(double L, double T, double R, double B)>();
        var result = new List<(double, double, bool)>(points.Count);
        // The points themselves: a label is not drawn over another point either.
        var dots = points.Select(p => (L: p.X - 7, T: p.Y - 7, R: p.X + 7, B: p.Y + 7)).ToList();
        foreach (var (x, y, text) in points)
        {
            var width = text.Length * charWidth;
            (double, double, bool)? best = null;
            foreach (var shift in new[] { 0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5 })
            {
                foreach (var end in new[] { false, true })
                {
                    var ax = end ? x - gap : x + gap;
                    var l = end ? ax - width : ax;
                    var r = l + width;
                    var baseline = y + 4 + shift * lineHeight;
                    var box = (L: l, T: baseline - lineHeight + 3, R: r, B: baseline + 3);
                    if (box.L < left || box.R > right || box.T < top || box.B > bottom) continue;
                    if (placed.Any(o => Overlap(o, box)) || dots.Any(d => d != (x - 7, y - 7, x + 7, y + 7) && Overlap(d, box))) continue;
                    best = (ax, baseline, end);
                    placed.Add(box);
                    break;
                }
                if (best is not null) break;
            }
            result.Add(best ?? (x + gap, y + 4, false));
        }
        return result;
    }

    private static bool Overlap((double L, double T, double R, double B) a, (double L, double T, double R, double B) b) =>
        a.L < b.R && b.L < a.R && a.T < b.B && b.T < a.B;

    public static string F(double v) => Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>An alert on a chart: when it opened, its kind (as the API names it) and a sentence saying what it was.</summary>
public sealed record ChartMarker(DateTimeOffset At, string Kind, string Label);
