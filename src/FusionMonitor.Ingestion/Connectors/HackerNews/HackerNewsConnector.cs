using System.Text.Json;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Ingestion.Connectors.Http;

namespace FusionMonitor.Ingestion.Connectors.HackerNews;

/// <summary>
/// Hacker News stories and comments through Algolia's search_by_date, filtered with
/// <c>numericFilters=created_at_i&gt;…</c> (see <see cref="TimeWindowCursor"/> for how windows never skip).
/// Source of every mention: <c>hackernews</c> (objectIDs are global, so two queries finding one comment store it once).
/// </summary>
public sealed class HackerNewsConnector(IHttpClientFactory httpClientFactory, TimeProvider clock) : IConnector
{
    public const string KindName = "hackernews";

    public string Kind => KindName;

    public IReadOnlyList<string> ValidateSettings(JsonElement settings) => ConnectorJson.Validate<HackerNewsSettings>(settings, s => s.Validate());

    public async Task<FetchResult> FetchAsync(SourceDefinition source, CancellationToken ct)
    {
        var s = ConnectorJson.RequireSettings<HackerNewsSettings>(source, x => x.Validate());
        var cursor = TimeWindowCursor.Start(source.Cursor, clock.GetUtcNow(), TimeSpan.FromHours(s.LookbackHours));
        var client = httpClientFactory.CreateClient(ConnectorHttp.ClientName(KindName));
        var filters = $"created_at_i>{cursor.LowerBound(TimeSpan.FromMinutes(s.OverlapMinutes))}"
                      + (cursor.Until is { } until ? $",created_at_i<{until}" : "");

        var mentions = new List<IncomingMention>();
        var rejected = new List<RejectedItem>();
        var requests = 0;
        var readAll = false;
        for (var page = 0; page < s.MaxPages; page++)
        {
            var url = $"{s.BaseUrl.TrimEnd('/')}/api/v1/search_by_date?query={Uri.EscapeDataString(s.Query!)}&tags={Uri.EscapeDataString(s.Tags)}"
                      + $"&numericFilters={Uri.EscapeDataString(filters)}&hitsPerPage={s.HitsPerPage}&page={page}&typoTolerance=false";
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            using var response = await ConnectorHttp.SendAsync(client, request, source, ct).ConfigureAwait(false);
            requests++;
            using var doc = await ConnectorHttp.ReadJsonAsync(response, source, ct).ConfigureAwait(false);
            HackerNewsPage parsed;
            try
            {
                parsed = HackerNewsParser.Parse(doc.RootElement, page * s.HitsPerPage);
            }
            catch (FormatException ex)
            {
                throw new ConnectorException(source.Id, KindName, ex.Message, ex);
            }
            mentions.AddRange(parsed.Mentions);
            rejected.AddRange(parsed.Rejected);
            if (parsed.Hits == 0 || parsed.Page >= parsed.PageCount - 1)
            {
                readAll = true;
                break;
            }
            if (RateLimitHeaders.Remaining(response) == 0) break;
        }

        var times = mentions.Select(m => m.CreatedAt.ToUnixTimeSeconds()).ToList();
        var next = cursor.Next(readAll, times.Count > 0 ? times.Max() : null, times.Count > 0 ? times.Min() : null);
        return new FetchResult(mentions, rejected, next.Write(), NotModified: false, requests);
    }

}
