using System.Globalization;
using System.Text.RegularExpressions;

namespace FusionMonitor.Ingestion.Connectors.Rss;

/// <summary>
/// Parses the dates feeds actually carry, not just the ones the specs allow. Two families:
/// <list type="bullet">
/// <item><b>ISO 8601 / W3CDTF / RFC 3339</b>: <c>2003-12-31T10:14:55.123456789Z</c>, offsets with or without a colon
/// or minutes, a space or lower-case <c>t</c> for the <c>T</c>, no zone (read as UTC), reduced precision
/// (<c>2003-12</c>, <c>2003</c>), the basic form (<c>20031231T101455Z</c>), ordinal days (<c>2003-335</c>), two-digit
/// years (<c>03-12-31</c>, <c>-03-12</c>, <c>031231</c>), Google's three-digit month (<c>2003-012-31</c>), MSSQL's
/// <c>2004-07-08 23:56:58.0</c>, Perforce's <c>2006/09/15 08:19:53 EDT</c>, Hungarian month names.</item>
/// <item><b>Words</b> (RFC 822 / 1123 / 2822, RFC 850, asctime, Twitter's <c>Sun Jul 15 01:16:00 +0000 2012</c>, US
/// <c>March 14, 2025 9:12 PM</c>): read token by token, so the order of day, month, time, zone and year may vary;
/// weekdays and stray commas are ignored; month names in English (short or long) or Greek; zones as offsets
/// (<c>+0200</c>, <c>-01:01</c>, <c>GMT+1</c>, <c>Etc/GMT</c>), RFC 822's names and military letters, the common
/// abbreviations of North America (ET/CT/MT/PT are read as standard time, as established readers do), Europe and
/// Asia; an unknown alphabetic zone is read as UTC. Korean forms (<c>오후</c>, <c>2004년 05월 28일</c>) are read too.</item>
/// </list>
/// Two-digit years follow RFC 2822 §4.3: 00–49 are 20xx, 50–99 are 19xx. A value that names an impossible day, hour
/// or offset is no date (null), so the caller can say so instead of guessing.
/// </summary>
public static partial class FeedDates
{
    private static readonly Dictionary<string, double> Zones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GMT"] = 0, ["UT"] = 0, ["UTC"] = 0, ["Z"] = 0, ["WET"] = 0, ["Etc/GMT"] = 0, ["Etc/UTC"] = 0, ["Zulu"] = 0,
        ["AST"] = -4, ["ADT"] = -3, ["AT"] = -4, ["NST"] = -3.5, ["NDT"] = -2.5,
        ["EST"] = -5, ["EDT"] = -4, ["ET"] = -5, ["CST"] = -6, ["CDT"] = -5, ["CT"] = -6,
        ["MST"] = -7, ["MDT"] = -6, ["MT"] = -7, ["PST"] = -8, ["PDT"] = -7, ["PT"] = -8,
        ["AKST"] = -9, ["AKDT"] = -8, ["HST"] = -10, ["HAST"] = -10, ["HADT"] = -9,
        ["WEST"] = 1, ["BST"] = 1, ["IST"] = 5.5, ["CET"] = 1, ["CEST"] = 2, ["MET"] = 1, ["MEST"] = 2, ["MEZ"] = 1, ["MESZ"] = 2,
        ["EET"] = 2, ["EEST"] = 3, ["MSK"] = 3, ["MSD"] = 4, ["GST"] = 4, ["PKT"] = 5, ["ICT"] = 7, ["WIB"] = 7,
        ["HKT"] = 8, ["SGT"] = 8, ["AWST"] = 8, ["CCT"] = 8, ["KST"] = 9, ["JST"] = 9,
        ["ACST"] = 9.5, ["ACDT"] = 10.5, ["AEST"] = 10, ["AEDT"] = 11, ["NZST"] = 12, ["NZDT"] = 13,
    };

    // Greek month abbreviations (with and without accents), read as prefixes; Hungarian month names, whole.
    private static readonly (string Name, int Month)[] GreekMonths =
    [
        ("ιαν", 1), ("φεβ", 2), ("μάώ", 3), ("μαρ", 3), ("μάρ", 3), ("απρ", 4), ("άπρ", 4), ("μάι", 5), ("μαϊ", 5), ("μαι", 5), ("μάϊ", 5),
        ("ιούν", 6), ("ιον", 6), ("ιουν", 6), ("ιούλ", 7), ("ιολ", 7), ("ιουλ", 7), ("αύγ", 8), ("αυγ", 8), ("σεπ", 9), ("οκτ", 10),
        ("νοέ", 11), ("νοε", 11), ("δεκ", 12),
    ];

    private static readonly (string Name, int Month)[] HungarianMonths =
    [
        ("január", 1), ("február", 2), ("március", 3), ("április", 4), ("május", 5), ("június", 6), ("július", 7),
        ("augusztus", 8), ("szeptember", 9), ("október", 10), ("november", 11), ("december", 12),
    ];

    private static readonly HashSet<string> GreekWeekdays = ["κυρ", "δευ", "τρί", "τρι", "τετ", "πέμ", "πεμ", "παρ", "σάβ", "σαβ"];

    // yyyy-MM-dd / yyyy-MMM-dd (Google) / yyyy-DDD, each part optional from the right; then an optional time and zone.
    [GeneratedRegex(@"^(?<y>\d{4})(?:-(?<m>0?\d{2})(?:-(?<d>\d{2}))?|-(?<o>\d{3})|(?<m>\d{2})(?<d>\d{2})|(?<o>\d{3}))?(?:[Tt ]\s*(?<time>.+))?$")]
    private static partial Regex IsoDate();

    // Two-digit-year ISO forms: 03-12-31, 031231, -03-12, -0312, 03335, 03-335.
    [GeneratedRegex(@"^(?:(?<y>\d{2})-?(?<m>\d{2})-?(?<d>\d{2})|-(?<y>\d{2})-?(?<m>\d{2})|(?<y>\d{2})-?(?<o>\d{3}))(?:[Tt ]\s*(?<time>.+))?$")]
    private static partial Regex ShortYearIsoDate();

    // hh[:mm[:ss[.fffff]]] or hhmm[ss] then a zone (Z, ±hh, ±hhmm, ±hh:mm) or a zone name, or nothing.
    [GeneratedRegex(@"^(?<h>\d{1,2})(?::?(?<mi>\d{2})(?::?(?<s>\d{2})(?:[.,](?<f>\d+))?)?)?\s*(?<z>[Zz]|[+-]\d{2}(?::?\d{2})?|[A-Za-z][A-Za-z/]{0,8})?$")]
    private static partial Regex IsoTime();

    // 2004-július-13T9:15-05:00
    [GeneratedRegex(@"^(?<y>\d{4})-(?<mn>\p{L}+)-(?<d>\d{1,2})(?:[Tt ](?<time>.+))?$")]
    private static partial Regex NamedMonthIsoDate();

    // European: 14.03.2025 [10:00[:00]]
    [GeneratedRegex(@"^(?<d>\d{1,2})\.(?<m>\d{1,2})\.(?<y>\d{4})(?:,?\s+(?<time>.+))?$")]
    private static partial Regex DottedDate();

    // Perforce: 2006/09/15 08:19:53 EDT (weekday already removed)
    [GeneratedRegex(@"^(?<y>\d{4})/(?<m>\d{1,2})/(?<d>\d{1,2})(?:\s+(?<time>.+))?$")]
    private static partial Regex SlashDate();

    // Korean: 2004년 05월 28일 01:31:15 (OnBlog) and 2004-05-25 오후 11:23:17 (Nate); both Korea time.
    [GeneratedRegex(@"^(?<y>\d{4})(?:년\s*|-)(?<m>\d{1,2})(?:월\s*|-)(?<d>\d{1,2})일?\s+(?:(?<ampm>오\s?[전후])\s*)?(?<h>\d{1,2}):(?<mi>\d{2})(?::(?<s>\d{2}))?$")]
    private static partial Regex KoreanDate();

    [GeneratedRegex(@"^(?<h>\d{1,2})[:.](?<mi>\d{2})(?:[:.](?<s>\d{2})(?:[.,](?<f>\d+))?)?$")]
    private static partial Regex WordTime();

    [GeneratedRegex(@"^(?:(?:GMT|UTC|UT)(?=[+-]))?(?<sign>[+-])(?<h>\d{1,2})(?::?(?<mi>\d{2}))?$", RegexOptions.IgnoreCase)]
    private static partial Regex Offset();

    [GeneratedRegex(@"[\s,]+")]
    private static partial Regex Separators();

    /// <summary>Returns the instant in UTC, or null when the text is no date we recognise.</summary>
    public static DateTimeOffset? Parse(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var s = raw.Trim().Replace('\u00A0', ' ');
        try
        {
            return ParseIso(s) ?? ParseKorean(s) ?? ParseWords(s);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null; // year 0, year 10000 after the offset, …
        }
    }

    private static DateTimeOffset? ParseIso(string s)
    {
        var withoutWeekday = StripWeekday(s);
        if (IsoDate().Match(s) is { Success: true } m)
            return Build(Int(m, "y"), m, s);
        if (ShortYearIsoDate().Match(s) is { Success: true } sm)
            return Build(TwoDigitYear(Int(sm, "y")), sm, s);
        if (NamedMonthIsoDate().Match(s) is { Success: true } nm && MonthOf(nm.Groups["mn"].Value) is { } month)
            return At(Int(nm, "y"), month, Int(nm, "d"), nm.Groups["time"]);
        if (SlashDate().Match(withoutWeekday) is { Success: true } pm)
            return At(Int(pm, "y"), Int(pm, "m"), Int(pm, "d"), pm.Groups["time"]);
        if (DottedDate().Match(withoutWeekday) is { Success: true } dm)
            return At(Int(dm, "y"), Int(dm, "m"), Int(dm, "d"), dm.Groups["time"]);
        return null;

        static DateTimeOffset? Build(int year, Match m, string s)
        {
            if (m.Groups["o"].Success)
            {
                var ordinal = Int(m, "o");
                if (ordinal < 1 || ordinal > (DateTime.IsLeapYear(year) ? 366 : 365)) return null;
                var date = new DateTime(year, 1, 1).AddDays(ordinal - 1);
                return At(date.Year, date.Month, date.Day, m.Groups["time"]);
            }
            var month = m.Groups["m"].Success ? Int(m, "m") : 1;
            var day = m.Groups["d"].Success ? Int(m, "d") : 1;
            return At(year, month, day, m.Groups["time"]);
        }
    }

    private static DateTimeOffset? At(int year, int month, int day, Group time)
    {
        if (!ValidDay(year, month, day)) return null;
        var date = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified);
        if (!time.Success) return new DateTimeOffset(date, TimeSpan.Zero);
        var t = IsoTime().Match(time.Value.Trim());
        if (!t.Success) return null;
        var h = Int(t, "h");
        var mi = t.Groups["mi"].Success ? Int(t, "mi") : 0;
        var sec = t.Groups["s"].Success ? Int(t, "s") : 0;
        if (h > 24 || mi > 59 || sec > 60 || (h == 24 && (mi > 0 || sec > 0))) return null;
        var ticks = t.Groups["f"].Success ? Fraction(t.Groups["f"].Value) : 0;
        TimeSpan? offset = t.Groups["z"].Success ? Zone(t.Groups["z"].Value) : TimeSpan.Zero;
        if (offset is null) return null;
        var local = date.AddHours(h).AddMinutes(mi).AddSeconds(Math.Min(sec, 59)).AddTicks(ticks);
        return new DateTimeOffset(local, offset.Value).ToUniversalTime();
    }

    private static DateTimeOffset? ParseKorean(string s)
    {
        var m = KoreanDate().Match(s);
        if (!m.Success) return null;
        var h = Int(m, "h");
        if (m.Groups["ampm"].Success && m.Groups["ampm"].Value.EndsWith('후') && h < 12) h += 12;
        var sec = m.Groups["s"].Success ? Int(m, "s") : 0;
        var y = Int(m, "y");
        var mo = Int(m, "m");
        var d = Int(m, "d");
        if (!ValidDay(y, mo, d) || h > 23 || Int(m, "mi") > 59 || sec > 59) return null;
        return new DateTimeOffset(y, mo, d, h, Int(m, "mi"), sec, TimeSpan.FromHours(9)).ToUniversalTime();
    }

    /// <summary>RFC 822 and its relatives, read as a bag of tokens: numbers, a month name, a time, AM/PM, a zone.</summary>
    private static DateTimeOffset? ParseWords(string s)
    {
        int? day = null, year = null, month = null;
        TimeSpan? time = null, zone = null;
        var pm = (bool?)null;
        var tokens = Separators().Split(s.Replace("(", " ", StringComparison.Ordinal).Replace(")", " ", StringComparison.Ordinal))
            .Where(t => t.Length > 0).ToList();
        // RFC 850's "06-Nov-94" and "14-March-2025": one token, three parts.
        tokens = tokens.SelectMany(t => t.Count(c => c == '-') == 2 && char.IsAsciiDigit(t[0]) && !t.Contains(':') ? t.Split('-') : [t]).ToList();
        var sawZone = false;
        foreach (var raw in tokens)
        {
            var token = raw.TrimEnd('.');
            if (token.Length == 0) continue;
            if (WordTime().Match(token) is { Success: true } tm)
            {
                if (time is not null) return null;
                var h = Int(tm, "h");
                var mi = Int(tm, "mi");
                var sec = tm.Groups["s"].Success ? Int(tm, "s") : 0;
                if (h > 23 || mi > 59 || sec > 60) return null;
                time = new TimeSpan(0, h, mi, Math.Min(sec, 59)) + TimeSpan.FromTicks(tm.Groups["f"].Success ? Fraction(tm.Groups["f"].Value) : 0);
                continue;
            }
            if (token.All(char.IsAsciiDigit))
            {
                var n = int.Parse(token, CultureInfo.InvariantCulture);
                if (token.Length >= 3)
                {
                    if (year is not null) return null;
                    year = n;
                }
                else if (day is null) day = n;
                else if (year is null) year = TwoDigitYear(n);
                else return null;
                continue;
            }
            if (token.Equals("AM", StringComparison.OrdinalIgnoreCase) || token.Equals("PM", StringComparison.OrdinalIgnoreCase))
            {
                pm = token.Equals("PM", StringComparison.OrdinalIgnoreCase);
                continue;
            }
            if (Offset().Match(token) is { Success: true } om)
            {
                if (sawZone && zone is not null) return null;
                var h = Int(om, "h");
                var mi = om.Groups["mi"].Success ? Int(om, "mi") : 0;
                if (h > 14 || mi > 59) return null;
                var span = new TimeSpan(h, mi, 0);
                zone = om.Groups["sign"].Value == "-" ? -span : span;
                sawZone = true;
                continue;
            }
            if (MonthOf(token) is { } mo && month is null)
            {
                month = mo;
                continue;
            }
            if (IsWeekday(token)) continue;
            if (Zones.ContainsKey(token) || time is not null && token.All(c => char.IsAsciiLetter(c) || c == '/'))
            {
                // A zone name after the time; "+0000 (GMT)" names the same zone twice.
                if (zone is null) zone = Zones.TryGetValue(token, out var hours) ? TimeSpan.FromHours(hours) : Military(token) ?? TimeSpan.Zero;
                sawZone = true;
                continue;
            }
            return null; // a word we do not know is not part of a date
        }
        if (day is null || month is null || year is null) return null;
        if (!ValidDay(year.Value, month.Value, day.Value)) return null;
        var at = time ?? TimeSpan.Zero;
        if (pm is { } isPm)
        {
            if (at.Hours > 12) return null;
            if (isPm && at.Hours < 12) at += TimeSpan.FromHours(12);
            if (!isPm && at.Hours == 12) at -= TimeSpan.FromHours(12);
        }
        return new DateTimeOffset(new DateTime(year.Value, month.Value, day.Value).Add(at), zone ?? TimeSpan.Zero).ToUniversalTime();
    }

    private static TimeSpan? Zone(string z)
    {
        if (z is "Z" or "z") return TimeSpan.Zero;
        if (z[0] is '+' or '-')
        {
            var digits = z[1..].Replace(":", "", StringComparison.Ordinal);
            var h = int.Parse(digits[..2], CultureInfo.InvariantCulture);
            var min = digits.Length >= 4 ? int.Parse(digits[2..4], CultureInfo.InvariantCulture) : 0;
            if (h > 14 || min > 59) return null;
            var span = new TimeSpan(h, min, 0);
            return z[0] == '-' ? -span : span;
        }
        return Zones.TryGetValue(z, out var hours) ? TimeSpan.FromHours(hours) : Military(z) ?? TimeSpan.Zero;
    }

    /// <summary>RFC 822's military zones as RFC 822 defines them: A = −1 … M = −12 (no J), N = +1 … Y = +12, Z = UTC.</summary>
    private static TimeSpan? Military(string z)
    {
        if (z.Length != 1 || !char.IsAsciiLetter(z[0])) return null;
        var c = char.ToUpperInvariant(z[0]);
        return c switch
        {
            'Z' => TimeSpan.Zero,
            'J' => null,
            >= 'A' and <= 'I' => TimeSpan.FromHours(-(c - 'A' + 1)),
            >= 'K' and <= 'M' => TimeSpan.FromHours(-(c - 'K' + 10)),
            >= 'N' and <= 'Y' => TimeSpan.FromHours(c - 'N' + 1),
            _ => null,
        };
    }

    private static int? MonthOf(string token)
    {
        if (token.Length < 3 || !char.IsLetter(token[0])) return null;
        var lower = token.ToLowerInvariant();
        if (lower == "sept") return 9;
        var english = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames;
        for (var i = 0; i < 12; i++)
            if (english[i].StartsWith(lower, StringComparison.OrdinalIgnoreCase)) return i + 1;
        foreach (var (name, month) in GreekMonths)
            if (lower.StartsWith(name, StringComparison.Ordinal)) return month;
        foreach (var (name, month) in HungarianMonths)
            if (lower == name) return month;
        return null;
    }

    private static bool IsWeekday(string token)
    {
        var t = token.ToLowerInvariant();
        if (t.Length < 3) return false;
        foreach (var name in CultureInfo.InvariantCulture.DateTimeFormat.DayNames)
            if (name.StartsWith(t, StringComparison.OrdinalIgnoreCase)) return true;
        return t is "weds" || GreekWeekdays.Contains(t);
    }

    private static string StripWeekday(string s)
    {
        var comma = s.IndexOf(',');
        return comma > 0 && comma <= 10 && IsWeekday(s[..comma].Trim()) ? s[(comma + 1)..].Trim() : s;
    }

    private static int TwoDigitYear(int y) => y < 50 ? 2000 + y : 1900 + y;

    private static bool ValidDay(int year, int month, int day) =>
        year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);

    private static long Fraction(string digits)
    {
        var seven = digits.Length >= 7 ? digits[..7] : digits.PadRight(7, '0');
        return long.Parse(seven, CultureInfo.InvariantCulture);
    }

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);
}
