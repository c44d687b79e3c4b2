using FusionMonitor.Core.Alerts;

namespace FusionMonitor.Core.Digest;

/// <summary>How often a digest is sent and how far back it looks: a day, or a week (Monday to Monday).</summary>
public enum DigestPeriod { Daily = 0, Weekly = 1 }

/// <summary>One pair's score over the digest's window: where it started, where it is, and its hourly points for the chart.</summary>
public sealed record DigestMove(long PairId, string InfluencerName, double Before, double After, IReadOnlyList<DigestPoint> Points)
{
    public double Change => After - Before;
}

public sealed record DigestPoint(DateTimeOffset At, double Value);

/// <summary>One post worth reading again: the loudest of the window, one per author.</summary>
public sealed record DigestPost(long MentionId, string Author, long? Followers, string Text, string? Url, DateTimeOffset CreatedAt, double Polarity);

/// <summary>One hour of the brand's mentions (the chart's bars): all of them and the negative ones.</summary>
public sealed record DigestVolume(DateTimeOffset Hour, long Mentions, long Negative);

/// <summary>What a digest says of one brand.</summary>
/// <param name="Moves">The score moves that mattered (<see cref="Digests.MovesThatMattered"/>), biggest first.</param>
/// <param name="Charted">The pairs drawn in the chart (the biggest moves, at most <see cref="Digests.ChartedPairs"/>).</param>
/// <param name="OpenAlerts">The newest open or acknowledged alerts as every channel shows them; <paramref name="OpenAlertCount"/> all of them.</param>
public sealed record DigestBrand(long BrandId, string BrandName, long Mentions, long Negative, IReadOnlyList<DigestMove> Moves, IReadOnlyList<DigestMove> Charted,
    IReadOnlyList<AlertCard> OpenAlerts, int OpenAlertCount, IReadOnlyList<DigestPost> TopPosts, IReadOnlyList<DigestVolume> Volume);

/// <summary>A whole digest: the window it covers and one section per brand.</summary>
public sealed record DigestReport(DigestPeriod Period, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<DigestBrand> Brands);

/// <summary>The digest's rules, pure: its window, which moves matter, which posts are shown, and when one is due.</summary>
public static class Digests
{
    /// <summary>A move of at least this many points (of 100) is one that mattered.</summary>
    public const double MinMove = 2;

    public const int MaxMoves = 5;

    public const int ChartedPairs = 3;

    public const int MaxPosts = 5;

    public const int MaxAlerts = 5;

    public static string Name(DigestPeriod p) => p == DigestPeriod.Weekly ? "weekly" : "daily";

    public static DigestPeriod? Parse(string? name) => name switch { "daily" => DigestPeriod.Daily, "weekly" => DigestPeriod.Weekly, _ => null };

    public static TimeSpan Length(DigestPeriod p) => p == DigestPeriod.Weekly ? TimeSpan.FromDays(7) : TimeSpan.FromDays(1);

    /// <summary>The window a digest read at <paramref name="now"/> covers: the last day or week, to the hour.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Window(DigestPeriod p, DateTimeOffset now)
    {
        var to = new DateTimeOffset(now.UtcDateTime.Date.AddHours(now.UtcDateTime.Hour), TimeSpan.Zero).AddHours(1);
        return (to - Length(p), to);
    }

    /// <summary>The moves of at least <see cref="MinMove"/> points, biggest first, at most <see cref="MaxMoves"/>.</summary>
    public static IReadOnlyList<DigestMove> MovesThatMattered(IEnumerable<DigestMove> moves) =>
        moves.Where(m => Math.Abs(m.Change) >= MinMove).OrderByDescending(m => Math.Abs(m.Change)).ThenBy(m => m.PairId).Take(MaxMoves).ToList();

    /// <summary>The pairs the chart draws: the biggest moves, whether they mattered or not (a quiet week is a flat line).</summary>
    public static IReadOnlyList<DigestMove> Charted(IEnumerable<DigestMove> moves) =>
        moves.Where(m => m.Points.Count > 0).OrderByDescending(m => Math.Abs(m.Change)).ThenBy(m => m.PairId).Take(ChartedPairs).ToList();

    /// <summary>
    /// The loudest posts (followers, then engagement), one per author and one per text — accounts pasting one text are
    /// one voice, shown once by its loudest (texts compared by their letters and digits, without case or @handles) —
    /// cut to 280 characters.
    /// </summary>
    public static IReadOnlyList<DigestPost> TopPosts(IEnumerable<(DigestPost Post, long Engagement)> candidates) =>
        candidates.OrderByDescending(c => c.Post.Followers ?? 0).ThenByDescending(c => c.Engagement).ThenByDescending(c => c.Post.CreatedAt)
            .DistinctBy(c => c.Post.Author.ToLowerInvariant())
            .DistinctBy(c => TextKey(c.Post.Text))
            .Take(MaxPosts)
            .Select(c => c.Post with { Text = c.Post.Text.Length > 280 ? c.Post.Text[..279] + "…" : c.Post.Text })
            .ToList();

    private static string TextKey(string text) =>
        string.Concat(System.Text.RegularExpressions.Regex.Replace(text, @"@\S+", " ").Where(char.IsLetterOrDigit)).ToLowerInvariant();

    /// <summary>
    /// A score's points as a chart should draw them: a score changes only when a mention moves it, so across a gap of more
    /// than an hour between recorded points it held its value until the hour before the next one (not a slope over the gap).
    /// </summary>
    public static IReadOnlyList<DigestPoint> Held(IReadOnlyList<DigestPoint> points)
    {
        var held = new List<DigestPoint>(points.Count * 2);
        for (var i = 0; i < points.Count; i++)
        {
            if (i > 0 && points[i].At - points[i - 1].At > TimeSpan.FromMinutes(90))
                held.Add(new DigestPoint(points[i].At - TimeSpan.FromHours(1), points[i - 1].Value));
            held.Add(points[i]);
        }
        return held;
    }

    /// <summary>
    /// The last time a digest of <paramref name="p"/> was due at or before <paramref name="now"/>: each day at
    /// <paramref name="hourUtc"/>, or each Monday at that hour.
    /// </summary>
    public static DateTimeOffset LastSlot(DigestPeriod p, DateTimeOffset now, int hourUtc)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddHours(hourUtc);
        var slot = today <= now ? today : today.AddDays(-1);
        if (p == DigestPeriod.Daily) return slot;
        while (slot.DayOfWeek != DayOfWeek.Monday) slot = slot.AddDays(-1);
        return slot;
    }

    /// <summary>Due when no digest went out since the last slot; a new subscription waits for the first slot after it was made.</summary>
    public static bool Due(DigestPeriod p, DateTimeOffset createdAt, DateTimeOffset? lastSentAt, DateTimeOffset now, int hourUtc)
    {
        var slot = LastSlot(p, now, hourUtc);
        return (lastSentAt ?? createdAt) < slot;
    }
}
