using FusionMonitor.Ingestion.Connectors.Rss;

namespace FusionMonitor.Ingestion.Tests.Connectors;

public sealed class FeedDatesTests
{
    [Theory]
    [InlineData("Tue, 22 Sep 2026 14:35:00 GMT", "2026-09-22T14:35:00Z")]
    [InlineData("22 Sep 2026 14:35:00 +0200", "2026-09-22T12:35:00Z")]
    [InlineData("Tue, 22 Sep 2026 14:35 EST", "2026-09-22T19:35:00Z")]
    [InlineData("Fri, 14 Mar 2025 09:12:00 CET", "2025-03-14T08:12:00Z")]
    [InlineData("7 Jun 23 10:00 GMT", "2023-06-07T10:00:00Z")]
    [InlineData("Wed, 7 June 2023 10:00:00 UT", "2023-06-07T10:00:00Z")]
    [InlineData("Mon, 01 Jan 2024 00:00:00 XYZ", "2024-01-01T00:00:00Z")]
    [InlineData("2025-03-14T10:21:07+01:00", "2025-03-14T09:21:07Z")]
    [InlineData("2025-03-14T10:21:07.517Z", "2025-03-14T10:21:07.517Z")]
    [InlineData("2025-03-14T10:21:07", "2025-03-14T10:21:07Z")]
    [InlineData("2025-03-14", "2025-03-14T00:00:00Z")]
    [InlineData(" 2025-03-14 10:21:07 ", "2025-03-14T10:21:07Z")]
    public void Feed_dates_in_the_formats_seen_in_the_wild_parse_to_utc(string raw, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), FeedDates.Parse(raw));
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("31 Feb 2024 10:00 GMT")]
    [InlineData(null)]
    public void Nonsense_dates_are_null(string? raw)
    {
        Assert.Null(FeedDates.Parse(raw));
    }
}
