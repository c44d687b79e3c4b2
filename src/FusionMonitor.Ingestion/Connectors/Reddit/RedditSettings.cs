namespace FusionMonitor.Ingestion.Connectors.Reddit;

/// <summary>
/// Settings of a "reddit" source, read through Reddit's Data API with an app-only OAuth token (client credentials of
/// an approved "script" or "web" app). Follow a <see cref="Subreddit"/>'s new posts, a <see cref="Query"/> across
/// Reddit, or a query within a subreddit (both given). <see cref="ClientSecret"/> may be <c>env:NAME</c>.
/// <see cref="Username"/> is the Reddit account that owns the app: Reddit's API rules require it in the User-Agent
/// (<c>&lt;platform&gt;:&lt;app id&gt;:&lt;version&gt; (by /u/&lt;username&gt;)</c>) and throttle or block anonymous agents.
/// </summary>
public sealed record RedditSettings(
    string? ClientId,
    string? ClientSecret,
    string? Username,
    string? Subreddit = null,
    string? Query = null,
    int Limit = 100,
    int MaxPages = 5,
    string AuthBaseUrl = "https://www.reddit.com",
    string ApiBaseUrl = "https://oauth.reddit.com")
{
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(ClientId)) yield return "clientId is required (the app's client id from reddit.com/prefs/apps)";
        if (string.IsNullOrWhiteSpace(ClientSecret)) yield return "clientSecret is required (the app's secret, or env:VARIABLE)";
        else if (ClientSecret.StartsWith("env:", StringComparison.Ordinal) && ClientSecret.Length == 4) yield return "clientSecret env: needs a variable name";
        if (string.IsNullOrWhiteSpace(Username)) yield return "username is required (the Reddit account that owns the app; Reddit's rules put it in the User-Agent)";
        else if (!IsName(Username.TrimStart('/').Replace("u/", "", StringComparison.Ordinal), 3, 20)) yield return $"username '{Username}' is not a Reddit user name";
        if (string.IsNullOrWhiteSpace(Subreddit) && string.IsNullOrWhiteSpace(Query)) yield return "give a subreddit, a query, or both";
        if (Subreddit is { Length: > 0 } && !IsName(SubredditName, 2, 21)) yield return $"subreddit '{Subreddit}' is not a subreddit name (letters, digits, '_')";
        if (Query is { Length: > 512 }) yield return "query is longer than Reddit's 512 characters";
        if (Limit is < 1 or > 100) yield return "limit must be 1 to 100 (Reddit caps listings at 100 per page)";
        if (MaxPages is < 1 or > 10) yield return "maxPages must be 1 to 10 (Reddit lists at most 1000 items)";
        if (!ConnectorJson.IsHttpUrl(AuthBaseUrl)) yield return $"authBaseUrl '{AuthBaseUrl}' is not an absolute http(s) URL";
        if (!ConnectorJson.IsHttpUrl(ApiBaseUrl)) yield return $"apiBaseUrl '{ApiBaseUrl}' is not an absolute http(s) URL";
    }

    public string SubredditName => Subreddit!.Trim().TrimStart('/').Replace("r/", "", StringComparison.Ordinal).TrimEnd('/');

    /// <summary>The listing path: a subreddit's new posts, a search within it, or a search across Reddit; newest first.</summary>
    public string ListingPath()
    {
        var common = $"limit={Limit}&raw_json=1";
        if (string.IsNullOrWhiteSpace(Query)) return $"/r/{SubredditName}/new?{common}";
        var q = $"q={Uri.EscapeDataString(Query)}&sort=new&t=all&type=link&{common}";
        return string.IsNullOrWhiteSpace(Subreddit) ? $"/search?{q}" : $"/r/{SubredditName}/search?{q}&restrict_sr=1";
    }

    /// <summary>The User-Agent Reddit's API rules ask for.</summary>
    public string UserAgent => $"server:fusionmonitor:1.0 (by /u/{Username!.Trim().TrimStart('/').Replace("u/", "", StringComparison.Ordinal)})";

    /// <summary>The secret itself: read from the environment when written as env:NAME.</summary>
    public string ResolveSecret() =>
        ClientSecret!.StartsWith("env:", StringComparison.Ordinal)
            ? Environment.GetEnvironmentVariable(ClientSecret[4..]) ?? throw new InvalidOperationException($"environment variable {ClientSecret[4..]} is not set")
            : ClientSecret;

    private static bool IsName(string s, int min, int max) =>
        s.Length >= min && s.Length <= max && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
}

/// <summary>
/// Where reading stands. <see cref="Floor"/>: everything created at or after it (Unix seconds) has been read.
/// <see cref="GapAfter"/>: a run cut short by maxPages left older posts unread below this fullname; the next run goes on
/// from there (Reddit's <c>after</c>) down to <see cref="Floor"/>, and then raises the floor to <see cref="GapTop"/>.
/// </summary>
internal sealed record RedditCursor(double Floor, string? GapAfter = null, double? GapTop = null);
