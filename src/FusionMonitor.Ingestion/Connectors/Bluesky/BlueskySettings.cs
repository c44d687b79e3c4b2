namespace FusionMonitor.Ingestion.Connectors.Bluesky;

/// <summary>
/// Settings of a "bluesky" source: a post search (<see cref="Query"/>, Lucene-style) run through the account's PDS
/// (<see cref="Service"/>) with an app password, since unauthenticated search is mostly blocked.
/// <see cref="AppPassword"/> may instead name an environment variable as <c>env:NAME</c>, to keep it out of the database.
/// </summary>
public sealed record BlueskySettings(
    string? Query,
    string? Identifier,
    string? AppPassword,
    string Service = "https://bsky.social",
    string? Lang = null,
    int Limit = 100,
    int MaxPages = 5,
    int OverlapMinutes = 15,
    int LookbackHours = 24)
{
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Query)) yield return "query is required";
        if (string.IsNullOrWhiteSpace(Identifier)) yield return "identifier (handle or DID of the account) is required";
        if (string.IsNullOrWhiteSpace(AppPassword)) yield return "appPassword is required (an app password, or env:VARIABLE)";
        else if (AppPassword.StartsWith("env:", StringComparison.Ordinal) && AppPassword.Length == 4) yield return "appPassword env: needs a variable name";
        if (!ConnectorJson.IsHttpUrl(Service)) yield return $"service '{Service}' is not an absolute http(s) URL";
        if (Limit is < 1 or > 100) yield return "limit must be 1 to 100";
        if (MaxPages is < 1 or > 50) yield return "maxPages must be 1 to 50";
        if (OverlapMinutes is < 0 or > 1440) yield return "overlapMinutes must be 0 to 1440";
        if (LookbackHours is < 1 or > 24 * 30) yield return "lookbackHours must be 1 to 720";
    }

    /// <summary>The password itself: read from the environment when written as env:NAME.</summary>
    public string ResolvePassword() =>
        AppPassword!.StartsWith("env:", StringComparison.Ordinal)
            ? Environment.GetEnvironmentVariable(AppPassword[4..]) ?? throw new InvalidOperationException($"environment variable {AppPassword[4..]} is not set")
            : AppPassword;
}
