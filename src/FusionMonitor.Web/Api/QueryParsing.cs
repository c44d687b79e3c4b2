using System.Globalization;
using FusionMonitor.Core.Scoring;

namespace FusionMonitor.Web.Api;

/// <summary>Reads optional query values, collecting a clear error for each malformed one instead of failing the binding.</summary>
internal static class QueryParsing
{
    public static long? Id(this ApiProblems.Errors errors, string name, string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0) return id;
        errors.Add(name, $"{name} must be a positive whole number.");
        return null;
    }

    /// <summary>The earliest and latest times a query may name: wide enough for any history, far from the calendar's edges (year 1 minus a day is an error, not a date).</summary>
    public static readonly DateTimeOffset EarliestQueryTime = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset LatestQueryTime = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset? Time(this ApiProblems.Errors errors, string name, string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
        {
            errors.Add(name, $"{name} must be an ISO-8601 timestamp, e.g. 2026-11-25T12:00:00Z.");
            return null;
        }
        if (t < EarliestQueryTime || t >= LatestQueryTime)
        {
            errors.Add(name, $"{name} must be between {EarliestQueryTime:yyyy-MM-dd} and {LatestQueryTime.AddDays(-1):yyyy-MM-dd}.");
            return null;
        }
        return t;
    }

    /// <summary>
    /// A series' <c>from</c>, <c>to</c> and <c>bucket</c>: <c>to</c> defaults to <paramref name="now"/>, <c>from</c> to
    /// <paramref name="defaultSpan"/> before it; the bucket must be hour, day or week, and from before to.
    /// </summary>
    public static (DateTimeOffset From, DateTimeOffset To, string Bucket) Series(this ApiProblems.Errors errors, string? from, string? to, string? bucket,
        DateTimeOffset now, TimeSpan defaultSpan, string defaultBucket)
    {
        var end = errors.Time("to", to) ?? now;
        var start = errors.Time("from", from) ?? end - defaultSpan;
        var b = bucket ?? defaultBucket;
        if (!TimeBuckets.IsSeriesBucket(b)) errors.Add("bucket", "bucket must be hour, day or week.");
        if (start >= end) errors.Add("from", "from must be before to.");
        return (start, end, b);
    }

    public static int Limit(this ApiProblems.Errors errors, string? value, int fallback, int max)
    {
        if (string.IsNullOrEmpty(value)) return fallback;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 && n <= max) return n;
        errors.Add("limit", $"limit must be a whole number from 1 to {max}.");
        return fallback;
    }
}
