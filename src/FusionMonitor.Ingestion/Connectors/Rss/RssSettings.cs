namespace FusionMonitor.Ingestion.Connectors.Rss;

/// <summary>
/// Settings of an "rss" source: any RSS 0.9x / 2.0, RSS 1.0 or Atom 1.0 / 0.3 URL (review sites, news, blogs, Google
/// News search feeds). Reddit is followed with the "reddit" kind (its Data API) instead. <see cref="Language"/>
/// overrides the feed's own language tag. Example: <c>{"url": "https://news.google.com/rss/search?q=acme"}</c>.
/// </summary>
public sealed record RssSettings(string? Url, string? Language = null)
{
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Url)) yield return "url is required";
        else if (!ConnectorJson.IsHttpUrl(Url)) yield return $"url '{Url}' is not an absolute http(s) URL";
        if (Language is { Length: > 0 } l && (l.Length > 35 || l.Any(char.IsWhiteSpace))) yield return $"language '{l}' is not a language tag";
    }
}

/// <summary>What conditional GET needs next time. Re-fetched items are the same keys, which storage dedupes.</summary>
internal sealed record RssCursor(string? ETag, string? LastModified);
