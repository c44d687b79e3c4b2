using System.Globalization;
using System.Text.RegularExpressions;

namespace FusionMonitor.Ingestion.Connectors.Rss;

/// <summary>
/// Parses the dates feeds actually carry, not just the ones the specs allow: RFC 822 with or without weekday and
/// seconds, two-digit years, single-digit days, named zones (GMT, UT, EST, CET, …), ISO 8601 / RFC 3339 with or
/// without offset (also inside pubDate), and ISO dates without time. Unknown zones are read as UTC.
/// </summary>
public static partial class FeedDates
{
    private static readonly Dictionary<string, TimeSpan> Zones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GMT"] = TimeSpan.Zero, ["UT"] = TimeSpan.Zero, ["UTC"] = TimeSpan.Zero, ["Z"] = TimeSpan.Zero, ["WET"] = TimeSpan.Zero,
        ["EST"] = TimeSpan.FromHours(-5), ["EDT"] = TimeSpan.FromHours(-4), ["CST"] = TimeSpan.FromHours(-6), ["CDT"] = TimeSpan.FromHours(-5),
        ["MST"] = TimeSpan.FromHours(-7), ["MDT"] = TimeSpan.FromHours(-6), ["PST"] = TimeSpan.FromHours(-8), ["PDT"] = TimeSpan.FromHours(-7),
        ["CET"] = TimeSpan.FromHours(1), ["CEST"] = TimeSpan.FromHours(2), ["MET"] = TimeSpan.FromHours(1), ["MEST"] = TimeSpan.FromHours(2),
        ["BST"] = TimeSpan.FromHours(1), ["EET"] = TimeSpan.FromHours(2), ["EEST"] = TimeSpan.FromHours(3), ["IST"] = TimeSpan.FromHours(5.5),
        ["JST"] = TimeSpan.FromHours(9), ["AEST"] = TimeSpan.FromHours(10), ["AEDT"] = TimeSpan.FromHours(11),
    };

    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd",
    ];

    // day month year time [zone]; weekday optional; seconds optional; zone as +hhmm, -hh:mm or a name.
    [GeneratedRegex(@"^(?:[A-Za-z]{2,9},?\s+)?(?<d>\d{1,2})[\s-]+(?<m>[A-Za-z]{3,9})\.?[\s-]+(?<y>\d{2,4})(?:\s+(?<t>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?\s*(?<z>[+-]\d{2}:?\d{2}|[A-Za-z]{1,5})?$")]
    private static partial Regex Rfc822();

    /// <summary>Returns the instant in UTC, or null when the text is no date we recognise.</summary>
    public static DateTimeOffset? Parse(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var s = raw.Trim();
        if (DateTimeOffset.TryParseExact(s, IsoFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var iso))
            return iso.ToUniversalTime();
        var m = Rfc822().Match(s);
        if (m.Success && TryMonth(m.Groups["m"].Value, out var month))
        {
            var day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
            var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
            if (year < 100) year += year < 70 ? 2000 : 1900;
            var time = m.Groups["t"].Success ? TimeSpan.Parse(m.Groups["t"].Value, CultureInfo.InvariantCulture) : TimeSpan.Zero;
            var offset = m.Groups["z"].Success ? ParseZone(m.Groups["z"].Value) : TimeSpan.Zero;
            if (offset is null || day < 1 || day > DateTime.DaysInMonth(Math.Clamp(year, 1, 9999), month) || time >= TimeSpan.FromDays(1)) return null;
            return new DateTimeOffset(new DateTime(year, month, day).Add(time), offset.Value).ToUniversalTime();
        }
        return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var loose) ? loose.ToUniversalTime() : null;
    }

    private static TimeSpan? ParseZone(string z)
    {
        if (z[0] is '+' or '-')
        {
            var digits = z[1..].Replace(":", "", StringComparison.Ordinal);
            var h = int.Parse(digits[..2], CultureInfo.InvariantCulture);
            var min = int.Parse(digits[2..], CultureInfo.InvariantCulture);
            if (h > 14 || min > 59) return null;
            var span = new TimeSpan(h, min, 0);
            return z[0] == '-' ? -span : span;
        }
        return Zones.TryGetValue(z, out var off) ? off : TimeSpan.Zero; // an unknown zone name: UTC is the best guess
    }

    private static bool TryMonth(string name, out int month)
    {
        month = 0;
        if (name.Length < 3) return false;
        var prefix = name[..3].ToLowerInvariant();
        month = prefix switch
        {
            "jan" => 1, "feb" => 2, "mar" => 3, "apr" => 4, "may" => 5, "jun" => 6,
            "jul" => 7, "aug" => 8, "sep" => 9, "oct" => 10, "nov" => 11, "dec" => 12, _ => 0,
        };
        return month > 0;
    }
}
