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
/// Reads RSS 2.0, RSS 1.0 (RDF) and Atom 1.0 into mentions. Pure: text in, mentions out, the fetch time passed in.
/// <para>
/// Forgiving by design, because real feeds are not well-formed: entities are repaired first; if the document still
/// does not parse, each <c>&lt;item&gt;</c>/<c>&lt;entry&gt;</c> is cut out and parsed on its own, so one broken item is
/// quarantined and the rest kept. Elements are found by local name, whatever namespace prefix a feed uses.
/// Not System.ServiceModel.Syndication: it throws on the dates feeds really carry and gives up on the whole document.
/// </para>
/// <para>
/// Mapping: id = guid / Atom id, else link, else a hash of title and date (stable across fetches); text = title and
/// body (HTML flattened), the body alone when it repeats the title; date = pubDate / published / updated / dc:date,
/// else the fetch time; author = author / dc:creator (Reddit's "/u/x" read as "x"), else the feed's title.
/// </para>
/// </summary>
public static partial class FeedParser
{
    private const int MaxPayload = 500;

    [GeneratedRegex(@"<(item|entry)[\s>].*?</\1\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ItemChunk();

    [GeneratedRegex(@"(</?|\s)[A-Za-z_][\w.-]*:(?=[A-Za-z_][\w.-]*)")]
    private static partial Regex NamespacePrefix();

    [GeneratedRegex(@"<title[^>]*>(.*?)</title>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FirstTitle();

    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        CheckCharacters = false,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
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
            using var reader = XmlReader.Create(new StringReader(xml), ReaderSettings);
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
            var channel = rootName == "rss" ? Child(root, "channel") ?? root : root;
            var ctx = new FeedContext(source, feedUrl, fetchedAt,
                language ?? Text(Child(channel, "language")) ?? root.Attribute(XNamespace.Xml + "lang")?.Value,
                Flat(Text(Child(channel, "title"))));
            var items = root.Descendants().Where(e => e.Name.LocalName is "item" or "entry").ToList();
            return Read(items.Select((e, i) => (i, (XElement?)e, (string?)null, e.ToString(SaveOptions.DisableFormatting))), ctx);
        }

        // Not well-formed: salvage item by item.
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("<html", StringComparison.OrdinalIgnoreCase))
            throw new FormatException("the body is an HTML page, not a feed");
        var chunks = ItemChunk().Matches(xml);
        if (chunks.Count == 0) throw new FormatException("not a well-formed feed and no item could be salvaged: " + error?.Message);
        var head = xml[..chunks[0].Index];
        var fallbackCtx = new FeedContext(source, feedUrl, fetchedAt, language,
            FirstTitle().Match(head) is { Success: true } t ? Flat(StripCdata(t.Groups[1].Value)) : null);
        return Read(chunks.Select((m, i) => (i, ParseChunk(m.Value, out var why), why, m.Value)), fallbackCtx);
    }

    private static ParsedFeed Read(IEnumerable<(int Index, XElement? Item, string? Error, string Raw)> items, FeedContext ctx)
    {
        var mentions = new List<IncomingMention>();
        var rejected = new List<RejectedItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (index, item, error, raw) in items)
        {
            if (item is null)
            {
                rejected.Add(new RejectedItem(index, "malformed item: " + error, ctx.Source, null, Cut(raw)));
                continue;
            }
            var (mention, reason) = ReadItem(item, ctx);
            if (mention is null)
            {
                rejected.Add(new RejectedItem(index, reason!, ctx.Source, null, Cut(raw)));
                continue;
            }
            if (!seen.Add(mention.ExternalId)) continue; // the same guid twice in one feed: keep the first
            mentions.Add(mention);
        }
        return new ParsedFeed(mentions, rejected, ctx.FeedTitle);
    }

