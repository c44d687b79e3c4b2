using System.Net;
using System.Text.Json;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Ingestion.Connectors.Http;

namespace FusionMonitor.Ingestion.Connectors.YouTube;

/// <summary>
/// YouTube comments through <c>commentThreads.list</c> (order=time, newest first), paging with pageToken until a
/// page reaches the cursor's newest time minus the overlap, or MaxPages. A 403 is read for its reason: quota spent,
/// comments disabled or a bad key are stated in a <see cref="ConnectorException"/>, not retried as if transient.
/// Source: <c>youtube</c>, ExternalId the thread id.
/// </summary>
public sealed class YouTubeConnector(IHttpClientFactory httpClientFactory) : IConnector
{
    public const string KindName = "youtube";

    public string Kind => KindName;

    public IReadOnlyList<string> ValidateSettings(JsonElement settings) => ConnectorJson.Validate<YouTubeSettings>(settings, s => s.Validate());

    public async Task<FetchResult> FetchAsync(SourceDefinition source, CancellationToken ct)
    {
        var s = ConnectorJson.RequireSettings<YouTubeSettings>(source, x => x.Validate());
        var cursor = ConnectorJson.ReadCursor<YouTubeCursor>(source.Cursor);
        var stopAt = cursor is null ? (long?)null : cursor.Newest - s.OverlapHours * 3600L;
        var client = httpClientFactory.CreateClient(ConnectorHttp.ClientName(KindName));
        var filter = s.VideoId is { Length: > 0 } v ? "videoId=" + Uri.EscapeDataString(v) : "allThreadsRelatedToChannelId=" + Uri.EscapeDataString(s.ChannelId!);

        var mentions = new List<IncomingMention>();
        var rejected = new List<RejectedItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var requests = 0;
        string? pageToken = null;
        for (var page = 0; page < s.MaxPages; page++)
        {
            var url = $"{s.BaseUrl.TrimEnd('/')}/commentThreads?part=snippet&{filter}&order=time&textFormat=plainText&maxResults={s.MaxResults}"
                      + (s.SearchTerms is { Length: > 0 } terms ? "&searchTerms=" + Uri.EscapeDataString(terms) : "")
                      + (pageToken is null ? "" : "&pageToken=" + Uri.EscapeDataString(pageToken))
                      + "&key=" + Uri.EscapeDataString(s.ResolveApiKey());
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            using var response = await ConnectorHttp.SendAsync(client, request, source, ct, HttpStatusCode.Forbidden).ConfigureAwait(false);
            requests++;
            if (response.StatusCode == HttpStatusCode.Forbidden)
            {
                var reason = YouTubeParser.ErrorReason(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)) ?? "forbidden";
                throw new ConnectorException(source.Id, KindName, $"HTTP 403 {reason}" + (reason == "quotaExceeded" ? " (daily quota spent; it resets at midnight Pacific time)" : ""));
            }
            using var doc = await ConnectorHttp.ReadJsonAsync(response, source, ct).ConfigureAwait(false);
            YouTubePage parsed;
            try
            {
                parsed = YouTubeParser.Parse(doc.RootElement, mentions.Count + rejected.Count);
            }
            catch (FormatException ex)
            {
                throw new ConnectorException(source.Id, KindName, ex.Message, ex);
            }
            foreach (var m in parsed.Mentions)
                if (seen.Add(m.ExternalId)) mentions.Add(m);
            rejected.AddRange(parsed.Rejected);
            pageToken = parsed.NextPageToken;
            var reachedKnown = stopAt is { } limit && parsed.Mentions.Any(m => m.CreatedAt.ToUnixTimeSeconds() <= limit);
            if (pageToken is null || parsed.Count == 0 || reachedKnown) break;
        }
        var newest = mentions.Count == 0 ? cursor?.Newest : Math.Max(cursor?.Newest ?? 0, mentions.Max(m => m.CreatedAt.ToUnixTimeSeconds()));
        var next = newest is null ? source.Cursor : ConnectorJson.WriteCursor(new YouTubeCursor(newest.Value));
        return new FetchResult(mentions, rejected, next, NotModified: false, requests);
    }
}
