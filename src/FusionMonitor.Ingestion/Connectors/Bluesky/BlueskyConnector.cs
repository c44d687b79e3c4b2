using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Ingestion.Connectors.Http;

namespace FusionMonitor.Ingestion.Connectors.Bluesky;

/// <summary>
/// Bluesky post search (<c>app.bsky.feed.searchPosts</c>, sort=latest, since/until on sortAt; see
/// <see cref="TimeWindowCursor"/>) through the account's PDS with a cached app-password session, then the authors'
/// follower counts through <c>app.bsky.actor.getProfiles</c>, 25 at a time. Source: <c>bluesky</c>, ExternalId the
/// post's at:// uri. A 403 is reported as "search unavailable" (Bluesky blocks search at its edge, often with an HTML
/// page), not as a parse error.
/// </summary>
public sealed class BlueskyConnector(IHttpClientFactory httpClientFactory, BlueskySessionCache sessions, TimeProvider clock) : IConnector
{
    public const string KindName = "bluesky";
    private const int ProfileBatch = 25;
    private static readonly SemaphoreSlim LoginGate = new(1, 1);

    public string Kind => KindName;

    public IReadOnlyList<string> ValidateSettings(JsonElement settings) => ConnectorJson.Validate<BlueskySettings>(settings, s => s.Validate());

    public async Task<FetchResult> FetchAsync(SourceDefinition source, CancellationToken ct)
    {
        var s = ConnectorJson.RequireSettings<BlueskySettings>(source, x => x.Validate());
        var service = s.Service.TrimEnd('/');
        var cursor = TimeWindowCursor.Start(source.Cursor, clock.GetUtcNow(), TimeSpan.FromHours(s.LookbackHours));
        var client = httpClientFactory.CreateClient(ConnectorHttp.ClientName(KindName));
        var calls = new Calls(client, s, source, service);

        var since = Iso(cursor.LowerBound(TimeSpan.FromMinutes(s.OverlapMinutes)));
        var mentions = new List<IncomingMention>();
        var rejected = new List<RejectedItem>();
        var dids = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? pageCursor = null;
        var readAll = false;
        for (var page = 0; page < s.MaxPages; page++)
        {
            var url = $"{service}/xrpc/app.bsky.feed.searchPosts?q={Uri.EscapeDataString(s.Query!)}&sort=latest&limit={s.Limit}&since={Uri.EscapeDataString(since)}"
                      + (cursor.Until is { } until ? "&until=" + Uri.EscapeDataString(Iso(until)) : "")
                      + (s.Lang is { Length: > 0 } lang ? "&lang=" + Uri.EscapeDataString(lang) : "")
                      + (pageCursor is null ? "" : "&cursor=" + Uri.EscapeDataString(pageCursor));
            using var response = await AuthorizedGetAsync(calls, url, ct).ConfigureAwait(false);
            using var doc = await ConnectorHttp.ReadJsonAsync(response, source, ct).ConfigureAwait(false);
            var parsed = Parse(source, () => BlueskyParser.ParsePosts(doc.RootElement, mentions.Count + rejected.Count));
            foreach (var m in parsed.Mentions)
                if (seen.Add(m.ExternalId)) mentions.Add(m);
            foreach (var (id, did) in parsed.AuthorDidByExternalId) dids[id] = did;
            rejected.AddRange(parsed.Rejected);
            pageCursor = parsed.Cursor;
            if (pageCursor is null || parsed.Count == 0)
            {
                readAll = true;
                break;
            }
            if (RateLimitHeaders.Remaining(response) == 0) break;
        }

        var profiles = await ProfilesAsync(calls, dids.Values.Distinct(StringComparer.Ordinal).ToList(), ct).ConfigureAwait(false);
        var withReach = mentions.Select(m => dids.TryGetValue(m.ExternalId, out var did) && profiles.TryGetValue(did, out var p)
            ? m with { Author = p.Fill(m.Author, m.CreatedAt) } : m).ToList();

        var times = mentions.Select(m => m.CreatedAt.ToUnixTimeSeconds()).ToList();
        var next = cursor.Next(readAll, times.Count > 0 ? times.Max() : null, times.Count > 0 ? times.Min() : null);
        return new FetchResult(withReach, rejected, next.Write(), NotModified: false, calls.Requests);
    }

    private async Task<Dictionary<string, BlueskyProfile>> ProfilesAsync(Calls calls, List<string> dids, CancellationToken ct)
    {
        var result = new Dictionary<string, BlueskyProfile>(StringComparer.Ordinal);
        foreach (var batch in dids.Chunk(ProfileBatch))
        {
            var url = $"{calls.Service}/xrpc/app.bsky.actor.getProfiles?" + string.Join("&", batch.Select(d => "actors=" + Uri.EscapeDataString(d)));
            using var response = await AuthorizedGetAsync(calls, url, ct).ConfigureAwait(false);
            using var doc = await ConnectorHttp.ReadJsonAsync(response, calls.Source, ct).ConfigureAwait(false);
            foreach (var (did, p) in Parse(calls.Source, () => BlueskyParser.ParseProfiles(doc.RootElement))) result[did] = p;
        }
        return result;
    }