    private static (IncomingMention? Mention, string? Reason) ReadItem(XElement item, FeedContext ctx)
    {
        var isAtom = item.Name.LocalName == "entry";
        var title = Flat(Text(Child(item, "title")));
        var body = isAtom
            ? AtomText(Child(item, "content")) ?? AtomText(Child(item, "summary"))
            : Text(Child(item, "encoded")) ?? Text(Child(item, "description"));
        var bodyText = Flat(body);
        if (bodyText is not null && ctx.FeedUrl.Host.EndsWith("reddit.com", StringComparison.OrdinalIgnoreCase))
            bodyText = WithoutRedditFooter(bodyText);
        var text = Combine(title, bodyText);
        if (string.IsNullOrWhiteSpace(text)) return (null, "item has neither title nor text");

        var link = isAtom ? AtomLink(item) : Text(Child(item, "link")) ?? Child(item, "link")?.Attribute("href")?.Value;
        var url = Absolute(link?.Trim(), ctx.FeedUrl);
        var rawDate = isAtom
            ? Text(Child(item, "published")) ?? Text(Child(item, "updated")) ?? Text(Child(item, "issued"))
            : Text(Child(item, "pubDate")) ?? Text(Child(item, "date")) ?? Text(Child(item, "published")) ?? Text(Child(item, "updated"));
        var created = FeedDates.Parse(rawDate) ?? ctx.FetchedAt;

        var id = (isAtom ? Text(Child(item, "id")) : Text(Child(item, "guid")))?.Trim();
        if (string.IsNullOrEmpty(id)) id = url;
        if (string.IsNullOrEmpty(id)) id = "sha256:" + Hash(title + "\n" + rawDate + "\n" + (title is null ? bodyText : ""));

        var (handle, name) = ReadAuthor(item, isAtom);
        handle ??= ctx.FeedTitle ?? ctx.FeedUrl.Host;
        return (new IncomingMention(ctx.Source, id, text, created, new Author(handle, name), url, ctx.Language), null);
    }

    private static (string? Handle, string? Name) ReadAuthor(XElement item, bool isAtom)
    {
        var author = Child(item, "author");
        string? raw = isAtom || author?.HasElements == true ? Text(Child(author, "name")) : Text(author);
        raw ??= Text(Child(item, "creator"));
        raw = Flat(raw);
        if (string.IsNullOrWhiteSpace(raw)) return (null, null);
        // RSS's "email (Name)" form
        var paren = raw.IndexOf('(');
        if (raw.Contains('@') && paren > 0 && raw.EndsWith(')'))
            return (raw[..paren].Trim(), raw[(paren + 1)..^1].Trim());
        // Reddit writes "/u/name" or "u/name"
        if (raw.StartsWith("/u/", StringComparison.Ordinal)) return (raw[3..], null);
        if (raw.StartsWith("u/", StringComparison.Ordinal)) return (raw[2..], null);
        return (raw, raw.Contains(' ') ? raw : null);
    }

    private static string? AtomText(XElement? e)
    {
        if (e is null) return null;
        if ((string?)e.Attribute("type") == "xhtml")
        {
            var div = e.Elements().FirstOrDefault();
            return div is null ? e.Value : string.Concat(div.Nodes().Select(n => n.ToString(SaveOptions.DisableFormatting)));
        }
        return e.Value;
    }

    private static string? AtomLink(XElement entry)
    {
        var links = entry.Elements().Where(e => e.Name.LocalName == "link").ToList();
        var best = links.FirstOrDefault(l => (string?)l.Attribute("rel") is null or "alternate") ?? links.FirstOrDefault();
        return (string?)best?.Attribute("href") ?? Text(best);
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

    private static XElement? ParseChunk(string chunk, out string? error)
    {
        error = null;
        try
        {
            var bare = NamespacePrefix().Replace(chunk, "$1");
            using var reader = XmlReader.Create(new StringReader(bare), ReaderSettings);
            return XElement.Load(reader);
        }
        catch (XmlException ex)
        {
            error = ex.Message;
            return null;
        }
    }

    private static XElement? Child(XElement? parent, string localName) =>
        parent?.Elements().FirstOrDefault(e => e.Name.LocalName.Equals(localName, StringComparison.OrdinalIgnoreCase));

    private static string? Text(XElement? e) => e is null || string.IsNullOrWhiteSpace(e.Value) ? null : e.Value;

    private static string? Flat(string? htmlOrText)
    {
        if (htmlOrText is null) return null;
        var t = TextNormalizer.HtmlToText(htmlOrText);
        return t.Length == 0 ? null : t;
    }

    private static string StripCdata(string s) =>
        s.Replace("<![CDATA[", "", StringComparison.Ordinal).Replace("]]>", "", StringComparison.Ordinal);

    private static string? Absolute(string? link, Uri feedUrl)
    {
        if (string.IsNullOrEmpty(link)) return null;
        return Uri.TryCreate(feedUrl, link, out var abs) && (abs.Scheme == Uri.UriSchemeHttp || abs.Scheme == Uri.UriSchemeHttps) ? abs.ToString() : null;
    }

    private static string Hash(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)))[..32];

    private static string Cut(string s) => s.Length <= MaxPayload ? s : s[..MaxPayload] + "…";

    private sealed record FeedContext(string Source, Uri FeedUrl, DateTimeOffset FetchedAt, string? Language, string? FeedTitle);
}
