namespace FusionMonitor.Core.Scoring;

/// <summary>
/// The one definition of the time buckets history and rollups are kept in, all in UTC: five minutes (the spike rule's
/// volumes), hours (history, rollups), days (the daily tables) and ISO weeks starting on Monday (long charts).
/// </summary>
public static class TimeBuckets
{
    public const string Hour = "hour";
    public const string Day = "day";
    public const string Week = "week";

    /// <summary>The series buckets the API and the dashboard offer.</summary>
    public static readonly IReadOnlyList<string> SeriesBuckets = [Hour, Day, Week];

    public static bool IsSeriesBucket(string? name) => name is Hour or Day or Week;

    public static DateTimeOffset FiveMinutesOf(DateTimeOffset t) => Floor(t, TimeSpan.TicksPerMinute * 5);

    public static DateTimeOffset HourOf(DateTimeOffset t) => Floor(t, TimeSpan.TicksPerHour);

    public static DateTimeOffset DayOf(DateTimeOffset t) => Floor(t, TimeSpan.TicksPerDay);

    /// <summary>The Monday (00:00 UTC) that starts <paramref name="t"/>'s ISO week.</summary>
    public static DateTimeOffset WeekOf(DateTimeOffset t)
    {
        var day = DayOf(t);
        return day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
    }

    /// <summary>How long a bucket of the series is (an hour, a day, a week).</summary>
    public static TimeSpan LengthOf(string bucket) => bucket switch
    {
        Hour => TimeSpan.FromHours(1),
        Week => TimeSpan.FromDays(7),
        _ => TimeSpan.FromDays(1),
    };

    /// <summary>Start of the <paramref name="bucket"/> (hour, day or week) holding <paramref name="t"/>; unknown names count as day.</summary>
    public static DateTimeOffset StartOf(DateTimeOffset t, string bucket) => bucket switch
    {
        Hour => HourOf(t),
        Week => WeekOf(t),
        _ => DayOf(t),
    };

    private static DateTimeOffset Floor(DateTimeOffset t, long ticks) => new(t.UtcTicks - t.UtcTicks % ticks, TimeSpan.Zero);
}
