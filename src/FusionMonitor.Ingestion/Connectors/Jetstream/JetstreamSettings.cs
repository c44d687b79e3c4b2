namespace FusionMonitor.Ingestion.Connectors.Jetstream;

/// <summary>
/// Settings of a "jetstream" source: Bluesky's Jetstream (a WebSocket firehose of repository commits as JSON) at
/// <see cref="Endpoint"/>, posts only (<c>app.bsky.feed.post</c>), optionally only in the given <see cref="Langs"/>.
/// Only posts that mention a tracked brand or influencer are stored. <see cref="ReplaySeconds"/>: on every reconnect
/// the stream is resumed this far before the cursor, as Jetstream's docs advise, so no event is lost at the seam
/// (re-read posts are duplicates to storage). <see cref="StartMinutesAgo"/>: where a new source begins (0: now).
/// </summary>
public sealed record JetstreamSettings(
    string Endpoint = "wss://jetstream2.us-east.bsky.network/subscribe",
    string[]? Langs = null,
    int ReplaySeconds = 5,
    int StartMinutesAgo = 0,
    int BatchSize = 200,
    int MaxBatchMilliseconds = 2000)
{
    public IEnumerable<string> Validate()
    {
        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var u) || u.Scheme is not ("ws" or "wss"))
            yield return $"endpoint '{Endpoint}' is not an absolute ws:// or wss:// URL";
        if (Langs is { } langs && langs.Any(l => string.IsNullOrWhiteSpace(l) || l.Length > 35)) yield return "langs must be language tags (e.g. \"en\")";
        if (ReplaySeconds is < 0 or > 3600) yield return "replaySeconds must be 0 to 3600";
        if (StartMinutesAgo is < 0 or > 60 * 24 * 3) yield return "startMinutesAgo must be 0 to 4320 (Jetstream keeps about three days)";
        if (BatchSize is < 1 or > 5000) yield return "batchSize must be 1 to 5000";
        if (MaxBatchMilliseconds is < 50 or > 60_000) yield return "maxBatchMilliseconds must be 50 to 60000";
    }

    /// <summary>The subscription URL: posts only, from <paramref name="cursorMicros"/> when given (Unix microseconds).</summary>
    public Uri SubscribeUri(long? cursorMicros)
    {
        var b = new UriBuilder(Endpoint);
        var query = (b.Query.TrimStart('?') is { Length: > 0 } q ? q + "&" : "") + "wantedCollections=app.bsky.feed.post";
        if (cursorMicros is { } c) query += "&cursor=" + c.ToString(System.Globalization.CultureInfo.InvariantCulture);
        b.Query = query;
        return b.Uri;
    }
}

/// <summary>The stream position: the <c>time_us</c> of the last event handled (Unix microseconds).</summary>
internal sealed record JetstreamCursor(long TimeUs);
