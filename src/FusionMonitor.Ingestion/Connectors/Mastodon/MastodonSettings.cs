namespace FusionMonitor.Ingestion.Connectors.Mastodon;

/// <summary>
/// Settings of a "mastodon" source: one instance, and either a <see cref="Hashtag"/> timeline (the reliable path) or a
/// status <see cref="Query"/> (v2 search: best effort, often needs <see cref="AccessToken"/>). Exactly one of the two.
/// </summary>
public sealed record MastodonSettings(
    string? Instance,
    string? Hashtag = null,
    string? Query = null,
    string? AccessToken = null,
    int Limit = 40,
    int MaxPages = 5)
{
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Instance)) yield return "instance is required (e.g. \"https://mastodon.social\")";
        else if (!ConnectorJson.IsHttpUrl(Instance)) yield return $"instance '{Instance}' is not an absolute http(s) URL";
        var hasTag = !string.IsNullOrWhiteSpace(Hashtag);
        var hasQuery = !string.IsNullOrWhiteSpace(Query);
        if (hasTag == hasQuery) yield return "give exactly one of hashtag or query";
        if (hasTag && Hashtag!.TrimStart('#').Any(c => !char.IsLetterOrDigit(c) && c != '_')) yield return $"hashtag '{Hashtag}' may hold only letters, digits and '_'";
        if (Limit is < 1 or > 40) yield return "limit must be 1 to 40 (Mastodon caps pages at 40)";
        if (MaxPages is < 1 or > 50) yield return "maxPages must be 1 to 50";
    }

    public string TagName => Hashtag!.TrimStart('#');
}

/// <summary>The highest status id seen; the next run asks for statuses immediately after it (min_id), oldest first.</summary>
internal sealed record MastodonCursor(string MinId);
