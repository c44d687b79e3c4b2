using System.Globalization;
using System.Text.Json;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Core.Text;

namespace FusionMonitor.Ingestion.Connectors.AppStore;

/// <summary>A page of the reviews feed.</summary>
public sealed record AppStorePage(IReadOnlyList<IncomingMention> Mentions, IReadOnlyList<RejectedItem> Rejected, int Entries);

/// <summary>
/// Reads Apple's customer-reviews JSON feed. Pure. Every value is wrapped as <c>{"label": "..."}</c> and numbers are
/// strings; <c>entry</c> is an array, a single object when there is one review, or absent when there are none; an
/// entry without <c>im:rating</c> is app metadata, not a review, and is skipped (by content, not by position).
/// The rating travels in <see cref="IncomingMention.Rating"/>; text is title + body.
/// </summary>
public static class AppStoreParser
{
    public static string SourceFor(string country) => "appstore:" + country.ToLowerInvariant();

    public static AppStorePage Parse(JsonElement root, string country, int indexOffset = 0)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("feed", out var feed) || feed.ValueKind != JsonValueKind.Object)
            throw new FormatException("the response has no \"feed\" object");
        var entries = !feed.TryGetProperty("entry", out var e) ? [] : e.ValueKind switch
        {
            JsonValueKind.Array => e.EnumerateArray().ToList(),
            JsonValueKind.Object => [e],
            _ => [],
        };
        var source = SourceFor(country);
        var mentions = new List<IncomingMention>();
        var rejected = new List<RejectedItem>();
        var index = indexOffset;
        foreach (var entry in entries)
        {
            if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("im:rating", out _))
            {
                index++;
                continue; // app metadata, not a review
            }
            ConnectorItems.Read(index++, source, entry, e => ReadEntry(e, source, country), e => Label(e, "id"), ConnectorItems.Payload, mentions, rejected);
        }
        return new AppStorePage(mentions, rejected, entries.Count);
    }

    private static (IncomingMention?, string?) ReadEntry(JsonElement entry, string source, string country)
    {
        var id = Label(entry, "id");
        if (string.IsNullOrWhiteSpace(id)) return (null, "review has no id");
        if (!int.TryParse(Label(entry, "im:rating"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var rating) || rating is < 1 or > 5)
            return (null, $"rating '{Label(entry, "im:rating")}' is not 1 to 5");
        if (!DateTimeOffset.TryParse(Label(entry, "updated"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var updated))
            return (null, "review has no valid updated date");
        var title = TextNormalizer.HtmlToText(Label(entry, "title"));
        var body = TextNormalizer.HtmlToText(Label(entry, "content"));
        var text = title.Length == 0 ? body : body.Length == 0 ? title : title + "\n\n" + body;
        if (text.Length == 0) return (null, "review has no title or text");
        var author = entry.TryGetProperty("author", out var a) ? Label(a, "name") : null;
        string? url = null;
        if (entry.TryGetProperty("link", out var link) && link.ValueKind == JsonValueKind.Object && link.TryGetProperty("attributes", out var attrs)
            && attrs.TryGetProperty("href", out var href) && href.ValueKind == JsonValueKind.String) url = href.GetString();
        return (new IncomingMention(source, id, text, updated.ToUniversalTime(),
            new Author(string.IsNullOrWhiteSpace(author) ? "[anonymous]" : author), Url: url, Rating: rating), null);
    }

    private static string? Label(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object
        && v.TryGetProperty("label", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;

}
