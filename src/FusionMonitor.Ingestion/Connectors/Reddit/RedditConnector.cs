using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Ingestion.Connectors.Http;

namespace FusionMonitor.Ingestion.Connectors.Reddit;

/// <summary>
/// Reddit through its Data API: an app-only OAuth token (<c>POST /api/v1/access_token</c>, client credentials, cached
/// until it expires; a 401 fetches a new one once), then a listing newest first (<c>/r/&lt;sub&gt;/new</c>,
/// <c>/search</c> or <c>/r/&lt;sub&gt;/search?restrict_sr=1</c>, <c>sort=new</c>), paged with <c>after</c> down to the
/// cursor's floor (see <see cref="RedditCursor"/>). The first run reads one page (no backfill). Requests carry the
/// User-Agent Reddit's rules ask for; the rate limit (<c>X-Ratelimit-Remaining</c>, <c>-Reset</c> in seconds, 100 a
/// minute per client) ends paging early when spent, with a cursor that skips nothing, and a 429 is waited out by the
/// resilience pipeline. Source: <c>reddit</c>, ExternalId the fullname (<c>t3_…</c>).
/// </summary>
public sealed class RedditConnector(IHttpClientFactory httpClientFactory, RedditTokenCache tokens, TimeProvider clock) : IConnector
{
    public const string KindName = "reddit";
    private static readonly TimeSpan TokenMargin = TimeSpan.FromSeconds(60);

    public string Kind => KindName;

    public IReadOnlyList<string> ValidateSettings(JsonElement settings) => ConnectorJson.Validate<RedditSettings>(settings, s => s.Validate());

    public async Task<FetchResult> FetchAsync(SourceDefinition source, CancellationToken ct)
    {
        var s = ConnectorJson.RequireSettings<RedditSettings>(source, x => x.Validate());
        var client = httpClientFactory.CreateClient(ConnectorHttp.ClientName(KindName));
        var cursor = ConnectorJson.ReadCursor<RedditCursor>(source.Cursor);
        var requests = 0;
        var mentions = new List<IncomingMention>();
        var rejected = new List<RejectedItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var after = cursor?.GapAfter;
        double? newest = cursor?.GapTop;
        string? lastName = null;
        var reachedFloor = false;
        var pages = cursor is null ? 1 : s.MaxPages; // the first run takes the newest page only
        for (var page = 0; page < pages; page++)
        {
            var path = s.ListingPath() + (after is null ? "" : "&after=" + Uri.EscapeDataString(after));
            using var response = await GetAsync(client, s, source, path, () => requests++, ct).ConfigureAwait(false);
            using var doc = await ConnectorHttp.ReadJsonAsync(response, source, ct).ConfigureAwait(false);
            RedditPage parsed;
            try
            {
                parsed = RedditParser.Parse(doc.RootElement, mentions.Count + rejected.Count);
            }
            catch (FormatException ex)
            {
                throw new ConnectorException(source.Id, KindName, ex.Message, ex);
            }
            foreach (var m in parsed.Mentions)
                if ((cursor is null || m.CreatedAt.ToUnixTimeMilliseconds() / 1000.0 >= cursor.Floor) && seen.Add(m.ExternalId)) mentions.Add(m);
            rejected.AddRange(parsed.Rejected);
            // A created_utc that is no plausible time (a broken or hostile item) never moves the floor: one such
            // item years ahead would otherwise leave every real post below the floor for good.
            var now = clock.GetUtcNow();
            foreach (var (name, created) in parsed.Children)
            {
                lastName = name;
                if (MentionValidator.IsPlausibleTime(created, now)) newest = Math.Max(newest ?? created, created);
            }
            if (cursor is not null && parsed.Children.Any(c => MentionValidator.IsPlausibleTime(c.Created, now) && c.Created < cursor.Floor)) reachedFloor = true;
            after = parsed.After;
            if (reachedFloor || after is null || parsed.Children.Count == 0)
            {
                reachedFloor = true; // the listing ended: nothing older is left to read
                break;
            }
            if (RateLimitHeaders.Remaining(response) == 0) break;
        }

        RedditCursor next;
        if (cursor is null) next = new RedditCursor(newest ?? clock.GetUtcNow().ToUnixTimeSeconds());
        else if (reachedFloor) next = new RedditCursor(Math.Max(cursor.Floor, newest ?? cursor.Floor));
        else next = new RedditCursor(cursor.Floor, lastName ?? cursor.GapAfter, newest);
        return new FetchResult(mentions, rejected, ConnectorJson.WriteCursor(next), NotModified: false, requests);
    }

    /// <summary>A GET on the API host with the bearer token; a 401 (a revoked or expired token) fetches a new token and tries once more.</summary>
    private async Task<HttpResponseMessage> GetAsync(HttpClient client, RedditSettings s, SourceDefinition source, string path, Action counted, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var token = await TokenAsync(client, s, source, counted, ct).ConfigureAwait(false);
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(s.ApiBaseUrl.TrimEnd('/') + path));
            request.Headers.Authorization = new AuthenticationHeaderValue("bearer", token);
            request.Headers.UserAgent.Clear();
            request.Headers.TryAddWithoutValidation("User-Agent", s.UserAgent);
            counted();
            var response = await ConnectorHttp.SendAsync(client, request, source, ct, HttpStatusCode.Unauthorized).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Unauthorized) return response;
            response.Dispose();
            tokens.Remove(s.AuthBaseUrl, s.ClientId!);
            if (attempt > 0) throw new ConnectorException(source.Id, KindName, "Reddit refused a fresh token (HTTP 401): check the app's client id and secret, and that it is approved for the Data API");
        }
    }

    private async Task<string> TokenAsync(HttpClient client, RedditSettings s, SourceDefinition source, Action counted, CancellationToken ct)
    {
        if (tokens.Get(s.AuthBaseUrl, s.ClientId!, clock.GetUtcNow()) is { } cached) return cached.AccessToken;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(s.AuthBaseUrl.TrimEnd('/') + "/api/v1/access_token"))
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{s.ClientId}:{s.ResolveSecret()}")));
        request.Headers.UserAgent.Clear();
        request.Headers.TryAddWithoutValidation("User-Agent", s.UserAgent);
        counted();
        using var response = await ConnectorHttp.SendAsync(client, request, source, ct).ConfigureAwait(false);
        using var doc = await ConnectorHttp.ReadJsonAsync(response, source, ct).ConfigureAwait(false);
        var root = doc.RootElement;
        // Reddit may answer 200 with {"error": ...} for bad credentials.
        if (root.ValueKind != JsonValueKind.Object || root.TryGetProperty("error", out var error))
            throw new ConnectorException(source.Id, KindName, $"Reddit refused the app's credentials: {(root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out error) ? error.ToString() : "no token in the answer")}");
        var token = root.TryGetProperty("access_token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (string.IsNullOrEmpty(token)) throw new ConnectorException(source.Id, KindName, "Reddit's token answer has no access_token");
        var lifetime = root.TryGetProperty("expires_in", out var e) && e.TryGetDouble(out var seconds) ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromHours(1);
        tokens.Set(s.AuthBaseUrl, s.ClientId!, new RedditToken(token, clock.GetUtcNow() + lifetime - TokenMargin));
        return token;
    }
}
