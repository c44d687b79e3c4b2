using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Core.Text;
using FusionMonitor.Ingestion.Connectors;

namespace FusionMonitor.Ingestion.Import;

/// <summary>The review exports <c>fusion import</c> reads besides its own mention format (docs/connectors.md, "Review exports").</summary>
public enum ReviewExport
{
    /// <summary>Google Play Console's monthly reviews report (<c>reviews_&lt;package&gt;_&lt;yyyymm&gt;.csv</c>, UTF-16).</summary>
    GooglePlayCsv,

    /// <summary>Google Business Profile reviews as the v4 API (<c>accounts.locations.reviews.list</c>) and Takeout give them.</summary>
    GoogleBusinessJson,

    /// <summary>App Store Connect API customer reviews (<c>GET /v1/apps/{id}/customerReviews</c>).</summary>
    AppStoreConnectJson,

    /// <summary>Trustpilot's business-units reviews API (<c>/v1/business-units/{id}/reviews</c>).</summary>
    TrustpilotJson,
}

/// <summary>
/// Reads review exports into mentions with their star rating (<see cref="IncomingMention.Rating"/>), so reviews count
/// as brand evidence (docs/fusion-score.md, "Star ratings"). Each record becomes a mention or a rejection with its
/// reason; one bad record never stops the file. A review with stars but no words reads "Rated N of 5 stars", so its
/// rating still counts. Reviewers the export does not name are "[anonymous]".
/// </summary>
public static class ReviewExportReader
{
    private const int MaxPayload = 500;

    public static readonly IReadOnlyDictionary<string, ReviewExport> Names = new Dictionary<string, ReviewExport>(StringComparer.OrdinalIgnoreCase)
    {
        ["google-play"] = ReviewExport.GooglePlayCsv,
        ["google-business"] = ReviewExport.GoogleBusinessJson,
        ["app-store-connect"] = ReviewExport.AppStoreConnectJson,
        ["trustpilot"] = ReviewExport.TrustpilotJson,
    };

    /// <summary>Which review export a file is, from its first bytes (a CSV header, or the JSON's shape); null for anything else.</summary>
    public static ReviewExport? Sniff(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var head = new char[8192];
        var n = reader.ReadBlock(head, 0, head.Length);
        var text = new string(head, 0, n).TrimStart('\uFEFF', ' ', '\r', '\n', '\t');
        if (text.StartsWith("Package Name", StringComparison.OrdinalIgnoreCase) && text.Contains("Star Rating", StringComparison.OrdinalIgnoreCase))
            return ReviewExport.GooglePlayCsv;
        if (!text.StartsWith('{') && !text.StartsWith('[')) return null;
        if (text.Contains("\"starRating\"", StringComparison.Ordinal)) return ReviewExport.GoogleBusinessJson;
        if (text.Contains("\"customerReviews\"", StringComparison.Ordinal)) return ReviewExport.AppStoreConnectJson;
        if (text.Contains("\"stars\"", StringComparison.Ordinal) && text.Contains("\"reviews\"", StringComparison.Ordinal)) return ReviewExport.TrustpilotJson;
        return null;
    }

