using System.Globalization;
using System.Net;

namespace FusionMonitor.Ingestion.Connectors.Http;

/// <summary>
/// Reads how long a source asks us to wait, from the headers the sources in use send: <c>Retry-After</c> (seconds or an
/// HTTP date), the IETF draft's <c>RateLimit-Remaining</c>/<c>RateLimit-Reset</c> (Bluesky: epoch seconds) and
/// Mastodon's <c>X-RateLimit-Remaining</c>/<c>X-RateLimit-Reset</c> (an ISO timestamp; epoch seconds on GoToSocial).
/// </summary>
public static class RateLimitHeaders
{
    /// <summary>The wait the response asks for, or null when it names none. Never negative.</summary>
    public static TimeSpan? RequestedDelay(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.Headers.RetryAfter is { } ra)
        {
            if (ra.Delta is { } delta) return Clamp(delta);
            if (ra.Date is { } date) return Clamp(date - ServerNow(response, now) );
        }
        if (response.StatusCode != HttpStatusCode.TooManyRequests && Remaining(response) != 0) return null;
        var reset = First(response, "RateLimit-Reset") ?? First(response, "X-RateLimit-Reset");
        return reset is null ? null : ParseReset(reset, ServerNow(response, now));
    }

    /// <summary>Requests left in the current window, when the source says; 0 means stop paging until the reset.</summary>
    public static long? Remaining(HttpResponseMessage response)
    {
        var v = First(response, "RateLimit-Remaining") ?? First(response, "X-RateLimit-Remaining");
        return v is not null && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? (long)Math.Floor(d) : null;
    }

    /// <summary>
    /// A reset value: an ISO timestamp, epoch seconds (large numbers), or seconds from now (small numbers, as in the
    /// IETF draft). Measured against the server's own Date header when present, to cancel clock skew.
    /// </summary>
    public static TimeSpan? ParseReset(string value, DateTimeOffset serverNow)
    {
        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
            return n > 1_000_000_000 ? Clamp(DateTimeOffset.FromUnixTimeSeconds(n) - serverNow) : Clamp(TimeSpan.FromSeconds(n));
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return Clamp(at - serverNow);
        return null;
    }

    private static DateTimeOffset ServerNow(HttpResponseMessage response, DateTimeOffset now) => response.Headers.Date ?? now;

    private static TimeSpan Clamp(TimeSpan t) => t < TimeSpan.Zero ? TimeSpan.Zero : t;

    private static string? First(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
