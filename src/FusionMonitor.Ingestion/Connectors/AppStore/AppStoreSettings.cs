namespace FusionMonitor.Ingestion.Connectors.AppStore;

/// <summary>
/// Settings of an "appstore" source: one app's customer reviews in one storefront (<see cref="Country"/>, each a
/// separate review set), newest first. Apple serves at most 10 pages of about 50; <see cref="MaxPages"/> bounds a run.
/// </summary>
public sealed record AppStoreSettings(
    string? AppId,
    string Country = "us",
    int MaxPages = 10,
    int OverlapHours = 24,
    string BaseUrl = "https://itunes.apple.com")
{
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(AppId)) yield return "appId is required (the digits after 'id' in the App Store URL)";
        else if (!AppId.All(char.IsAsciiDigit)) yield return $"appId '{AppId}' must be digits only";
        if (Country is not { Length: 2 } || !Country.All(char.IsAsciiLetter)) yield return $"country '{Country}' must be a two-letter storefront code";
        if (MaxPages is < 1 or > 10) yield return "maxPages must be 1 to 10 (Apple serves no more)";
        if (OverlapHours is < 0 or > 24 * 30) yield return "overlapHours must be 0 to 720";
        if (!ConnectorJson.IsHttpUrl(BaseUrl)) yield return $"baseUrl '{BaseUrl}' is not an absolute http(s) URL";
    }
}

/// <summary>Newest review time read (Unix seconds); a run pages until it reaches reviews at or before it (minus overlap).</summary>
internal sealed record AppStoreCursor(long Newest);