    public static async IAsyncEnumerable<ImportRecord> ReadFileAsync(string path, ReviewExport format, [EnumeratorCancellation] CancellationToken ct = default)
    {
        if (format == ReviewExport.GooglePlayCsv)
        {
            await foreach (var r in GooglePlayAsync(path, ct).ConfigureAwait(false)) yield return r;
            yield break;
        }
        JsonDocument doc;
        string? error = null;
        try
        {
            await using var stream = File.OpenRead(path);
            doc = await JsonDocument.ParseAsync(stream, new JsonDocumentOptions { AllowTrailingCommas = true }, ct).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            doc = JsonDocument.Parse("[]");
            error = "the file is not valid JSON: " + e.Message;
        }
        using (doc)
        {
            if (error is not null)
            {
                yield return new ImportRecord(1, null, new RejectedItem(1, error));
                yield break;
            }
            var (items, listName) = format switch
            {
                ReviewExport.AppStoreConnectJson => (Items(doc.RootElement, "data"), "data"),
                _ => (Items(doc.RootElement, "reviews"), "reviews"),
            };
            if (items is null)
            {
                yield return new ImportRecord(1, null, new RejectedItem(1, $"no \"{listName}\" array in the file"));
                yield break;
            }
            var i = 0;
            foreach (var item in items)
            {
                i++;
                // Item by item, never throwing: a string that is not text (an unpaired surrogate escape, bytes that are
                // not UTF-8) rejects its review with the reason, and the file reads on.
                var (mention, reason) = ConnectorItems.TryRead(item, format switch
                {
                    ReviewExport.GoogleBusinessJson => GoogleBusiness,
                    ReviewExport.AppStoreConnectJson => AppStoreConnect,
                    _ => (Func<JsonElement, (IncomingMention?, string?)>)Trustpilot,
                });
                yield return mention is not null
                    ? new ImportRecord(i, mention, null)
                    : new ImportRecord(i, null, new RejectedItem(i, reason!, null, ConnectorItems.String(item, "reviewId") ?? ConnectorItems.String(item, "id"), Cut(ConnectorItems.Payload(item))));
            }
        }
    }

