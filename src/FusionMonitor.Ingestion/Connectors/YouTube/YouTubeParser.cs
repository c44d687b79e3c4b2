using System.Globalization;
using System.Text.Json;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Core.Text;

namespace FusionMonitor.Ingestion.Connectors.YouTube;

/// <summary>A page of comment threads.</summary>
public sealed record YouTubePage(IReadOnlyList<IncomingMention> Mentions, IReadOnlyList<RejectedItem> Rejected, string? NextPageToken, int Count);

/// <summary>
/// Reads a <c>commentThreads.list</c> response (top-level comments). Pure. Text is <c>textOriginal</c> when present
/// (plain), else <c>textDisplay</c> flattened from HTML. Likes are the comment's likeCount, replies its
/// totalReplyCount. No follower count: it would take a channels.list call per author.
/// </summary>
public static class YouTubeParser
{
    public const string Source = "youtube";

    public static YouTubePage Parse(JsonElement root, int indexOffset = 0)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
            throw new FormatException("the response has no \"items\" array");
        var mentions = new List<IncomingMention>();
        var rejected = new List<RejectedItem>();
        var i = 0;
        foreach (var item in items.EnumerateArray())
            ConnectorItems.Read(indexOffset + i++, Source, item, ReadThread, "id", mentions, rejected);
        // A page token that cannot be read ends the paging, as none would.
        var next = ConnectorItems.String(root, "nextPageToken");
        return new YouTubePage(mentions, rejected, string.IsNullOrEmpty(next) ? null : next, items.GetArrayLength());
    }

    private static (IncomingMention?, string?) ReadThread(JsonElement thread)
    {
        if (thread.ValueKind != JsonValueKind.Object) return (null, "thread is not an object");
        var id = Str(thread, "id");
        if (string.IsNullOrWhiteSpace(id)) return (null, "thread has no id");
        if (!thread.TryGetProperty("snippet", out var snippet) || snippet.ValueKind != JsonValueKind.Object
            || !snippet.TryGetProperty("topLevelComment", out var top) || !top.TryGetProperty("snippet", out var c) || c.ValueKind != JsonValueKind.Object)
            return (null, "thread has no topLevelComment.snippet");
        var text = Str(c, "textOriginal") is { Length: > 0 } original ? TextNormalizer.FoldWhitespace(original) : TextNormalizer.HtmlToText(Str(c, "textDisplay"));
        if (text.Length == 0) return (null, "comment has no text");
        if (!DateTimeOffset.TryParse(Str(c, "publishedAt"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var published))
            return (null, "comment has no valid publishedAt");
        var author = Str(c, "authorDisplayName");
        var videoId = Str(c, "videoId") ?? Str(snippet, "videoId");
        var engagement = new Engagement(Likes: Math.Max(0, Long(c, "likeCount") ?? 0), Replies: Math.Max(0, Long(snippet, "totalReplyCount") ?? 0));
        var url = videoId is null ? null : $"https://www.youtube.com/watch?v={Uri.EscapeDataString(videoId)}&lc={Uri.EscapeDataString(id)}";
        return (new IncomingMention(Source, id, text, published.ToUniversalTime(),
            new Author(string.IsNullOrWhiteSpace(author) ? "[deleted]" : author.TrimStart('@')), url, Engagement: engagement), null);
    }

    /// <summary>The reason in a Google API error body (quotaExceeded, commentsDisabled, keyInvalid, …), if any.</summary>
    public static string? ErrorReason(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("error", out var error) && error.TryGetProperty("errors", out var errors)
                && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
                return Str(errors[0], "reason");
        }
        catch (JsonException)
        {
        }
        return null;
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Long(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

}
