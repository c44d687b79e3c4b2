namespace FusionMonitor.Core.Mentions;

/// <summary>
/// Decides whether an incoming mention may be stored. Pure: the clock is passed in.
/// A mention that fails is quarantined with the reason this returns; the rest of its batch is kept.
/// </summary>
public static class MentionValidator
{
    public const int MaxTextLength = 40_000;
    public const int MaxIdLength = 512;
    public const int MaxSourceLength = 200;

    /// <summary>How far ahead of the server clock a timestamp may be (clock skew between machines).</summary>
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromHours(1);

    /// <summary>Mentions older than this are taken to carry a broken timestamp.</summary>
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Returns null when the mention is valid, else a short human-readable reason.</summary>
    public static string? Validate(IncomingMention? m, DateTimeOffset now)
    {
        if (m is null) return "item is null";
        if (string.IsNullOrWhiteSpace(m.Source)) return "missing source";
        if (m.Source.Length > MaxSourceLength) return $"source longer than {MaxSourceLength} characters";
        if (string.IsNullOrWhiteSpace(m.ExternalId)) return "missing externalId";
        if (m.ExternalId.Length > MaxIdLength) return $"externalId longer than {MaxIdLength} characters";
        if (string.IsNullOrWhiteSpace(m.Text)) return "missing text";
        if (m.Text.Length > MaxTextLength) return $"text longer than {MaxTextLength:N0} characters ({m.Text.Length:N0})";
        if (HasInvalidSurrogate(m.Text)) return "text contains an invalid UTF-16 surrogate";
        if (HasInvalidSurrogate(m.ExternalId) || HasInvalidSurrogate(m.Source)) return "id contains an invalid UTF-16 surrogate";
        if (m.Author is null || string.IsNullOrWhiteSpace(m.Author.Handle)) return "missing author handle";
        if (HasInvalidSurrogate(m.Author.Handle) || (m.Author.Name is { } n && HasInvalidSurrogate(n))) return "author contains an invalid UTF-16 surrogate";
        if (m.Author.Followers is < 0) return "negative follower count";
        if (m.CreatedAt == default) return "missing createdAt";
        if (m.CreatedAt < Earliest) return $"createdAt {m.CreatedAt:O} is before {Earliest:yyyy-MM-dd}";
        if (m.CreatedAt > now + MaxFutureSkew) return $"createdAt {m.CreatedAt:O} is in the future";
        if (m.Engagement is { } e && (e.Likes < 0 || e.Reposts < 0 || e.Replies < 0)) return "negative engagement count";
        if (m.Rating is < 1 or > 5) return "rating must be 1 to 5";
        return null;
    }

    public static bool HasInvalidSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])) return true;
                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return true;
            }
        }
        return false;
    }
}
