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
    [InlineData("Sun Jul 15 01:16:00 +0000 2012", "2012-07-15T01:16:00Z")]
    [InlineData("Mon, 26 January 2004 16:31:00 PT", "2004-01-27T00:31:00Z")]
    [InlineData("03-12-31", "2003-12-31T00:00:00Z")]
    [InlineData("Thu, 01 Jan 49 00:00:00 GMT", "2049-01-01T00:00:00Z")]
    [InlineData("Fri, 01 Jan 50 00:00:00 GMT", "1950-01-01T00:00:00Z")]
    [InlineData("2004-05-25 오후 11:23:17", "2004-05-25T14:23:17Z")]
    [InlineData("2004년 05월 28일  01:31:15", "2004-05-27T16:31:15Z")]
    [InlineData("Κυρ, 11 Ιούλ 2004 12:00:00 EST", "2004-07-11T17:00:00Z")]
    [InlineData("2004-július-13T9:15-05:00", "2004-07-13T14:15:00Z")]
    [InlineData("03335", "2003-12-01T00:00:00Z")]
    public void Feed_dates_in_the_formats_seen_in_the_wild_parse_to_utc(string raw, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), FeedDates.Parse(raw));
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("31 Feb 2024 10:00 GMT")]
    [InlineData("Sun, 16 Dec 2012 1:2:3:4 GMT")]
    [InlineData("Sun, 16 zzz 2012 11:47:32 GMT")]
    [InlineData("Sun, Dec x 2012 11:47:32 GMT")]
    [InlineData("Sun, 16 Dec zz 11:47:32 GMT")]
    [InlineData("Sun, 16 Dec 2012 11:47:32 +zz:00")]
    [InlineData("Sun, 99 Jun 2009 12:00:00 GMT")]
    [InlineData("Sun, 31 Dec 9999 23:59:59 -9999")]
    [InlineData("9999-12-31T23:59:59-99:99")]
    [InlineData("2003-12-31T25:14:55Z")]
    [InlineData("2003-12-31T10:61:55Z")]
    [InlineData("2013-01-27-01")]
    [InlineData("2013-01-28T11:30:00-06:00Textra")]
    [InlineData("2013-xx-27")]
    [InlineData(null)]
    public void Nonsense_dates_are_null(string? raw)
    {
        Assert.Null(FeedDates.Parse(raw));
    }
}