    /// <summary>GET with the cached session; on an expired or invalid token, renews once and repeats.</summary>
    private async Task<HttpResponseMessage> AuthorizedGetAsync(Calls calls, string url, CancellationToken ct)
    {
        var session = sessions.Get(calls.Service, calls.Settings.Identifier!) ?? await LoginAsync(calls, null, ct).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.AccessJwt);
            var response = await ConnectorHttp.SendAsync(calls.Client, request, calls.Source, ct, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden).ConfigureAwait(false);
            calls.Requests++;
            if (response.IsSuccessStatusCode) return response;
            using (response)
            {
                var (error, message) = await XrpcErrorAsync(response, ct).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.Forbidden)
                    throw new ConnectorException(calls.Source.Id, KindName, $"search unavailable: HTTP 403 from {ConnectorHttp.Describe(response.RequestMessage?.RequestUri)} ({error ?? "no XRPC error; probably blocked at the edge"})");
                var tokenProblem = response.StatusCode == HttpStatusCode.Unauthorized || error is "ExpiredToken" or "InvalidToken";
                if (!tokenProblem || attempt > 0)
                    throw new ConnectorException(calls.Source.Id, KindName, $"HTTP {(int)response.StatusCode} {error}: {message}");
                session = await LoginAsync(calls, session, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Renews <paramref name="stale"/> with refreshSession, or logs in with createSession when there is no session or
    /// the refresh is refused. Serialised, and skipped when another caller already replaced the stale session.
    /// </summary>
    private async Task<BlueskySession> LoginAsync(Calls calls, BlueskySession? stale, CancellationToken ct)
    {
        var id = calls.Settings.Identifier!;
        await LoginGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var current = sessions.Get(calls.Service, id);
            if (current is not null && current != stale) return current;
            if (stale is not null)
            {
                using var refresh = new HttpRequestMessage(HttpMethod.Post, $"{calls.Service}/xrpc/com.atproto.server.refreshSession");
                refresh.Headers.Authorization = new AuthenticationHeaderValue("Bearer", stale.RefreshJwt);
                using var refreshed = await ConnectorHttp.SendAsync(calls.Client, refresh, calls.Source, ct, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized).ConfigureAwait(false);
                calls.Requests++;
                if (refreshed.IsSuccessStatusCode)
                    return Remember(calls, await ReadSessionAsync(refreshed, calls.Source, ct).ConfigureAwait(false));
                sessions.Remove(calls.Service, id);
            }
            using var create = new HttpRequestMessage(HttpMethod.Post, $"{calls.Service}/xrpc/com.atproto.server.createSession")
            {
                Content = JsonContent.Create(new { identifier = id, password = calls.Settings.ResolvePassword() }),
            };
            using var created = await ConnectorHttp.SendAsync(calls.Client, create, calls.Source, ct, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized).ConfigureAwait(false);
            calls.Requests++;
            if (!created.IsSuccessStatusCode)
            {
                var (error, message) = await XrpcErrorAsync(created, ct).ConfigureAwait(false);
                throw new ConnectorException(calls.Source.Id, KindName, $"login as {id} failed: HTTP {(int)created.StatusCode} {error}: {message}");
            }
            return Remember(calls, await ReadSessionAsync(created, calls.Source, ct).ConfigureAwait(false));
        }
        finally
        {
            LoginGate.Release();
        }
    }

    private BlueskySession Remember(Calls calls, BlueskySession session)
    {
        sessions.Set(calls.Service, calls.Settings.Identifier!, session);
        return session;
    }

    private static async Task<BlueskySession> ReadSessionAsync(HttpResponseMessage response, SourceDefinition source, CancellationToken ct)
    {
        using var doc = await ConnectorHttp.ReadJsonAsync(response, source, ct).ConfigureAwait(false);
        var r = doc.RootElement;
        var access = BlueskyParser.Str(r, "accessJwt");
        var refresh = BlueskyParser.Str(r, "refreshJwt");
        if (string.IsNullOrEmpty(access) || string.IsNullOrEmpty(refresh))
            throw new ConnectorException(source.Id, KindName, "session response lacks accessJwt or refreshJwt");
        return new BlueskySession(access, refresh, BlueskyParser.Str(r, "did") ?? "");
    }

    private static async Task<(string? Error, string? Message)> XrpcErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        try
        {
            using var doc = JsonDocument.Parse(body);
            return (BlueskyParser.Str(doc.RootElement, "error"), BlueskyParser.Str(doc.RootElement, "message"));
        }
        catch (JsonException)
        {
            return (null, Core.Text.TextCut.Cut(body, 120, "…"));
        }
    }

    private static T Parse<T>(SourceDefinition source, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (FormatException ex)
        {
            throw new ConnectorException(source.Id, KindName, ex.Message, ex);
        }
    }

    private static string Iso(long unix) => DateTimeOffset.FromUnixTimeSeconds(unix).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private sealed class Calls(HttpClient client, BlueskySettings settings, SourceDefinition source, string service)
    {
        public HttpClient Client { get; } = client;
        public BlueskySettings Settings { get; } = settings;
        public SourceDefinition Source { get; } = source;
        public string Service { get; } = service;
        public int Requests { get; set; }
    }
}
