using System.Net.Http.Headers;
using System.Text.Json;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Ingestion.Connectors.Http;

namespace FusionMonitor.Ingestion.Connectors.Mastodon;

/// <summary>
/// A hashtag timeline (<c>/api/v1/timelines/tag/:tag</c>) or status search (<c>/api/v2/search?type=statuses</c>) on any
/// instance. First run: the newest page. Later runs walk forward with <c>min_id</c> (the page right after the id,
/// so no gap, unlike since_id), repeating while pages come back full, up to MaxPages; the cursor is the highest id
/// read, which is safe to store even when the page budget ran out. Stops early when the rate-limit window is spent.
/// Source of every mention: <c>mastodon</c>, ExternalId the status uri.
/// </summary>
public sealed class MastodonConnector(IHttpClientFactory httpClientFactory) : IConnector
{
    public const string KindName = "mastodon";

    public string Kind => KindName;

    public IReadOnlyList<string> ValidateSettings(JsonElement settings) => ConnectorJson.Validate<MastodonSettings>(settings, s => s.Validate());

    public async Task<FetchResult> FetchAsync(SourceDefinition source, CancellationToken ct)
    {
        var s = ConnectorJson.RequireSettings<MastodonSettings>(source, x => x.Validate());
        var instance = new Uri(s.Instance!.TrimEnd('/') + "/");
        var minId = ConnectorJson.ReadCursor<MastodonCursor>(source.Cursor)?.MinId;
        var client = httpClientFactory.CreateClient(ConnectorHttp.ClientName(KindName));

        var mentions = new List<IncomingMention>();
        var rejected = new List<RejectedItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var requests = 0;
        var firstRun = minId is null;
        for (var page = 0; page < s.MaxPages; page++)
        {
            var path = s.Hashtag is { Length: > 0 }
                ? $"api/v1/timelines/tag/{Uri.EscapeDataString(s.TagName)}?limit={s.Limit}"
                : $"api/v2/search?type=statuses&q={Uri.EscapeDataString(s.Query!)}&limit={s.Limit}";
            if (minId is not null) path += "&min_id=" + Uri.EscapeDataString(minId);
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(instance, path));
            if (s.AccessToken is { Length: > 0 } token) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await ConnectorHttp.SendAsync(client, request, source, ct).ConfigureAwait(false);
            requests++;
            using var doc = await ConnectorHttp.ReadJsonAsync(response, source, ct).ConfigureAwait(false);
            MastodonPage parsed;
            try
            {
                parsed = MastodonParser.Parse(doc.RootElement, instance.Host, mentions.Count + rejected.Count);
            }
            catch (FormatException ex)
            {
                throw new ConnectorException(source.Id, KindName, ex.Message, ex);
            }
            foreach (var m in parsed.Mentions)
                if (seen.Add(m.ExternalId)) mentions.Add(m);
            rejected.AddRange(parsed.Rejected);
            if (parsed.MaxId is not null && (minId is null || MastodonParser.CompareIds(parsed.MaxId, minId) > 0)) minId = parsed.MaxId;
            // The first run takes only the newest page: history before the source existed is not ours to backfill.
            if (firstRun || parsed.Count < s.Limit || RateLimitHeaders.Remaining(response) == 0) break;
        }
        var next = minId is null ? source.Cursor : ConnectorJson.WriteCursor(new MastodonCursor(minId));
        return new FetchResult(mentions, rejected, next, NotModified: false, requests);
    }
}
