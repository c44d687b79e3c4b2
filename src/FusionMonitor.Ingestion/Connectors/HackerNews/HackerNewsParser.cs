using System.Globalization;
using System.Text.Json;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Core.Text;

namespace FusionMonitor.Ingestion.Connectors.HackerNews;

/// <summary>One page of an Algolia HN search: mentions, rejects, and whether more pages follow.</summary>
public sealed record HackerNewsPage(IReadOnlyList<IncomingMention> Mentions, IReadOnlyList<RejectedItem> Rejected, int Page, int PageCount, int Hits);

/// <summary>
/// Reads a search_by_date response. Pure. Stories read as title + story text; comments as their HTML text flattened.
/// Points count as likes, num_comments as replies (both null on comments: 0). No follower count: HN has karma, an
/// extra call per author, not worth the rate budget.
/// </summary>
public static class HackerNewsParser
{
    public const string Source = "hackernews";

    /// <summary>
    /// Parses one page item by item (<see cref="ConnectorItems"/>): a bad hit is rejected with its reason, the rest
    /// kept. Throws <see cref="FormatException"/> only when the body is not a search response at all.
    /// </summary>
    public static HackerNewsPage Parse(JsonElement root, int pageOffsetIndex = 0)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("hits", out var hits) || hits.ValueKind != JsonValueKind.Array)
            throw new FormatException("the response has no \"hits\" array");
        var mentions = new List<IncomingMention>();
        var rejected = new List<RejectedItem>();
        var i = 0;
        foreach (var hit in hits.EnumerateArray())
            ConnectorItems.Read(pageOffsetIndex + i++, Source, hit, ReadHit, h => Str(h, "objectID"), ConnectorItems.Payload, mentions, rejected);
        return new HackerNewsPage(mentions, rejected, PageNumber(root, "page") ?? 0, PageNumber(root, "nbPages") ?? 1, hits.GetArrayLength());
    }

    private static (IncomingMention?, string?) ReadHit(JsonElement hit)
    {
        if (hit.ValueKind != JsonValueKind.Object) return (null, "hit is not an object");
        var id = Str(hit, "objectID");
        if (string.IsNullOrWhiteSpace(id)) return (null, "hit has no objectID");
        DateTimeOffset created;
        if (Long(hit, "created_at_i") is { } unix) created = DateTimeOffset.FromUnixTimeSeconds(unix);
        else if (DateTimeOffset.TryParse(Str(hit, "created_at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var c)) created = c.ToUniversalTime();
        else return (null, "hit has no created_at_i or created_at");

        var title = TextNormalizer.HtmlToText(Str(hit, "title"));
        var body = TextNormalizer.HtmlToText(Str(hit, "comment_text") ?? Str(hit, "story_text"));
        var text = title.Length == 0 ? body : body.Length == 0 ? title : title + "\n\n" + body;
        if (text.Length == 0) return (null, "hit has no title or text (deleted?)");

        var author = Str(hit, "author");
        var engagement = new Engagement(Likes: Math.Max(0, Long(hit, "points") ?? 0), Replies: Math.Max(0, Long(hit, "num_comments") ?? 0));
        return (new IncomingMention(Source, id, text, created,
            new Author(string.IsNullOrWhiteSpace(author) ? "[deleted]" : author),
            Url: "https://news.ycombinator.com/item?id=" + Uri.EscapeDataString(id),
            Engagement: engagement), null);
    }

    internal static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;

    internal static long? Long(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n
        : e.TryGetProperty(name, out v) && v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), CultureInfo.InvariantCulture, out n) ? n
        : null;

    /// <summary>A paging number of the response (not of an item): a value that cannot be read counts as absent.</summary>
    private static int? PageNumber(JsonElement e, string name)
    {
        var v = e.TryGetProperty(name, out var x) && x.ValueKind == JsonValueKind.Number && x.TryGetInt64(out var n) ? n
            : long.TryParse(ConnectorItems.String(e, name), CultureInfo.InvariantCulture, out n) ? n : (long?)null;
        return v is { } l ? (int)Math.Clamp(l, int.MinValue, int.MaxValue) : null;
    }
}
