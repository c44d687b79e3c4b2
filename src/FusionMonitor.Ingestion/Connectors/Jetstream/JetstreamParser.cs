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

    /// <summary>The event's position (<c>time_us</c>) and its mention, or the reason it is a bad post; (0, null, null)
    /// for a frame that is not an event at all. An event whose <c>time_us</c> is not a plausible time (before 2000 or
    /// ahead of <paramref name="now"/>, <see cref="MentionValidator.IsPlausibleTime"/>) is rejected at position 0: it
    /// never moves the stream's cursor.</summary>
    public static (long TimeUs, IncomingMention? Mention, string? Reject) Parse(ReadOnlySpan<byte> json, DateTimeOffset now, IReadOnlyCollection<string>? langs = null)
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
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("time_us", out var t) || t.ValueKind != JsonValueKind.Number
                || !t.TryGetInt64(out var timeUs))
                return (0, null, "event has no time_us");
            if (!MentionValidator.IsPlausibleTime(timeUs / 1e6, now))
                return (0, null, $"event time_us {timeUs} is not a plausible time (before {MentionValidator.Earliest:yyyy-MM-dd} or ahead of now); the stream position does not move for it");
            try
            {
                var (mention, reject) = Event(root, langs, timeUs);
                return (timeUs, mention, reject);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The event has a position: whatever is wrong inside it (a string that is not text, a date out of
                // range) rejects it with the reason, and the cursor moves past it.
                return (timeUs, null, ConnectorItems.Explain(e));
            }
        }
    }

    private static (IncomingMention? Mention, string? Reject) Event(JsonElement root, IReadOnlyCollection<string>? langs, long timeUs)
    {
        if (Str(root, "kind") != "commit" || !root.TryGetProperty("commit", out var commit) || commit.ValueKind != JsonValueKind.Object
            || Str(commit, "operation") != "create" || Str(commit, "collection") != "app.bsky.feed.post")
            return (null, null);
        var did = Str(root, "did");
        var rkey = Str(commit, "rkey");
        if (string.IsNullOrEmpty(did) || string.IsNullOrEmpty(rkey)) return (null, "post event has no did or rkey");
        if (!commit.TryGetProperty("record", out var record) || record.ValueKind != JsonValueKind.Object) return (null, "post event has no record");
        var text = Str(record, "text") ?? "";
        if (text.Trim().Length == 0) return (null, null); // an image-only post: nothing to read
        var lang = record.TryGetProperty("langs", out var l) && l.ValueKind == JsonValueKind.Array && l.GetArrayLength() > 0 ? Str(l[0]) : null;
        if (langs is { Count: > 0 } && (lang is null || !langs.Contains(lang, StringComparer.OrdinalIgnoreCase))) return (null, null);
        var eventTime = DateTimeOffset.FromUnixTimeMilliseconds(timeUs / 1000);
        var created = DateTimeOffset.TryParse(Str(record, "createdAt"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var c) && c < eventTime
            ? c.ToUniversalTime() : eventTime;
        var uri = $"at://{did}/app.bsky.feed.post/{rkey}";
        var url = $"https://bsky.app/profile/{did}/post/{rkey}";
        return (new IncomingMention(Source, uri, text, created, new Author(did), url, lang), null);
    }

    /// <summary>A string value; an unpaired surrogate escape in it throws, which rejects the event (<see cref="Parse"/>).</summary>
    private static string? Str(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString() : null;

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
