using System.Text.Json;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Ingestion.Connectors.Http;

namespace FusionMonitor.Ingestion.Connectors.AppStore;

/// <summary>
/// Apple App Store customer reviews: <c>/{cc}/rss/customerreviews/page={n}/id={app}/sortby=mostrecent/json</c>, pages
/// built by us (the feed's own next links point at the XML variant). Pages 1→MaxPages until a page reaches reviews
/// already read (the cursor's newest time minus the overlap) or comes back empty. Source: <c>appstore:&lt;country&gt;</c>.
/// Apple exposes only the latest ~500 reviews per storefront: an app busier than that between runs loses the excess
/// at Apple's end, not ours; poll such apps more often.
/// </summary>
public sealed class AppStoreConnector(IHttpClientFactory httpClientFactory) : IConnector
{
    public const string KindName = "appstore";

    public string Kind => KindName;

    public IReadOnlyList<string> ValidateSettings(JsonElement settings) => ConnectorJson.Validate<AppStoreSettings>(settings, s => s.Validate());

    public async Task<FetchResult> FetchAsync(SourceDefinition source, CancellationToken ct)
    {
        var s = ConnectorJson.RequireSettings<AppStoreSettings>(source, x => x.Validate());
        var cc = s.Country.ToLowerInvariant();
        var cursor = ConnectorJson.ReadCursor<AppStoreCursor>(source.Cursor);
        var stopAt = cursor is null ? (long?)null : cursor.Newest - s.OverlapHours * 3600L;
        var client = httpClientFactory.CreateClient(ConnectorHttp.ClientName(KindName));

        var mentions = new List<IncomingMention>();
        var rejected = new List<RejectedItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var requests = 0;
        for (var page = 1; page <= s.MaxPages; page++)
        {
            var url = $"{s.BaseUrl.TrimEnd('/')}/{cc}/rss/customerreviews/page={page}/id={s.AppId}/sortby=mostrecent/json";
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            using var response = await ConnectorHttp.SendAsync(client, request, source, ct).ConfigureAwait(false);
            requests++;
            using var doc = await ConnectorHttp.ReadJsonAsync(response, source, ct).ConfigureAwait(false);
            AppStorePage parsed;
            try
            {
                parsed = AppStoreParser.Parse(doc.RootElement, cc, mentions.Count + rejected.Count);
            }
            catch (FormatException ex)
            {
                throw new ConnectorException(source.Id, KindName, ex.Message, ex);
            }
            foreach (var m in parsed.Mentions)
                if (seen.Add(m.ExternalId)) mentions.Add(m);
            rejected.AddRange(parsed.Rejected);
            var reachedKnown = stopAt is { } limit && parsed.Mentions.Any(m => m.CreatedAt.ToUnixTimeSeconds() <= limit);
            if (parsed.Entries == 0 || reachedKnown) break;
        }
        var newest = mentions.Count == 0 ? cursor?.Newest : Math.Max(cursor?.Newest ?? 0, mentions.Max(m => m.CreatedAt.ToUnixTimeSeconds()));
        var next = newest is null ? source.Cursor : ConnectorJson.WriteCursor(new AppStoreCursor(newest.Value));
        return new FetchResult(mentions, rejected, next, NotModified: false, requests);
    }
}
