namespace FusionMonitor.Core.Sources;

/// <summary>
/// When a source is checked next, as miniflux's <c>ScheduleNextCheck</c>: after a success, one interval later; after
/// the n-th failure in a row, interval × 2ⁿ later, at most <see cref="MaxBackoff"/>. This schedule is the one owner of
/// retrying a failed fetch (Hangfire runs each fetch once; the HTTP pipeline only retries single requests within it).
/// Pure.
/// </summary>
public static class SourceSchedule
{
    /// <summary>The longest a failing source waits between tries.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(6);

    /// <param name="interval">The source's polling interval.</param>
    /// <param name="errorCount">Failures in a row including this run: 0 after a success.</param>
    /// <param name="finishedAt">When this run finished.</param>
    public static DateTimeOffset NextCheck(TimeSpan interval, int errorCount, DateTimeOffset finishedAt)
    {
        if (errorCount <= 0) return finishedAt + interval;
        var wait = Math.Min(MaxBackoff.TotalSeconds, interval.TotalSeconds * Math.Pow(2, Math.Min(errorCount, 20)));
        return finishedAt + TimeSpan.FromSeconds(wait);
    }
}
