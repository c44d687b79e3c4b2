using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Core.Text;

namespace FusionMonitor.Ingestion.Connectors.Rss;

/// <summary>The items of one feed document: the mentions read, and the items that could not be read, with reasons.</summary>
public sealed record ParsedFeed(IReadOnlyList<IncomingMention> Mentions, IReadOnlyList<RejectedItem> Rejected, string? Title);

/// <summary>
/// Reads RSS 0.9x / 2.0, RSS 1.0 (RDF), Atom 1.0 and Atom 0.3 into mentions. Pure: text in, mentions out, the fetch
/// time passed in. Our own reader rather than a library, chosen by measurement (docs/connectors.md, "Feeds").
/// <para>
/// Forgiving by design, because real feeds are not well-formed: entities are repaired first and the usual prefixes
/// (<c>dc:</c>, <c>media:</c>, …) are known even when undeclared; if the document still does not parse, each
/// <c>&lt;item&gt;</c>/<c>&lt;entry&gt;</c> is cut out and parsed on its own. Either way items are read one by one,
/// so one bad item is quarantined with its reason and the rest kept. Elements are read by namespace: an item's own
/// elements in the item's namespace, extensions (Dublin Core, content, Media RSS, iTunes, Atom inside RSS) in theirs.
/// </para>
/// <para>
/// Mapping: id = guid / Atom id / <c>rdf:about</c>, else the link, else a hash of title and date (stable across
/// fetches); url = link (Atom: the alternate link), else a permalink guid, resolved against <c>xml:base</c> and the
/// feed URL; text = title and body (content, description, Media RSS and iTunes descriptions; HTML flattened), the
/// body alone when it repeats the title; date = published / pubDate / issued / created / Dublin Core, then updated /
/// modified, else — when the item carries no date — the fetch time; an item whose only dates cannot be read is
/// quarantined, never silently dated by the fetch. Author = author / dc:creator / itunes:author / media:credit, else
/// the feed's author, else its title; an e-mail address is the handle and the name beside it the name.
/// </para>
/// </summary>
public static partial class FeedParser
{
    private const int MaxPayload = 500;

