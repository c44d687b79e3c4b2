namespace FusionMonitor.Ingestion.Connectors.YouTube;

/// <summary>
/// Settings of a "youtube" source: comment threads of one video (<see cref="VideoId"/>) or of every video of a channel
/// (<see cref="ChannelId"/>, via allThreadsRelatedToChannelId), optionally filtered server-side by
/// <see cref="SearchTerms"/>. <see cref="ApiKey"/> may be <c>env:NAME</c>. Each page costs quota (1–5 units of the
/// 10,000 a project gets per day), so <see cref="MaxPages"/> is small by default.
/// </summary>
public sealed record YouTubeSettings(
    string? ApiKey,
    string? VideoId = null,
    string? ChannelId = null,
    string? SearchTerms = null,
    int MaxResults = 100,
    int MaxPages = 2,
    int OverlapHours = 1,
    string BaseUrl = "https://www.googleapis.com/youtube/v3")
{
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(ApiKey)) yield return "apiKey is required (a YouTube Data API key, or env:VARIABLE)";
        if (string.IsNullOrWhiteSpace(VideoId) == string.IsNullOrWhiteSpace(ChannelId)) yield return "give exactly one of videoId or channelId";
        if (MaxResults is < 1 or > 100) yield return "maxResults must be 1 to 100";
        if (MaxPages is < 1 or > 20) yield return "maxPages must be 1 to 20";
        if (OverlapHours is < 0 or > 24 * 30) yield return "overlapHours must be 0 to 720";
        if (!ConnectorJson.IsHttpUrl(BaseUrl)) yield return $"baseUrl '{BaseUrl}' is not an absolute http(s) URL";
    }

    public string ResolveApiKey() =>
        ApiKey!.StartsWith("env:", StringComparison.Ordinal)
            ? Environment.GetEnvironmentVariable(ApiKey[4..]) ?? throw new InvalidOperationException($"environment variable {ApiKey[4..]} is not set")
            : ApiKey;
}

/// <summary>Newest comment time read (Unix seconds); order=time pages stop once they reach it, minus the overlap.</summary>
internal sealed record YouTubeCursor(long Newest);
