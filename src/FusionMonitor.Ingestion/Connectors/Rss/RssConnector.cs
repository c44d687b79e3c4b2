using System.Net;
using System.Text.Json;
using FusionMonitor.Ingestion.Connectors.Http;

namespace FusionMonitor.Ingestion.Connectors.Rss;

/// <summary>
/// Polls one feed URL with conditional GET (If-None-Match / If-Modified-Since from the cursor; 304 = not modified).
/// Source of every mention: <c>rss:&lt;sourceId&gt;</c>, because a feed's ids (guids) are only unique within that feed.
/// A feed returns its whole current window each time; items already stored come back with the same key and storage
/// counts them as duplicates, so the cursor holds only the validators, not a list of seen ids.
/// </summary>
public sealed class RssConnector(IHttpClientFactory httpClientFactory, TimeProvider clock) : IConnector
{
    public const string KindName = "rss";

    public string Kind => KindName;

    public static string SourceOf(long sourceId) => $"rss:{sourceId}";

    public IReadOnlyList<string> ValidateSettings(JsonElement settings) => ConnectorJson.Validate<RssSettings>(settings, s => s.Validate());

    public async Task<FetchResult> FetchAsync(SourceDefinition source, CancellationToken ct)
    {
        var settings = ConnectorJson.RequireSettings<RssSettings>(source, s => s.Validate());
        var url = new Uri(settings.Url!);
        var cursor = ConnectorJson.ReadCursor<RssCursor>(source.Cursor);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5");
        if (cursor?.ETag is { Length: > 0 } etag) request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        if (cursor?.LastModified is { Length: > 0 } lm) request.Headers.TryAddWithoutValidation("If-Modified-Since", lm);

        var client = httpClientFactory.CreateClient(ConnectorHttp.ClientName(KindName));
        using var response = await ConnectorHttp.SendAsync(client, request, source, ct, HttpStatusCode.NotModified).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotModified)
            return new FetchResult([], [], source.Cursor, NotModified: true, Requests: 1);

        var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        var text = FeedDecoding.Decode(bytes, response.Content.Headers.ContentType?.CharSet);
        ParsedFeed feed;
        try
        {
            feed = FeedParser.Parse(text, SourceOf(source.Id), url, clock.GetUtcNow(), settings.Language);
        }
        catch (FormatException ex)
        {
            throw new ConnectorException(source.Id, KindName, $"{ConnectorHttp.Describe(url)}: {ex.Message}", ex);
        }

        var next = new RssCursor(
            response.Headers.ETag?.ToString(),
            response.Content.Headers.LastModified?.ToString("R"));
        var nextCursor = next.ETag is null && next.LastModified is null ? null : ConnectorJson.WriteCursor(next);
        return new FetchResult(feed.Mentions, feed.Rejected, nextCursor, NotModified: false, Requests: 1);
    }
}
