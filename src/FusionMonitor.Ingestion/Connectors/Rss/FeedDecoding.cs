using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace FusionMonitor.Ingestion.Connectors.Rss;

/// <summary>
/// Gets from bytes to XML an <see cref="System.Xml.XmlReader"/> will accept: picks the encoding in the order RFC 3023
/// (and the XML spec's appendix F) give — the HTTP charset, then a byte-order mark (UTF-8, UTF-16, UTF-32), then the XML
/// declaration, then detection (valid UTF-8, else Mozilla's universal charset detector, else Windows-1252) — and
/// repairs the entity mistakes feeds make (bare '&amp;', HTML entities XML does not define, upper-case hex, references
/// to characters XML forbids).
/// </summary>
public static partial class FeedDecoding
{
    static FeedDecoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [GeneratedRegex("""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")]
    private static partial Regex XmlDeclarationEncoding();

    /// <summary>The labels that mean "Latin-1" on the web, which browsers and feed readers all read as Windows-1252.</summary>
    private static readonly HashSet<string> Latin1Labels = new(StringComparer.OrdinalIgnoreCase)
    {
        "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819", "ibm819", "iso-ir-100", "iso_8859-1:1987",
        "us-ascii", "ascii", "windows-1252", "cp1252", "x-cp1252",
    };

    /// <summary>
    /// Decodes the body. Each hint is tried in turn and kept only if the bytes decode cleanly under it, so a wrong
    /// label falls through to the next hint. One deliberate exception: a Latin-1-family label (ISO-8859-1, ASCII,
    /// Windows-1252) over a body that is valid UTF-8 with multi-byte sequences is read as UTF-8 — that mislabel is
    /// common, while Latin-1 prose that happens to be valid multi-byte UTF-8 practically does not occur.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> body, string? httpCharset)
    {
        var (bom, bomLength) = Bom(body);
        var utf8 = Utf8.IsValid(body);
        var multiByteUtf8 = utf8 && body.ContainsAnyInRange((byte)0x80, (byte)0xFF);
        if (TryHint(Unquote(httpCharset), body, bom, bomLength, multiByteUtf8, out var text)
            || TryHint(bom?.WebName, body, bom, bomLength, multiByteUtf8, out text)
            || TryHint(Declared(body, bom), body, bom, bomLength, multiByteUtf8, out text)
            || utf8 && TryHint("utf-8", body, bom, bomLength, multiByteUtf8, out text)
            || TryHint(Detect(body), body, bom, bomLength, multiByteUtf8, out text))
            return text;
        return Encoding.GetEncoding(1252).GetString(body);
    }

    private static bool TryHint(string? label, ReadOnlySpan<byte> body, Encoding? bom, int bomLength, bool multiByteUtf8, out string text)
    {
        text = "";
        var encoding = Resolve(label);
        if (encoding is null) return false;
        if (encoding.CodePage == 1252 && multiByteUtf8) encoding = Encoding.UTF8;
        // A hint that decodes cleanly but to something that does not start with markup named the wrong family.
        return TryDecode(encoding, body, bom?.CodePage == encoding.CodePage ? bomLength : 0, out text) && text.AsSpan().TrimStart().StartsWith("<");
    }

    private static string? Unquote(string? charset) => charset?.Trim().Trim('"', '\'');

    private static (Encoding? Encoding, int Length) Bom(ReadOnlySpan<byte> b)
    {
        if (b.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF])) return (new UTF32Encoding(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: true), 4);
        if (b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00])) return (new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true), 4);
        if (b.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return (Encoding.UTF8, 3);
        if (b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return (Encoding.Unicode, 2);
        if (b.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return (Encoding.BigEndianUnicode, 2);
        return (null, 0);
    }

    /// <summary>The encoding the XML declaration names, read in the encoding family the first bytes show (XML 1.0 appendix F).</summary>
    private static string? Declared(ReadOnlySpan<byte> body, Encoding? bom)
    {
        var head = body[..Math.Min(body.Length, 400)];
        var family = bom ?? (head.StartsWith((ReadOnlySpan<byte>)[0x3C, 0x00, 0x00, 0x00]) ? new UTF32Encoding(false, false)
            : head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0x00, 0x3C]) ? new UTF32Encoding(true, false)
            : head.StartsWith((ReadOnlySpan<byte>)[0x3C, 0x00, 0x3F, 0x00]) ? Encoding.Unicode
            : head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x3C, 0x00, 0x3F]) ? Encoding.BigEndianUnicode
            : Encoding.Latin1);
        var text = family.GetString(head).TrimStart('\uFEFF');
        var declared = XmlDeclarationEncoding().Match(text) is { Success: true } m ? m.Groups[1].Value : null;
        // A UTF-16 document that calls itself "utf-16" says nothing about byte order; the sniffed family does.
        if (declared is not null && family is UnicodeEncoding or UTF32Encoding && declared.StartsWith("utf-16", StringComparison.OrdinalIgnoreCase) | declared.StartsWith("utf-32", StringComparison.OrdinalIgnoreCase))
            return family.WebName;
        return declared ?? (family is UnicodeEncoding or UTF32Encoding ? family.WebName : null);
    }

    /// <summary>Mozilla's universal charset detector, trusted only when it is fairly sure.</summary>
    private static string? Detect(ReadOnlySpan<byte> body)
    {
        try
        {
            var detector = new Ude.CharsetDetector();
            var sample = body[..Math.Min(body.Length, 256 * 1024)].ToArray();
            detector.Feed(sample, 0, sample.Length);
            detector.DataEnd();
            return detector.Charset is { } charset && detector.Confidence >= 0.5f ? charset : null;
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException or InvalidOperationException)
        {
            return null; // a detector bug on odd bytes must not cost the feed: Windows-1252 follows
        }
    }

    private static Encoding? Resolve(string? label)
    {
        if (string.IsNullOrWhiteSpace(label)) return null;
        if (Latin1Labels.Contains(label)) return Encoding.GetEncoding(1252);
        var name = label.ToLowerInvariant() switch
        {
            "utf8" => "utf-8",
            "utf-16le" or "utf-16" => "utf-16",
            "utf-16be" or "unicodefffe" => "utf-16BE",
            "utf-32" or "utf-32le" => "utf-32",
            "utf-32be" => "utf-32BE",
            "gb2312" or "gbk" or "x-gbk" => "gb18030", // gb18030 is a superset; feeds labelled GB2312 often use GBK characters
            "shift-jis" or "sjis" or "x-sjis" => "shift_jis",
            "tis620" or "tis-620" => "windows-874",
            _ => label,
        };
        try
        {
            var encoding = Encoding.GetEncoding(name);
            return encoding.CodePage == 28591 ? Encoding.GetEncoding(1252) : encoding;
        }
        catch (ArgumentException)
        {
            return null; // an unknown charset name: the next hint decides
        }
    }

    private static bool TryDecode(Encoding encoding, ReadOnlySpan<byte> body, int skip, out string text)
    {
        var strict = (Encoding)encoding.Clone();
        strict.DecoderFallback = DecoderFallback.ExceptionFallback;
        try
        {
            text = strict.GetString(body[skip..]).TrimStart('\uFEFF');
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = "";
            return false;
        }
    }

    /// <summary>
    /// Makes entity use well-formed: XML's five entities stay; numeric references stay when they name a character
    /// XML allows (upper-case <c>&amp;#X…;</c> made lower-case, C1 references such as <c>&amp;#146;</c> read as the
    /// Windows-1252 character they stand for, references to control characters dropped); HTML named entities become
    /// numeric references; any other '&amp;' becomes '&amp;amp;'. Also drops the XML declaration (its encoding no longer
    /// applies to the decoded string) and characters XML 1.0 forbids.
    /// </summary>
    public static string RepairXml(string xml)
    {
        var sb = new StringBuilder(xml.Length + 64);
        var start = 0;
        if (xml.TrimStart().StartsWith("<?xml", StringComparison.Ordinal))
        {
            var end = xml.IndexOf("?>", StringComparison.Ordinal);
            if (end > 0) start = end + 2;
        }
        for (var i = start; i < xml.Length; i++)
        {
            var c = xml[i];
            if (c == '<' && string.CompareOrdinal(xml, i, "<![CDATA[", 0, 9) == 0)
            {
                // CDATA is copied as it is (entities inside are text), minus the characters XML forbids.
                var close = xml.IndexOf("]]>", i + 9, StringComparison.Ordinal);
                var stop = close < 0 ? xml.Length : close + 3;
                for (var j = i; j < stop; j++) AppendAllowed(sb, xml, ref j);
                i = stop - 1;
                continue;
            }
            if (c == '&')
            {
                var semi = xml.IndexOf(';', i + 1, Math.Min(32, xml.Length - i - 1));
                if (semi > i + 1)
                {
                    var name = xml.AsSpan(i + 1, semi - i - 1);
                    if (IsXmlEntity(name))
                    {
                        sb.Append(xml, i, semi - i + 1);
                        i = semi;
                        continue;
                    }
                    if (NumericReference(name) is { } code)
                    {
                        AppendReference(sb, code);
                        i = semi;
                        continue;
                    }
                    var decoded = WebUtility.HtmlDecode(xml.Substring(i, semi - i + 1));
                    if (decoded.Length is 1 or 2 && decoded[0] != '&')
                    {
                        foreach (var rune in decoded.EnumerateRunes()) sb.Append("&#").Append(rune.Value).Append(';');
                        i = semi;
                        continue;
                    }
                }
                sb.Append("&amp;");
                continue;
            }
            AppendAllowed(sb, xml, ref i);
        }
        return sb.ToString();
    }

    private static void AppendAllowed(StringBuilder sb, string xml, ref int i)
    {
        var c = xml[i];
        if (char.IsHighSurrogate(c) && i + 1 < xml.Length && char.IsLowSurrogate(xml[i + 1]))
        {
            sb.Append(c).Append(xml[i + 1]);
            i++;
            return;
        }
        if (IsXmlChar(c)) sb.Append(c);
    }

    /// <summary>
    /// Appends a character reference XML accepts. C1 code points are what Windows-1252 bytes became in a feed that
    /// was decoded as Latin-1 upstream (<c>&amp;#146;</c> is an apostrophe), as the HTML standard reads them.
    /// </summary>
    private static void AppendReference(StringBuilder sb, int code)
    {
        if (code is >= 0x80 and <= 0x9F)
        {
            var mapped = Encoding.GetEncoding(1252).GetString([(byte)code]);
            if (mapped.Length == 1 && mapped[0] != code) code = mapped[0];
        }
        if (code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF || code < 0x10000 && !IsXmlChar((char)code) || code is >= 0x7F and <= 0x9F) return;
        sb.Append("&#x").Append(code.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).Append(';');
    }

    private static bool IsXmlChar(char c) =>
        c is '\t' or '\n' or '\r' || c >= 0x20 && c < 0xD800 || c >= 0xE000 && c <= 0xFFFD;

    private static bool IsXmlEntity(ReadOnlySpan<char> name) =>
        name is "amp" or "lt" or "gt" or "quot" or "apos";

    private static int? NumericReference(ReadOnlySpan<char> name)
    {
        if (name.Length < 2 || name[0] != '#') return null;
        var digits = name[1..];
        var hex = digits[0] is 'x' or 'X';
        if (hex) digits = digits[1..];
        if (digits.Length is 0 or > 8) return null;
        return int.TryParse(digits, hex ? System.Globalization.NumberStyles.AllowHexSpecifier : System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var code) ? code : null;
    }
}
