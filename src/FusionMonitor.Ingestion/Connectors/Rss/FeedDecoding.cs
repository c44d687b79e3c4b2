using System.Net;
using System.Text;
using System.Text.Unicode;
using System.Text.RegularExpressions;

namespace FusionMonitor.Ingestion.Connectors.Rss;

/// <summary>
/// Gets from bytes to XML an <see cref="System.Xml.XmlReader"/> will accept: picks the encoding (BOM, then valid
/// UTF-8, then the XML declaration, then the HTTP charset, then Windows-1252) and repairs the entity mistakes feeds
/// make (bare '&amp;', HTML entities such as &amp;nbsp; that XML does not define).
/// </summary>
public static partial class FeedDecoding
{
    static FeedDecoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [GeneratedRegex("""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")]
    private static partial Regex XmlDeclarationEncoding();

    /// <summary>
    /// Decodes the body. A body that is valid UTF-8 is read as UTF-8 whatever it declares: a feed that says
    /// ISO-8859-1 but sends UTF-8 is common, while Latin-1 text with accents is almost never valid UTF-8.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> body, string? httpCharset)
    {
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return Encoding.UTF8.GetString(body[3..]);
        if (body.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return Encoding.Unicode.GetString(body[2..]);
        if (body.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return Encoding.BigEndianUnicode.GetString(body[2..]);
        if (Utf8.IsValid(body)) return Encoding.UTF8.GetString(body);
        var head = Encoding.ASCII.GetString(body[..Math.Min(body.Length, 200)]);
        var declared = XmlDeclarationEncoding().Match(head) is { Success: true } m ? m.Groups[1].Value : null;
        foreach (var name in new[] { declared, httpCharset })
        {
            if (string.IsNullOrWhiteSpace(name) || name.StartsWith("utf-8", StringComparison.OrdinalIgnoreCase)) continue;
            try
            {
                // ISO-8859-1 on the web means Windows-1252 (curly quotes live in 0x80-0x9F).
                var enc = name.Equals("iso-8859-1", StringComparison.OrdinalIgnoreCase) ? Encoding.GetEncoding(1252) : Encoding.GetEncoding(name);
                return enc.GetString(body);
            }
            catch (ArgumentException)
            {
                // an unknown charset name: try the next hint
            }
        }
        return Encoding.GetEncoding(1252).GetString(body);
    }

    /// <summary>
    /// Makes entity use well-formed: XML's five and numeric references stay, HTML named entities become numeric
    /// references, and any other '&amp;' becomes '&amp;amp;'. Also drops the XML declaration (its encoding no longer
    /// applies to the decoded string) and characters XML 1.0 forbids.
    /// </summary>
    public static string RepairXml(string xml)
    {
        var sb = new StringBuilder(xml.Length + 64);
        var start = 0;
        if (xml.StartsWith("<?xml", StringComparison.Ordinal) || xml.TrimStart().StartsWith("<?xml", StringComparison.Ordinal))
        {
            var end = xml.IndexOf("?>", StringComparison.Ordinal);
            if (end > 0) start = end + 2;
        }
        for (var i = start; i < xml.Length; i++)
        {
            var c = xml[i];
            if (c == '&')
            {
                var semi = xml.IndexOf(';', i + 1, Math.Min(12, xml.Length - i - 1));
                if (semi > i + 1)
                {
                    var name = xml.AsSpan(i + 1, semi - i - 1);
                    if (IsXmlEntity(name) || IsNumericReference(name))
                    {
                        sb.Append(xml, i, semi - i + 1);
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
            if (c < 0x20 && c is not ('\t' or '\n' or '\r')) continue;
            if (c is '\uFFFE' or '\uFFFF') continue;
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static bool IsXmlEntity(ReadOnlySpan<char> name) =>
        name is "amp" or "lt" or "gt" or "quot" or "apos";

    private static bool IsNumericReference(ReadOnlySpan<char> name)
    {
        if (name.Length < 2 || name[0] != '#') return false;
        var digits = name[1..];
        if (digits[0] is 'x' or 'X') return digits.Length > 1 && digits[1..].ContainsAnyExcept("0123456789abcdefABCDEF") == false;
        return !digits.ContainsAnyExcept("0123456789");
    }
}