    [GeneratedRegex(@"<((?:[A-Za-z_][\w.-]*:)?(?:item|entry))[\s>].*?</\1\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ItemChunk();

    [GeneratedRegex("""xmlns(?::([A-Za-z_][\w.-]*))?\s*=\s*["']([^"']*)["']""")]
    private static partial Regex NamespaceDeclaration();

    [GeneratedRegex(@"<title[^>]*>(.*?)</title>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FirstTitle();

    [GeneratedRegex(@"[^\s@<>()\[\],;:""']+@[^\s@<>()\[\],;:""']+\.[A-Za-z0-9-]+")]
    private static partial Regex Email();

    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        CheckCharacters = false,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    private static readonly XmlReaderSettings FragmentSettings = new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        CheckCharacters = false,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        ConformanceLevel = ConformanceLevel.Fragment,
    };

    /// <summary>
    /// Parses a decoded feed. Throws <see cref="FormatException"/> when the text is not a feed at all (an HTML page,
    /// JSON, garbage with no item to salvage); the connector turns that into a <see cref="ConnectorException"/>.
    /// </summary>
    public static ParsedFeed Parse(string text, string source, Uri feedUrl, DateTimeOffset fetchedAt, string? language = null)
    {
        var xml = FeedDecoding.RepairXml(text);
        XDocument? doc = null;
        Exception? error = null;
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), ReaderSettings, FeedNames.Context());
            doc = XDocument.Load(reader);
        }
        catch (XmlException ex)
        {
            error = ex;
        }

        if (doc?.Root is { } root)
        {
            var rootName = root.Name.LocalName.ToLowerInvariant();
            if (rootName is "html" or "body") throw new FormatException("the body is an HTML page, not a feed");
            if (rootName is not ("rss" or "feed" or "rdf" or "channel")) throw new FormatException($"the root element <{root.Name.LocalName}> is not RSS or Atom");
            var channel = rootName == "rss" ? root.Elements().FirstOrDefault(e => e.Name.LocalName == "channel") ?? root : root;
            if (rootName == "rdf") channel = root.Elements().FirstOrDefault(e => e.Name.LocalName == "channel") ?? root;
            var ctx = FeedContextOf(root, channel, source, feedUrl, fetchedAt, language);
            var items = root.Descendants().Where(IsItem).Where(e => !e.Ancestors().Any(IsItem)).ToList();
            return Read(items.Select((e, i) => (i, (XElement?)e, (string?)null, (string?)null)), ctx);
        }

        // Not well-formed: salvage item by item, with the namespaces the document declares.
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("<html", StringComparison.OrdinalIgnoreCase))
            throw new FormatException("the body is an HTML page, not a feed");
        var chunks = ItemChunk().Matches(xml);
        if (chunks.Count == 0) throw new FormatException("not a well-formed feed and no item could be salvaged: " + error?.Message);
        var head = xml[..chunks[0].Index];
        var declared = NamespaceDeclaration().Matches(head).Select(m => (m.Groups[1].Success ? m.Groups[1].Value : "", m.Groups[2].Value)).ToList();
        var fallbackCtx = new FeedContext(source, feedUrl, fetchedAt, language,
            FirstTitle().Match(head) is { Success: true } t ? Flat(StripCdata(t.Groups[1].Value)) : null, null);
        return Read(chunks.Select((m, i) => (i, ParseChunk(m.Value, declared, out var why), why, (string?)m.Value)), fallbackCtx);
    }

    private static bool IsItem(XElement e) =>
        e.Name.LocalName is "item" or "entry" && (e.Name.Namespace == XNamespace.None || FeedNames.IsAtom(e.Name.Namespace)
            || e.Name.Namespace == FeedNames.Rss10 || e.Name.Namespace == FeedNames.Rss090 || e.Parent?.Name.Namespace == e.Name.Namespace);

    private static FeedContext FeedContextOf(XElement root, XElement channel, string source, Uri feedUrl, DateTimeOffset fetchedAt, string? language)
    {
        var ns = channel.Name.Namespace;
        var title = FeedNames.IsAtom(ns) ? TextConstruct(channel.Element(ns + "title"))?.Text : Flat(Html(channel.Element(ns + "title")));
        var lang = language ?? Value(channel.Element(ns + "language")) ?? Value(channel.Element(FeedNames.Dc + "language"))
            ?? channel.Attribute(XNamespace.Xml + "lang")?.Value ?? root.Attribute(XNamespace.Xml + "lang")?.Value;
        return new FeedContext(source, feedUrl, fetchedAt, lang?.Trim(), title, ReadAuthor(channel, ns));
    }

    private static ParsedFeed Read(IEnumerable<(int Index, XElement? Item, string? Error, string? Raw)> items, FeedContext ctx)
    {
        var mentions = new List<IncomingMention>();
        var rejected = new List<RejectedItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (index, item, error, raw) in items)
        {
            if (item is null)
            {
                rejected.Add(new RejectedItem(index, "malformed item: " + error, ctx.Source, null, Cut(raw ?? "")));
                continue;
            }
            IncomingMention? mention;
            string? reason;
            try
            {
                (mention, reason) = ReadItem(item, ctx);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or XmlException or InvalidOperationException or OverflowException)
            {
                (mention, reason) = (null, $"unreadable item: {e.Message}");
            }
            if (mention is null)
            {
                rejected.Add(new RejectedItem(index, reason!, ctx.Source, null, Cut(raw ?? Serialize(item))));
                continue;
            }
            if (!seen.Add(mention.ExternalId)) continue; // the same guid twice in one feed: keep the first
            mentions.Add(mention);
        }
        return new ParsedFeed(mentions, rejected, ctx.FeedTitle);
    }

    private static (IncomingMention? Mention, string? Reason) ReadItem(XElement item, FeedContext ctx)
    {
        var ns = item.Name.Namespace;
        var isAtom = FeedNames.IsAtom(ns) || item.Name.LocalName == "entry";
        var baseUri = BaseOf(item, ctx.FeedUrl);

        var title = isAtom ? TextConstruct(item.Element(ns + "title"))?.Text : Flat(Html(item.Element(ns + "title")));
        title ??= Flat(Html(item.Element(FeedNames.Dc + "title"))) ?? MediaText(item, "title") ?? Flat(Html(Itunes(item, "title")));
        var bodyText = Body(item, ns, isAtom);
        if (bodyText is not null && ctx.FeedUrl.Host.EndsWith("reddit.com", StringComparison.OrdinalIgnoreCase))
            bodyText = WithoutRedditFooter(bodyText);
        var text = Combine(title, bodyText);
        if (string.IsNullOrWhiteSpace(text)) return (null, "item has neither title nor text");

        var url = isAtom ? AtomLink(item, ns, baseUri) : RssLink(item, ns, baseUri);
        var guid = item.Element(ns + "guid");
        if (url is null && guid is not null && !"false".Equals(((string?)guid.Attribute("isPermaLink"))?.Trim(), StringComparison.OrdinalIgnoreCase))
            url = Absolute(Value(guid)?.Trim(), BaseOf(guid, ctx.FeedUrl), requireAbsolute: true);
        if (url is null && item.Attribute(FeedNames.Rdf + "about")?.Value is { } about)
            url = Absolute(about.Trim(), baseUri, requireAbsolute: true);

        var (created, rawDate, unreadable) = ReadDate(item, ns);
        if (created is null && unreadable is not null) return (null, $"unreadable date '{Cut(unreadable, 80)}'");

        var id = (isAtom ? Value(item.Element(ns + "id")) : Value(guid))?.Trim();
        if (string.IsNullOrEmpty(id)) id = item.Attribute(FeedNames.Rdf + "about")?.Value.Trim();
        if (string.IsNullOrEmpty(id)) id = url;
        if (string.IsNullOrEmpty(id)) id = "sha256:" + Hash(title + "\n" + rawDate + "\n" + (title is null ? bodyText : ""));

        var author = ReadAuthor(item, ns) ?? ReadAuthor(item.Element(ns + "source"), ns) ?? ctx.FeedAuthor
            ?? new Author(ctx.FeedTitle ?? ctx.FeedUrl.Host);
        var lang = ctx.Language ?? item.Attribute(XNamespace.Xml + "lang")?.Value ?? Value(item.Element(FeedNames.Dc + "language"));
        return (new IncomingMention(ctx.Source, id, text, created ?? ctx.FetchedAt, author, url, lang), null);
    }

    /// <summary>The body text: the richest of the places feeds put it, in the order established readers use.</summary>
    private static string? Body(XElement item, XNamespace ns, bool isAtom)
    {
        if (isAtom)
        {
            return TextConstruct(item.Element(ns + "content"))?.Text ?? TextConstruct(item.Element(ns + "summary"))?.Text
                ?? Flat(Html(item.Element(FeedNames.Content + "encoded"))) ?? MediaText(item, "description")
                ?? Flat(Html(Itunes(item, "summary"))) ?? Flat(Html(Itunes(item, "subtitle")));
        }
        return Flat(Html(item.Element(FeedNames.Content + "encoded")))
            ?? Flat(Html(item.Element(FeedNames.Xhtml + "body")))
            ?? Flat(Html(item.Element(ns + "description")))
            ?? Flat(Html(item.Element(FeedNames.Dc + "description")))
            ?? TextConstruct(item.Element(FeedNames.Atom + "content"))?.Text ?? TextConstruct(item.Element(FeedNames.Atom + "summary"))?.Text
            ?? MediaText(item, "description")
            ?? Flat(Html(Itunes(item, "summary"))) ?? Flat(Html(Itunes(item, "subtitle")));
    }

    /// <summary>Media RSS text (<c>media:description</c>, <c>media:title</c>) on the item, in its group, or in its content.</summary>
    private static string? MediaText(XElement item, string localName)
    {
        foreach (var ns in FeedNames.Media)
        {
            var direct = item.Element(ns + localName);
            var nested = direct ?? item.Elements().Where(e => FeedNames.IsMedia(e.Name.Namespace) && e.Name.LocalName is "group" or "content")
                .SelectMany(g => g.Elements(ns + localName).Concat(g.Elements(ns + "content").Elements(ns + localName))).FirstOrDefault();
            if (nested is null) continue;
            var html = (string?)nested.Attribute("type") == "html";
            var text = html ? Flat(Html(nested)) : Plain(nested.Value);
            if (text is not null) return text;
        }
        return null;
    }

    private static XElement? Itunes(XElement item, string localName) =>
        FeedNames.ItunesAll.Select(ns => item.Element(ns + localName)).FirstOrDefault(e => e is not null);

    /// <summary>
    /// An Atom text construct (title, summary, content): <c>type</c> text / html / xhtml or a MIME type (Atom 1.0),
    /// <c>mode</c> xml / escaped / base64 (Atom 0.3). Plain text is kept as written (markup-like characters included);
    /// HTML and inline XML are flattened, so script and style never become text; content given by <c>src</c> or as
    /// binary has no text.
    /// </summary>
    private static (string? Text, bool Html)? TextConstruct(XElement? e)
    {
        if (e is null || e.Attribute("src") is not null) return null;
        var type = ((string?)e.Attribute("type"))?.Trim().ToLowerInvariant() ?? "";
        var mode = ((string?)e.Attribute("mode"))?.Trim().ToLowerInvariant();
        var atom03 = e.Name.Namespace == FeedNames.Atom03;
        string? raw;
        bool html;
        if (mode == "base64")
        {
            raw = FromBase64(e.Value);
            html = type.Contains("html", StringComparison.Ordinal);
        }
        else if (!atom03 && type.Contains('/') && !type.StartsWith("text/", StringComparison.Ordinal) && !IsXmlType(type))
        {
            return null; // Atom 1.0 binary content (base64 of an image, a PDF, …) has no text
        }
        else if (e.HasElements)
        {
            raw = Serialize(e.Nodes());
            html = true;
        }
        else
        {
            raw = e.Value;
            html = type is "html" or "xhtml" or "text/html" or "application/xhtml+xml" || mode == "escaped" || atom03 && type is "" && LooksLikeHtml(raw);
        }
        var text = html ? Flat(raw) : Plain(raw);
        return text is null ? null : (text, html);

        static bool IsXmlType(string t) => t.EndsWith("+xml", StringComparison.Ordinal) || t.EndsWith("/xml", StringComparison.Ordinal);
    }

    private static bool LooksLikeHtml(string s) => s.Contains('<') && s.Contains('>') || s.Contains("&#", StringComparison.Ordinal) || s.Contains("&amp;", StringComparison.Ordinal);

    private static string? FromBase64(string s)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(s.Where(c => !char.IsWhiteSpace(c)))));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>An element that holds HTML, as HTML: its text, or, when the feed put the markup in unescaped, the markup.</summary>
    private static string? Html(XElement? e)
    {
        if (e is null) return null;
        var html = e.HasElements ? Serialize(e.Nodes()) : e.Value;
        return string.IsNullOrWhiteSpace(html) ? null : html;
    }

    private static string? RssLink(XElement item, XNamespace ns, Uri baseUri)
    {
        var link = item.Element(ns + "link");
        var href = Value(link)?.Trim() ?? ((string?)link?.Attribute("href"))?.Trim();
        if (Absolute(href, link is null ? baseUri : BaseOf(link, baseUri)) is { } url) return url;
        return AtomLink(item, FeedNames.Atom, baseUri);
    }

    private static string? AtomLink(XElement entry, XNamespace ns, Uri baseUri)
    {
        var links = entry.Elements(ns + "link").ToList();
        if (links.Count == 0) return null;
        var alternates = links.Where(l => ((string?)l.Attribute("rel"))?.Trim() is null or "" or "alternate" or "http://www.iana.org/assignments/relation/alternate").ToList();
        var best = alternates.FirstOrDefault(l => ((string?)l.Attribute("type"))?.Contains("html", StringComparison.OrdinalIgnoreCase) == true)
            ?? alternates.FirstOrDefault() ?? links.FirstOrDefault(l => (string?)l.Attribute("rel") is not ("self" or "edit" or "replies" or "enclosure"));
        if (best is null) return null;
        var href = ((string?)best.Attribute("href"))?.Trim() ?? Value(best)?.Trim();
        return Absolute(href, BaseOf(best, baseUri));
    }

    /// <summary>
    /// The first readable date among the ones an item carries, publication dates before update dates. Returns the
    /// raw text used (for the stable id) and, when dates were present but none could be read, the first of them.
    /// </summary>
    private static (DateTimeOffset? Date, string? Raw, string? Unreadable) ReadDate(XElement item, XNamespace ns)
    {
        XName[] order =
        [
            ns + "pubDate", ns + "published", ns + "issued", ns + "created", FeedNames.Dc + "date", FeedNames.DcTerms + "issued",
            FeedNames.DcTerms + "created", FeedNames.DcTerms + "date", FeedNames.DcTerms + "available", FeedNames.Atom + "published",
            ns + "updated", ns + "modified", FeedNames.DcTerms + "modified", FeedNames.Atom + "updated", ns + "date",
        ];
        string? unreadable = null;
        foreach (var name in order)
        {
            var raw = Value(item.Element(name));
            if (raw is null) continue;
            if (FeedDates.Parse(raw) is { } date) return (date, raw.Trim(), null);
            unreadable ??= raw.Trim();
        }
        return (null, unreadable, unreadable);
    }

    /// <summary>The author of an item or feed, in the forms feeds write it (see <see cref="ParseAuthor"/>).</summary>
    private static Author? ReadAuthor(XElement? e, XNamespace ns)
    {
        if (e is null) return null;
        foreach (var candidate in AuthorCandidates(e, ns))
        {
            if (candidate is { } a) return a;
        }
        return null;
    }

    private static IEnumerable<Author?> AuthorCandidates(XElement e, XNamespace ns)
    {
        foreach (var person in e.Elements(ns + "author").Concat(e.Elements(FeedNames.Atom + "author")))
            yield return PersonOf(person, person.Name.Namespace);
        yield return ParseAuthor(Value(e.Element(FeedNames.Dc + "creator")), null);
        yield return ParseAuthor(Value(e.Element(FeedNames.Dc + "author")), null);
        foreach (var itunesNs in FeedNames.ItunesAll) yield return ParseAuthor(Value(e.Element(itunesNs + "author")), null);
        foreach (var mediaNs in FeedNames.Media)
        {
            var credits = e.Elements(mediaNs + "credit").Concat(e.Elements(mediaNs + "group").Elements(mediaNs + "credit")).ToList();
            var credit = credits.FirstOrDefault(c => ((string?)c.Attribute("role"))?.Trim().ToLowerInvariant() is "author" or "owner" or "creator") ?? credits.FirstOrDefault();
            yield return ParseAuthor(Value(credit), null);
        }
        foreach (var person in e.Elements(ns + "contributor"))
            yield return PersonOf(person, person.Name.Namespace);
    }

    /// <summary>An Atom person (name, email, uri children), or an RSS author that is text, or text with children.</summary>
    private static Author? PersonOf(XElement person, XNamespace ns)
    {
        if (!person.HasElements) return ParseAuthor(Value(person), null);
        var name = Value(person.Element(ns + "name")) ?? Value(person.Elements().FirstOrDefault(c => c.Name.LocalName == "name"));
        var email = Value(person.Element(ns + "email")) ?? Value(person.Elements().FirstOrDefault(c => c.Name.LocalName == "email"));
        return ParseAuthor(name, email);
    }

    /// <summary>
    /// Reads "jane@example.com (Jane Doe)", "Jane Doe &lt;jane@example.com&gt;", "Jane Doe (jane@example.com)", a bare
    /// address, a bare name, and Reddit's "/u/name". The address, when there is one, is the handle (it is the one
    /// stable identifier), the name beside it the display name; a bare name is the handle.
    /// </summary>
    internal static Author? ParseAuthor(string? text, string? email)
    {
        // Plain first: "Jane Doe <jane@example.com>" is no HTML tag; the name is flattened once the address is out.
        var raw = Plain(text)?.Trim();
        email = Plain(email)?.Trim();
        if (email is not null && email.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)) email = email[7..];
        string? name = raw;
        if (raw is not null && email is null && Email().Match(raw) is { Success: true } m)
        {
            email = m.Value.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? m.Value[7..] : m.Value;
            name = (raw[..m.Index] + raw[(m.Index + m.Length)..]).Replace("mailto:", "", StringComparison.OrdinalIgnoreCase)
                .Trim().Trim('(', ')', '<', '>', '"', '\'', ',', ' ', '-').Trim();
            if (name.Length == 0) name = null;
        }
        name = Flat(name);
        if (name is not null)
        {
            if (name.StartsWith("/u/", StringComparison.Ordinal)) name = name[3..];
            else if (name.StartsWith("u/", StringComparison.Ordinal)) name = name[2..];
        }
        if (string.IsNullOrWhiteSpace(email)) email = null;
        if (email is not null) return new Author(email, name);
        if (string.IsNullOrWhiteSpace(name)) return null;
        return new Author(name, name.Contains(' ') ? name : null);
    }

    private static string Combine(string? title, string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return title ?? "";
        if (string.IsNullOrWhiteSpace(title)) return body;
        if (body.StartsWith(title, StringComparison.OrdinalIgnoreCase)) return body;
        if (title.Contains(body, StringComparison.OrdinalIgnoreCase)) return title;
        // Google News repeats the headline (without " - Publisher") as the body.
        var dash = title.LastIndexOf(" - ", StringComparison.Ordinal);
        if (dash > 0 && body.StartsWith(title[..dash], StringComparison.OrdinalIgnoreCase)) return title;
        return title + "\n\n" + body;
    }

    /// <summary>Reddit appends "submitted by /u/x [link] [comments]" to every entry: boilerplate, not the author's words.</summary>
    private static string? WithoutRedditFooter(string text)
    {
        var at = text.LastIndexOf("submitted by ", StringComparison.Ordinal);
        if (at < 0) return text;
        var kept = text[..at].TrimEnd();
        return kept.Length == 0 ? null : kept;
    }

    private static XElement? ParseChunk(string chunk, IReadOnlyList<(string Prefix, string Uri)> declared, out string? error)
    {
        error = null;
        try
        {
            using var reader = XmlReader.Create(new StringReader(chunk), FragmentSettings, FeedNames.Context(declared));
            reader.MoveToContent();
            return (XElement)XNode.ReadFrom(reader);
        }
        catch (XmlException ex)
        {
            error = ex.Message;
            return null;
        }
    }

    /// <summary>The base URI in force at an element: every <c>xml:base</c> from the root down, each resolved against the one above.</summary>
    private static Uri BaseOf(XElement e, Uri feedUrl)
    {
        var result = feedUrl;
        foreach (var node in e.AncestorsAndSelf().Reverse())
        {
            if (node.Attribute(XNamespace.Xml + "base")?.Value.Trim() is { Length: > 0 } b && Uri.TryCreate(result, b, out var next))
                result = next;
        }
        return result;
    }

    private static string? Value(XElement? e) => e is null || string.IsNullOrWhiteSpace(e.Value) ? null : e.Value;

    private static string? Flat(string? htmlOrText)
    {
        if (htmlOrText is null) return null;
        var t = TextNormalizer.HtmlToText(htmlOrText);
        return t.Length == 0 ? null : t;
    }

    /// <summary>
    /// Plain text as written: no tag is stripped ("a &lt;b&gt; tag" stays), but entities left over from double escaping
    /// ("Caf&amp;amp;eacute;") are decoded, since a literal "&amp;eacute;" is never what an author meant.
    /// </summary>
    private static string? Plain(string? text)
    {
        if (text is null) return null;
        var t = TextNormalizer.FoldWhitespace(TextNormalizer.DecodeEntities(text));
        return t.Length == 0 ? null : t;
    }

    private static string Serialize(IEnumerable<XNode> nodes) => string.Concat(nodes.Select(n => n.ToString(SaveOptions.DisableFormatting)));

    private static string Serialize(XElement e)
    {
        try
        {
            return e.ToString(SaveOptions.DisableFormatting);
        }
        catch (ArgumentException)
        {
            return e.Value;
        }
    }

    private static string StripCdata(string s) =>
        s.Replace("<![CDATA[", "", StringComparison.Ordinal).Replace("]]>", "", StringComparison.Ordinal);

    private static string? Absolute(string? link, Uri baseUri, bool requireAbsolute = false)
    {
        if (string.IsNullOrEmpty(link)) return null;
        if (requireAbsolute && !Uri.IsWellFormedUriString(link, UriKind.Absolute) && !Uri.TryCreate(link, UriKind.Absolute, out _)) return null;
        return Uri.TryCreate(baseUri, link, out var abs) && (abs.Scheme == Uri.UriSchemeHttp || abs.Scheme == Uri.UriSchemeHttps) ? abs.ToString() : null;
    }

    private static string Hash(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)))[..32];

    private static string Cut(string s, int max = MaxPayload) => Core.Text.TextCut.Cut(s, max, "…");

    private sealed record FeedContext(string Source, Uri FeedUrl, DateTimeOffset FetchedAt, string? Language, string? FeedTitle, Author? FeedAuthor);
}
