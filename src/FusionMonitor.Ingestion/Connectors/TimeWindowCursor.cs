namespace FusionMonitor.Ingestion.Connectors;

/// <summary>
/// Cursor for searches that list newest first and filter by time (Hacker News, Bluesky). Times are Unix seconds.
/// <para>
/// A run asks for items after <see cref="After"/> minus an overlap (indexing lag: late-indexed items land behind the
/// watermark) and, when set, before <see cref="Until"/>. If the run read every page, the next run starts at the newest
/// item seen (<see cref="High"/>). If it stopped early (page budget), older unread items remain between After and the
/// oldest item read: the next run reads exactly that gap first (Until = oldest + 1s, After unchanged), and only when the
/// gap is closed does After jump to High. So nothing is skipped, and the overlap only re-delivers stored keys.
/// </para>
/// </summary>
internal sealed record TimeWindowCursor(long After, long? Until, long High)
{
    public static TimeWindowCursor Start(string? cursor, DateTimeOffset now, TimeSpan lookback)
    {
        if (ConnectorJson.ReadCursor<TimeWindowCursor>(cursor) is { } c) return c;
        var start = (now - lookback).ToUnixTimeSeconds();
        return new TimeWindowCursor(start, null, start);
    }

    public long LowerBound(TimeSpan overlap) => After - (long)overlap.TotalSeconds;

    /// <summary>The cursor after a run that saw items from <paramref name="oldest"/> to <paramref name="newest"/>.</summary>
    public TimeWindowCursor Next(bool readAllPages, long? newest, long? oldest)
    {
        var high = Math.Max(High, newest ?? High);
        if (readAllPages) return new TimeWindowCursor(Math.Max(After, high), null, high);
        // Stopped early: the next run reads the older rest first. The oldest second is read again (ties), never skipped.
        var until = oldest is { } o ? o + 1 : Until;
        // Guarantee progress: a budget's worth of items all in one second would otherwise be read forever.
        if (until is { } u && Until is { } previous && u >= previous) until = previous - 1;
        return new TimeWindowCursor(After, until, high);
    }

    public string Write() => ConnectorJson.WriteCursor(this);
}
