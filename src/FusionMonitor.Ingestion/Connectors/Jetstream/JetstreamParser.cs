using System.Globalization;
using System.Text.Json;
using FusionMonitor.Core.Mentions;

namespace FusionMonitor.Ingestion.Connectors.Jetstream;

/// <summary>
/// Reads one Jetstream event. Pure. A <c>commit</c> that creates an <c>app.bsky.feed.post</c> becomes a mention with
/// the same source and id the search connector gives it (<c>bluesky</c>, the post's <c>at://</c> uri), so a post
/// found both ways is stored once. The date is the post's <c>createdAt</c>, but never later than the event itself
/// (Bluesky's advice for client-chosen timestamps). The author handle is the DID: commit events carry no handle.
/// Other events (deletes, updates, identity, account) are no mentions and are skipped without a reason.
/// </summary>
public static class JetstreamParser
{
    public const string Source = "bluesky";

    /// <summary>The event's position (<c>time_us</c>) and its mention, or the reason it is a bad post; (0, null, null) for a frame that is not an event at all.</summary>
    public static (long TimeUs, IncomingMention? Mention, string? Reject) Parse(ReadOnlySpan<byte> json, IReadOnlyCollection<string>? langs = null)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            return (0, null, "event is not JSON: " + e.Message);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("time_us", out var t) || !t.TryGetInt64(out var timeUs))
                return (0, null, "event has no time_us");
            if (Str(root, "kind") != "commit" || !root.TryGetProperty("commit", out var commit) || commit.ValueKind != JsonValueKind.Object
                || Str(commit, "operation") != "create" || Str(commit, "collection") != "app.bsky.feed.post")
                return (timeUs, null, null);
            var did = Str(root, "did");
            var rkey = Str(commit, "rkey");
            if (string.IsNullOrEmpty(did) || string.IsNullOrEmpty(rkey)) return (timeUs, null, "post event has no did or rkey");
            if (!commit.TryGetProperty("record", out var record) || record.ValueKind != JsonValueKind.Object) return (timeUs, null, "post event has no record");
            var text = Str(record, "text") ?? "";
            if (text.Trim().Length == 0) return (timeUs, null, null); // an image-only post: nothing to read
            var lang = record.TryGetProperty("langs", out var l) && l.ValueKind == JsonValueKind.Array && l.GetArrayLength() > 0 ? l[0].GetString() : null;
            if (langs is { Count: > 0 } && (lang is null || !langs.Contains(lang, StringComparer.OrdinalIgnoreCase))) return (timeUs, null, null);
            var eventTime = DateTimeOffset.FromUnixTimeMilliseconds(timeUs / 1000);
            var created = DateTimeOffset.TryParse(Str(record, "createdAt"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var c) && c < eventTime
                ? c.ToUniversalTime() : eventTime;
            var uri = $"at://{did}/app.bsky.feed.post/{rkey}";
            var url = $"https://bsky.app/profile/{did}/post/{rkey}";
            return (timeUs, new IncomingMention(Source, uri, text, created, new Author(did), url, lang), null);
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