    /// <summary>The review list: the named array of the root object, or the root itself when it is an array (pages concatenated into one).</summary>
    private static IEnumerable<JsonElement>? Items(JsonElement root, string name)
    {
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array) return list.EnumerateArray();
        if (root.ValueKind != JsonValueKind.Array) return null;
        // An array of pages ({"reviews": [...]}) or of reviews.
        var all = root.EnumerateArray().ToList();
        return all.All(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty(name, out var l) && l.ValueKind == JsonValueKind.Array)
            ? all.SelectMany(p => p.GetProperty(name).EnumerateArray())
            : all;
    }

    private static (IncomingMention?, string?) GoogleBusiness(JsonElement r)
    {
        var stars = Str(r, "starRating") switch
        {
            "ONE" => 1, "TWO" => 2, "THREE" => 3, "FOUR" => 4, "FIVE" => 5, _ => (int?)null,
        };
        var name = Str(r, "name"); // accounts/{account}/locations/{location}/reviews/{review}
        var parts = name?.Split('/') ?? [];
        var location = parts.Length >= 4 && parts[2] == "locations" ? parts[3] : null;
        var id = Str(r, "reviewId") ?? (parts.Length >= 6 ? parts[5] : null);
        var reviewer = r.TryGetProperty("reviewer", out var rv) ? rv : default;
        var anonymous = reviewer.ValueKind == JsonValueKind.Object && reviewer.TryGetProperty("isAnonymous", out var a) && a.ValueKind == JsonValueKind.True;
        var author = anonymous ? null : Str(reviewer, "displayName");
        return Build("googlebusiness" + (location is null ? "" : ":" + location), id, null, Str(r, "comment"), Str(r, "createTime"), author, stars, null, null);
    }

    private static (IncomingMention?, string?) AppStoreConnect(JsonElement r)
    {
        if (Str(r, "type") is { } type && type != "customerReviews") return (null, $"not a customer review (type {type})");
        var at = r.TryGetProperty("attributes", out var x) ? x : default;
        var stars = at.ValueKind == JsonValueKind.Object && at.TryGetProperty("rating", out var s) && s.TryGetInt32(out var v) ? v : (int?)null;
        var territory = Str(at, "territory");
        return Build("appstoreconnect" + (territory is null ? "" : ":" + territory.ToLowerInvariant()), Str(r, "id"), Str(at, "title"), Str(at, "body"),
            Str(at, "createdDate"), Str(at, "reviewerNickname"), stars, null, null);
    }

    private static (IncomingMention?, string?) Trustpilot(JsonElement r)
    {
        var stars = r.TryGetProperty("stars", out var s) && s.TryGetInt32(out var v) ? v : (int?)null;
        var unit = r.TryGetProperty("businessUnit", out var bu) ? Str(bu, "id") : null;
        var consumer = r.TryGetProperty("consumer", out var c) ? Str(c, "displayName") : null;
        var id = Str(r, "id");
        return Build("trustpilot" + (unit is null ? "" : ":" + unit), id, Str(r, "title"), Str(r, "text"), Str(r, "createdAt"), consumer, stars,
            Str(r, "language"), id is null ? null : "https://www.trustpilot.com/reviews/" + id);
    }

    private static async IAsyncEnumerable<ImportRecord> GooglePlayAsync(string path, [EnumeratorCancellation] CancellationToken ct)
    {
        // Play Console writes these reports in UTF-16 with a byte-order mark; the reader follows the mark.
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = args => args.Header.Trim().ToLowerInvariant(),
            MissingFieldFound = null,
            HeaderValidated = null,
            BadDataFound = null,
            DetectColumnCountChanges = false,
            TrimOptions = TrimOptions.Trim,
        };
        using var csv = new CsvReader(reader, config);
        if (!await csv.ReadAsync().ConfigureAwait(false)) yield break;
        csv.ReadHeader();
        while (await csv.ReadAsync().ConfigureAwait(false))
        {
            ct.ThrowIfCancellationRequested();
            var line = csv.Parser.RawRow;
            string? F(string column) => csv.TryGetField<string>(column, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;
            var stars = int.TryParse(F("star rating"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var st) ? st : (int?)null;
            var link = F("review link");
            // The link carries the review's id (…&reviewId=gp:AOqp…); without one, the submit time and text identify it.
            var id = link is not null && link.IndexOf("reviewId=", StringComparison.Ordinal) is var k and >= 0 ? Uri.UnescapeDataString(link[(k + 9)..].Split('&')[0]) : null;
            var created = long.TryParse(F("review submit millis since epoch"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("O", CultureInfo.InvariantCulture) : F("review submit date and time");
            id ??= "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{F("package name")}\n{created}\n{F("review text")}")))[..32];
            var (mention, reason) = ConnectorItems.TryRead(id, i => Build("googleplay" + (F("package name") is { } pkg ? ":" + pkg : ""), i, F("review title"),
                F("review text"), created, null, stars, F("reviewer language"), link));
            yield return mention is not null
                ? new ImportRecord(line, mention, null)
                : new ImportRecord(line, null, new RejectedItem(line, reason!, null, id, Cut(csv.Parser.RawRecord)));
        }
    }

    private static (IncomingMention?, string?) Build(string source, string? id, string? title, string? body, string? createdAt, string? author, int? stars, string? lang, string? url)
    {
        if (string.IsNullOrWhiteSpace(id)) return (null, "review has no id");
        if (stars is not (>= 1 and <= 5)) return (null, "review has no star rating from 1 to 5");
        if (!DateTimeOffset.TryParse(createdAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created))
            return (null, $"review has no readable creation time ('{createdAt}')");
        title = string.IsNullOrWhiteSpace(title) ? null : title.Trim();
        body = string.IsNullOrWhiteSpace(body) ? null : body.Trim();
        var text = title is null ? body : body is null ? title : title + "\n\n" + body;
        text ??= $"Rated {stars} of 5 stars";
        var language = lang is { Length: >= 2 } l ? l.Split('_', '-')[0].ToLowerInvariant() : null;
        return (new IncomingMention(source, id.Trim(), text, created.ToUniversalTime(), new Author(string.IsNullOrWhiteSpace(author) ? "[anonymous]" : author.Trim()),
            url, language, null, stars), null);
    }

    /// <summary>A string property; an unpaired surrogate escape in it throws, which rejects the review (<see cref="ConnectorItems.TryRead"/>).</summary>
    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string Cut(string s) => TextCut.Cut(s, MaxPayload, "…");
}
