namespace FusionMonitor.Ingestion.Connectors.HackerNews;

/// <summary>
/// Settings of a "hackernews" source: a full-text query against the Algolia HN Search API (search_by_date), over
/// stories and comments by default. <see cref="BaseUrl"/> exists for tests and mirrors.
/// </summary>
public sealed record HackerNewsSettings(
    string? Query,
    string Tags = "(story,comment)",
    int HitsPerPage = 100,
    int MaxPages = 5,
    int OverlapMinutes = 15,
    int LookbackHours = 24,
    string BaseUrl = "https://hn.algolia.com")
{
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Query)) yield return "query is required";
        if (string.IsNullOrWhiteSpace(Tags)) yield return "tags must not be empty (e.g. \"(story,comment)\")";
        if (HitsPerPage is < 1 or > 1000) yield return "hitsPerPage must be 1 to 1000";
        if (MaxPages is < 1 or > 50) yield return "maxPages must be 1 to 50";
        if (OverlapMinutes is < 0 or > 1440) yield return "overlapMinutes must be 0 to 1440";
        if (LookbackHours is < 1 or > 24 * 30) yield return "lookbackHours must be 1 to 720";
        if (!ConnectorJson.IsHttpUrl(BaseUrl)) yield return $"baseUrl '{BaseUrl}' is not an absolute http(s) URL";
    }
}
