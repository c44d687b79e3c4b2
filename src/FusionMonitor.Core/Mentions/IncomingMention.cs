namespace FusionMonitor.Core.Mentions;

/// <summary>
/// Who wrote a mention, as the source reports it. The profile fields a platform gives beside the follower count —
/// how many accounts the author follows (<paramref name="Following"/>), how many posts the account has made
/// (<paramref name="Posts"/>) and when it was created (<paramref name="CreatedAt"/>) — feed the authenticity weight
/// (<see cref="Scoring.Authenticity"/>); null is "not given", which weighs nothing down.
/// </summary>
public sealed record Author(string Handle, string? Name = null, long? Followers = null,
    long? Following = null, long? Posts = null, DateTimeOffset? CreatedAt = null);

/// <summary>Reactions to a mention; a count the source does not give is 0.</summary>
public sealed record Engagement(long Likes = 0, long Reposts = 0, long Replies = 0)
{
    public static readonly Engagement None = new();

    /// <summary>The sum, never negative and never wrapping (validation bounds each count; this holds for any input).</summary>
    public long Total => SaturatingSum(Likes, Reposts, Replies);

    /// <summary>Non-negative parts added without overflow: negative parts count as 0, a sum past 2⁶³ − 1 stays there.</summary>
    public static long SaturatingSum(long a, long b, long c)
    {
        var total = 0L;
        foreach (var x in (ReadOnlySpan<long>)[a, b, c])
            total = x <= 0 ? total : total > long.MaxValue - x ? long.MaxValue : total + x;
        return total;
    }
}

/// <summary>
/// A mention as it arrives from a connector, a push or an import, before validation, matching and scoring.
/// <see cref="Source"/> + <see cref="ExternalId"/> identify it: the same pair twice is the same mention.
/// </summary>
public sealed record IncomingMention(
    string Source,
    string ExternalId,
    string Text,
    DateTimeOffset CreatedAt,
    Author Author,
    string? Url = null,
    string? Lang = null,
    Engagement? Engagement = null,
    int? Rating = null);
