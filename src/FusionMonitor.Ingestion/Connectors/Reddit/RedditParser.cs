using System.Globalization;
using System.Text.Json;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Core.Text;

namespace FusionMonitor.Ingestion.Connectors.Reddit;

/// <summary>One listing page: mentions, rejects, every child's fullname and creation time (newest first), and Reddit's <c>after</c>.</summary>
public sealed record RedditPage(
    IReadOnlyList<IncomingMention> Mentions,
    IReadOnlyList<RejectedItem> Rejected,
    IReadOnlyList<(string Name, double Created)> Children,
    string? After);

/// <summary>
/// Reads a Reddit <c>Listing</c> (posts <c>t3</c>, comments <c>t1</c>). Pure. A post reads as title + self text, a
/// comment as its body; HTML flattened (<c>raw_json=1</c> is asked for, so nothing is entity-escaped twice). Score
/// counts as likes, <c>num_comments</c> as replies. Removed or deleted items are not stored (Reddit's terms) and are
/// reported as rejected with that reason, never dropped silently.
/// </summary>
public static class RedditParser
{
    public const string Source = "reddit";

    /// <summary>Parses one page; throws <see cref="FormatException"/> when the body is not a listing.</summary>
    public static RedditPage Parse(JsonElement root, int indexOffset = 0)
    {
        if (root.ValueKind != JsonValueKind.Object || ConnectorItems.String(root, "kind") != "Listing" || !root.TryGetProperty("data", out var data)
            || !data.TryGetProperty("children", out var children) || children.ValueKind != JsonValueKind.Array)
            throw new FormatException("the response is not a Reddit Listing (kind \"Listing\" with data.children)");
        var mentions = new List<IncomingMention>();
        var rejected = new List<RejectedItem>();
        var seen = new List<(string, double)>();
        var i = 0;
        foreach (var child in children.EnumerateArray())
        {
            var index = indexOffset + i++;
            var item = child.ValueKind == JsonValueKind.Object && child.TryGetProperty("data", out var d) ? d : default;
            // Every child counts for the paging (a bad one too), so the window moves past it.
            var name = ConnectorItems.String(item, "name");
            var created = Num(item, "created_utc");
            if (name is not null && created is not null) seen.Add((name, created.Value));
            ConnectorItems.Read(index, Source, child, c => Read(Str(c, "kind"), item, name, created), _ => name, ConnectorItems.Payload, mentions, rejected);
        }
        return new RedditPage(mentions, rejected, seen, ConnectorItems.String(data, "after"));
    }

    private static (IncomingMention?, string?) Read(string? kind, JsonElement item, string? name, double? created)
    {
        if (kind is not ("t3" or "t1")) return (null, $"not a post or comment (kind {kind ?? "missing"})");
        if (string.IsNullOrWhiteSpace(name)) return (null, "item has no fullname (name)");
        if (created is null) return (null, "item has no created_utc");
        var author = Str(item, "author");
        var isPost = kind == "t3";
        var body = TextNormalizer.HtmlToText(Str(item, isPost ? "selftext_html" : "body_html") ?? Str(item, isPost ? "selftext" : "body"));
        if (body is "[removed]" or "[deleted]" || (author is "[deleted]" && (!isPost || body.Length == 0)))
            return (null, "removed or deleted on Reddit (not stored, as Reddit's terms ask)");
        var title = isPost ? TextNormalizer.HtmlToText(Str(item, "title")) : "";
        var text = title.Length == 0 ? body : body.Length == 0 || body.StartsWith(title, StringComparison.OrdinalIgnoreCase) ? title : title + "\n\n" + body;
        if (text.Length == 0) return (null, "item has neither title nor text");
        var permalink = Str(item, "permalink");
        var url = permalink is null ? null : permalink.StartsWith("http", StringComparison.Ordinal) ? permalink : "https://www.reddit.com" + permalink;
        // A downvoted post's score is below zero: it has no likes, it is not a bad item.
        var engagement = new Engagement((long)Math.Max(0, Num(item, "score") ?? 0), 0, (long)Math.Max(0, Num(item, "num_comments") ?? 0));
        var when = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(created.Value * 1000));
        return (new IncomingMention(Source, name, text, when, new Author(author is null or "[deleted]" ? "[deleted]" : author), url, null, engagement), null);
    }

    /// <summary>A string property; an unpaired surrogate escape in it throws, which rejects the item (<see cref="ConnectorItems"/>).</summary>
    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static double? Num(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.Number => v.GetDouble(),
            JsonValueKind.String when double.TryParse(ConnectorItems.String(v), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        } : null;
}
