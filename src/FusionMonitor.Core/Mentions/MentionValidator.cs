using FusionMonitor.Core.Text;

namespace FusionMonitor.Core.Mentions;

/// <summary>
/// Decides whether an incoming mention may be stored. Pure: the clock is passed in.
/// A mention that fails is quarantined with the reason this returns; the rest of its batch is kept.
/// Every string is held to <see cref="StoredText"/> (no NUL, no unpaired surrogate) and a length; every number and
/// date to a range, so nothing accepted can overflow a sum or a column later (a recompute reads them all back).
/// </summary>
public static class MentionValidator
{
    public const int MaxTextLength = 40_000;
    public const int MaxIdLength = 512;
    public const int MaxSourceLength = 200;
    public const int MaxUrlLength = 4_096;
    public const int MaxLangLength = 35; // the longest BCP 47 tag worth keeping
    public const int MaxHandleLength = 512;
    public const int MaxNameLength = 512;

    /// <summary>
    /// The largest follower or engagement count kept: far above any real account (the largest have under 10⁹
    /// followers) and small enough that the sum of every count of every mention stays far inside 64 bits.
    /// </summary>
    public const long MaxCount = 100_000_000_000;

    /// <summary>How far ahead of the server clock a timestamp may be (clock skew between machines).</summary>
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromHours(1);

    /// <summary>Mentions older than this are taken to carry a broken timestamp.</summary>
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Whether a platform's timestamp can be a real post's: from <see cref="Earliest"/> to <see cref="MaxFutureSkew"/>
    /// ahead of now. A connector's paging position (a stream's <c>time_us</c>, a listing's <c>created_utc</c>) is
    /// moved only by plausible times, so one hostile or broken value cannot push a source's cursor years ahead and
    /// leave it skipping every real post after it.
    /// </summary>
    public static bool IsPlausibleTime(double unixSeconds, DateTimeOffset now) =>
        unixSeconds >= Earliest.ToUnixTimeSeconds() && unixSeconds <= (now + MaxFutureSkew).ToUnixTimeSeconds();

    /// <summary>Returns null when the mention is valid, else a short human-readable reason.</summary>
    public static string? Validate(IncomingMention? m, DateTimeOffset now)
    {
        if (m is null) return "item is null";
        if (string.IsNullOrWhiteSpace(m.Source)) return "missing source";
        if (string.IsNullOrWhiteSpace(m.ExternalId)) return "missing externalId";
        if (string.IsNullOrWhiteSpace(m.Text)) return "missing text";
        if (m.Author is null || string.IsNullOrWhiteSpace(m.Author.Handle)) return "missing author handle";
        var textProblem = Text("source", m.Source, MaxSourceLength) ?? Text("externalId", m.ExternalId, MaxIdLength) ?? Text("text", m.Text, MaxTextLength)
            ?? Text("url", m.Url, MaxUrlLength) ?? Text("lang", m.Lang, MaxLangLength)
            ?? Text("author.handle", m.Author.Handle, MaxHandleLength) ?? Text("author.name", m.Author.Name, MaxNameLength);
        if (textProblem is not null) return textProblem;
        if ((Count("author.followers", m.Author.Followers) ?? Count("author.following", m.Author.Following) ?? Count("author.posts", m.Author.Posts)) is { } counts)
            return counts;
        if (m.Author.CreatedAt is { } since && (since < Earliest || since > now + MaxFutureSkew))
            return $"author.createdAt {since:O} is {(since < Earliest ? $"before {Earliest:yyyy-MM-dd}" : "in the future")}";
        if (m.Engagement is { } e && (Count("engagement.likes", e.Likes) ?? Count("engagement.reposts", e.Reposts) ?? Count("engagement.replies", e.Replies)) is { } engagement)
            return engagement;
        if (m.CreatedAt == default) return "missing createdAt";
        if (m.CreatedAt < Earliest) return $"createdAt {m.CreatedAt:O} is before {Earliest:yyyy-MM-dd}";
        if (m.CreatedAt > now + MaxFutureSkew) return $"createdAt {m.CreatedAt:O} is in the future";
        if (m.Rating is < 1 or > 5) return "rating must be 1 to 5";
        return null;
    }

    private static string? Text(string field, string? value, int max)
    {
        if (value is null) return null;
        if (value.Length > max) return $"{field} longer than {max:N0} characters ({value.Length:N0})";
        return StoredText.Problem(field, value);
    }

    private static string? Count(string field, long? value) => value switch
    {
        < 0 => $"{field} is negative ({value})",
        > MaxCount => $"{field} {value:N0} is more than {MaxCount:N0}",
        _ => null,
    };
}
