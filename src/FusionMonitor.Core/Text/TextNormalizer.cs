using System.Net;
using System.Text;

namespace FusionMonitor.Core.Text;

/// <summary>
/// Turns what a source calls "text" (HTML fragments, entity-escaped strings, text with control characters) into the
/// plain text we score and match: tags removed, entities decoded, whitespace folded, link targets kept.
/// Pure and thread-safe. A small hand-written scanner rather than an HTML DOM library, because it runs for every
/// mention on the ingestion hot path and only has to flatten, never to render or sanitise for display.
/// </summary>
public static class TextNormalizer
{
    /// <summary>Elements whose content is never visible text.</summary>
    private static readonly HashSet<string> SkippedElements = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "head", "template", "noscript" };

    /// <summary>Elements that end a line or paragraph, so "a&lt;p&gt;b" reads "a b", not "ab".</summary>
    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "br", "div", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "pre", "hr", "section", "article", "header", "footer", "dd", "dt", "figcaption",
    };

    /// <summary>
    /// HTML (or plain text that may carry entities) to plain text. Entities are decoded after the tags are removed, up
    /// to twice, so double-escaped input (<c>&amp;amp;amp;</c>, common in feeds) comes out as <c>&amp;</c>. A link whose
    /// visible text differs from its target keeps the target in parentheses, so URLs survive.
    /// </summary>
    public static string HtmlToText(string? html)
    {
        if (string.IsNullOrEmpty(html)) return string.Empty;
        var text = html.AsSpan().IndexOfAny('<', '&') < 0 ? html : StripTags(html);
        text = DecodeEntities(text);
        return FoldWhitespace(text);
    }

    /// <summary>Decodes HTML entities, a second time when the first pass left entities behind (double escaping).</summary>
    public static string DecodeEntities(string text)
    {
        if (text.IndexOf('&') < 0) return text;
        var once = WebUtility.HtmlDecode(text);
        // "&amp;amp;" → "&amp;" → "&": decode once more only when the first pass produced a new entity.
        return once.IndexOf('&') >= 0 && once != text && LooksLikeEntity(once) ? WebUtility.HtmlDecode(once) : once;
    }

    /// <summary>Folds runs of whitespace to one space (newlines included), trims, and drops control characters.</summary>
    public static string FoldWhitespace(string text)
    {
        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c == '\u200B' || c == '\uFEFF')
            {
                pendingSpace = sb.Length > 0;
                continue;
            }
            if (char.IsControl(c)) continue;
            if (pendingSpace) sb.Append(' ');
            pendingSpace = false;
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static bool LooksLikeEntity(string s)
    {
        for (var i = s.IndexOf('&'); i >= 0 && i < s.Length; i = s.IndexOf('&', i + 1))
        {
            var semi = s.IndexOf(';', i + 1);
            if (semi > i + 1 && semi - i <= 10)
            {
                var body = s.AsSpan(i + 1, semi - i - 1);
                if (body[0] == '#' || IsAsciiLetters(body)) return true;
            }
        }
        return false;
    }

    private static bool IsAsciiLetters(ReadOnlySpan<char> s)
    {
        foreach (var c in s) if (!char.IsAsciiLetterOrDigit(c)) return false;
        return true;
    }

    private static string StripTags(string html)
    {
        var sb = new StringBuilder(html.Length);
        string? pendingHref = null;
        var linkTextStart = -1;
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            if (c != '<')
            {
                sb.Append(c);
                i++;
                continue;
            }
            if (i + 3 < html.Length && html.AsSpan(i, 4).SequenceEqual("<!--"))
            {
                var endComment = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                i = endComment < 0 ? html.Length : endComment + 3;
                continue;
            }
            var close = TagEnd(html, i + 1);
            if (close < 0 || !IsTagStart(html, i))
            {
                // A lone '<' in text ("a < b"): keep it.
                sb.Append(c);
                i++;
                continue;
            }
            var tag = html.AsSpan(i + 1, close - i - 1);
            var isEnd = tag.Length > 0 && tag[0] == '/';
            var name = TagName(isEnd ? tag[1..] : tag);
            if (!isEnd && SkippedElements.Contains(name))
            {
                var endTag = html.IndexOf("</" + name, close + 1, StringComparison.OrdinalIgnoreCase);
                var endClose = endTag < 0 ? -1 : html.IndexOf('>', endTag);
                i = endClose < 0 ? html.Length : endClose + 1;
                continue;
            }
            if (name.Equals("a", StringComparison.OrdinalIgnoreCase))
            {
                if (!isEnd)
                {
                    pendingHref = Attribute(tag, "href");
                    linkTextStart = sb.Length;
                }
                else if (pendingHref is not null && linkTextStart >= 0)
                {
                    AppendLinkTarget(sb, linkTextStart, pendingHref);
                    pendingHref = null;
                    linkTextStart = -1;
                }
            }
            else if (name.Equals("img", StringComparison.OrdinalIgnoreCase) && Attribute(tag, "alt") is { Length: > 0 } alt)
            {
                sb.Append(' ').Append(alt).Append(' ');
            }
            if (BlockElements.Contains(name)) sb.Append(' ');
            i = close + 1;
        }
        return sb.ToString();
    }

    /// <summary>Keeps a link's target when its visible text does not already show it (Mastodon splits URLs into spans).</summary>
    private static void AppendLinkTarget(StringBuilder sb, int linkTextStart, string href)
    {
        href = WebUtility.HtmlDecode(href).Trim();
        if (!href.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !href.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) return;
        var linkText = sb.ToString(linkTextStart, sb.Length - linkTextStart).Trim();
        if (linkText.Length == 0) { sb.Append(href); return; }
        if (linkText.StartsWith('#') || linkText.StartsWith('@')) return; // hashtag and mention links: the text is the point
        var bare = StripScheme(href).TrimEnd('/');
        var shown = StripScheme(linkText).TrimEnd('/', '…', '.');
        if (shown.Length > 0 && bare.StartsWith(shown, StringComparison.OrdinalIgnoreCase))
        {
            // The text is the URL (maybe shortened): show the whole URL instead.
            sb.Length = linkTextStart;
            sb.Append(href);
            return;
        }
        sb.Append(" (").Append(href).Append(')');
    }

    private static string StripScheme(string s)
    {
        var idx = s.IndexOf("://", StringComparison.Ordinal);
        s = idx >= 0 ? s[(idx + 3)..] : s;
        return s.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? s[4..] : s;
    }

    /// <summary>
    /// The '&gt;' that closes the tag starting before <paramref name="from"/>, skipping quoted attribute values, so
    /// <c>&lt;a title="x &gt; y"&gt;</c> does not end at the quoted '&gt;'.
    /// </summary>
    private static int TagEnd(string html, int from)
    {
        var first = html.IndexOf('>', from);
        if (first < 0) return -1;
        for (var j = from; j < html.Length; j++)
        {
            var c = html[j];
            if (c == '>') return j;
            if (c is not ('"' or '\'')) continue;
            var k = j - 1;
            while (k >= from && char.IsWhiteSpace(html[k])) k--;
            if (k < from || html[k] != '=') continue;
            var endQuote = html.IndexOf(c, j + 1);
            // An unclosed quote, or one whose "value" runs into the next tag, is no attribute value after all.
            if (endQuote < 0 || html.AsSpan(j + 1, endQuote - j - 1).Contains('<')) return first;
            j = endQuote;
        }
        return first;
    }

    private static bool IsTagStart(string html, int i)
    {
        if (i + 1 >= html.Length) return false;
        var n = html[i + 1];
        return char.IsAsciiLetter(n) || n == '/' || n == '!' || n == '?';
    }

    private static string TagName(ReadOnlySpan<char> tag)
    {
        var end = 0;
        while (end < tag.Length && (char.IsAsciiLetterOrDigit(tag[end]) || tag[end] == '-' || tag[end] == ':')) end++;
        return tag[..end].ToString();
    }

    private static string? Attribute(ReadOnlySpan<char> tag, string name)
    {
        var s = tag.ToString();
        var at = 0;
        while ((at = s.IndexOf(name, at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var before = at == 0 ? ' ' : s[at - 1];
            var eq = at + name.Length;
            while (eq < s.Length && s[eq] == ' ') eq++;
            if (char.IsWhiteSpace(before) && eq < s.Length && s[eq] == '=')
            {
                var v = eq + 1;
                while (v < s.Length && s[v] == ' ') v++;
                if (v >= s.Length) return null;
                var quote = s[v];
                if (quote is '"' or '\'')
                {
                    var endQuote = s.IndexOf(quote, v + 1);
                    return endQuote < 0 ? s[(v + 1)..] : s[(v + 1)..endQuote];
                }
                var endValue = v;
                while (endValue < s.Length && !char.IsWhiteSpace(s[endValue])) endValue++;
                return s[v..endValue];
            }
            at += name.Length;
        }
        return null;
    }
}
