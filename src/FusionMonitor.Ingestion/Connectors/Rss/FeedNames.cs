using System.Xml;
using System.Xml.Linq;

namespace FusionMonitor.Ingestion.Connectors.Rss;

/// <summary>
/// The namespaces feeds use, and the prefixes feeds use for them without declaring them (an undeclared <c>dc:</c> is
/// the commonest reason a feed is not well-formed): the reader is given those prefixes up front.
/// </summary>
internal static class FeedNames
{
    public static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    public static readonly XNamespace Atom03 = "http://purl.org/atom/ns#";
    public static readonly XNamespace Rss10 = "http://purl.org/rss/1.0/";
    public static readonly XNamespace Rss090 = "http://my.netscape.com/rdf/simple/0.9/";
    public static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    public static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";
    public static readonly XNamespace DcTerms = "http://purl.org/dc/terms/";
    public static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";
    public static readonly XNamespace Itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";

    /// <summary>Media RSS: the spec's URI, and the one without the trailing slash that YouTube and others write.</summary>
    public static readonly XNamespace[] Media = ["http://search.yahoo.com/mrss/", "http://search.yahoo.com/mrss"];

    /// <summary>iTunes, in both the documented and the capitalised spelling.</summary>
    public static readonly XNamespace[] ItunesAll = [Itunes, "http://www.itunes.com/DTDs/Podcast-1.0.dtd"];

    private static readonly (string Prefix, XNamespace Ns)[] Conventional =
    [
        ("dc", Dc), ("dcterms", DcTerms), ("content", Content), ("media", Media[0]), ("itunes", Itunes), ("atom", Atom),
        ("atom10", Atom), ("a10", Atom), ("rdf", Rdf), ("xhtml", Xhtml), ("slash", "http://purl.org/rss/1.0/modules/slash/"),
        ("wfw", "http://wellformedweb.org/CommentAPI/"), ("feedburner", "http://rssnamespace.org/feedburner/ext/1.0"),
        ("georss", "http://www.georss.org/georss"), ("sy", "http://purl.org/rss/1.0/modules/syndication/"),
        ("yt", "http://www.youtube.com/xml/schemas/2015"), ("googleplay", "http://www.google.com/schemas/play-podcasts/1.0"),
        ("trackback", "http://madskills.com/public/xml/rss/module/trackback/"), ("admin", "http://webns.net/mvcb/"),
    ];

    /// <summary>A parser context in which the conventional prefixes, and those given, are declared.</summary>
    public static XmlParserContext Context(IEnumerable<(string Prefix, string Uri)>? declared = null)
    {
        var table = new NameTable();
        var manager = new XmlNamespaceManager(table);
        foreach (var (prefix, ns) in Conventional) manager.AddNamespace(prefix, ns.NamespaceName);
        foreach (var (prefix, uri) in declared ?? [])
            if (prefix is not ("xml" or "xmlns")) manager.AddNamespace(prefix, uri);
        return new XmlParserContext(table, manager, null, XmlSpace.None);
    }

    public static bool IsAtom(XNamespace ns) => ns == Atom || ns == Atom03;

    public static bool IsMedia(XNamespace ns) => ns == Media[0] || ns == Media[1];

    public static bool IsItunes(XNamespace ns) => ns == ItunesAll[0] || ns == ItunesAll[1];
}
