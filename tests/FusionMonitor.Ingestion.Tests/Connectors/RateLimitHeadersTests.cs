using System.Net;
using FusionMonitor.Ingestion.Connectors.Http;

namespace FusionMonitor.Ingestion.Tests.Connectors;

public sealed class RateLimitHeadersTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 14, 10, 20, 0, TimeSpan.Zero);

    private static HttpResponseMessage Response(HttpStatusCode status, params (string Name, string Value)[] headers)
    {
        var r = new HttpResponseMessage(status);
        foreach (var (n, v) in headers) r.Headers.TryAddWithoutValidation(n, v);
        return r;
    }

    [Theory]
    [InlineData("Retry-After", "7", 7)]
    [InlineData("Retry-After", "Fri, 14 Mar 2025 10:20:30 GMT", 30)]
    [InlineData("RateLimit-Reset", "1741947612", 12)] // Bluesky: epoch seconds
    [InlineData("RateLimit-Reset", "45", 45)] // IETF draft: seconds from now
    [InlineData("X-RateLimit-Reset", "2025-03-14T10:25:00.000Z", 300)] // Mastodon: ISO timestamp
    public void A_429_asks_for_the_wait_its_headers_name(string header, string value, int seconds)
    {
        using var r = Response(HttpStatusCode.TooManyRequests, (header, value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), RateLimitHeaders.RequestedDelay(r, Now));
    }

    [Fact]
    public void The_server_date_header_cancels_clock_skew()
    {
        using var r = Response(HttpStatusCode.TooManyRequests, ("Date", "Fri, 14 Mar 2025 10:24:00 GMT"), ("X-RateLimit-Reset", "2025-03-14T10:25:00Z"));
        Assert.Equal(TimeSpan.FromSeconds(60), RateLimitHeaders.RequestedDelay(r, Now));
    }

    [Fact]
    public void A_500_without_retry_after_leaves_the_delay_to_backoff()
    {
        using var r = Response(HttpStatusCode.InternalServerError, ("X-RateLimit-Reset", "2025-03-14T10:25:00Z"), ("X-RateLimit-Remaining", "10"));
        Assert.Null(RateLimitHeaders.RequestedDelay(r, Now));
    }

    [Fact]
    public void A_reset_in_the_past_means_no_wait()
    {
        using var r = Response(HttpStatusCode.TooManyRequests, ("X-RateLimit-Reset", "2025-03-14T10:00:00Z"));
        Assert.Equal(TimeSpan.Zero, RateLimitHeaders.RequestedDelay(r, Now));
    }

    [Theory]
    [InlineData("X-RateLimit-Remaining", "0", 0L)]
    [InlineData("RateLimit-Remaining", "12.7", 12L)]
    public void Remaining_requests_are_read_from_either_header(string header, string value, long expected)
    {
        using var r = Response(HttpStatusCode.OK, (header, value));
        Assert.Equal(expected, RateLimitHeaders.Remaining(r));
    }
}
