using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using FusionMonitor.Ingestion.Connectors.Rss;

namespace FusionMonitor.Ingestion.Tests.Connectors.FeedCorpus;

/// <summary>One item as a feed reader under test read it.</summary>
public sealed record CorpusReadItem(string? Id, string? Url, DateTimeOffset? Date, string? Author, string? AuthorName, string Text);

/// <summary>What a reader made of one fixture: its items in document order, and how many it quarantined (with reasons).</summary>
public sealed record CorpusReadFeed(IReadOnlyList<CorpusReadItem> Items, IReadOnlyList<string> Rejected);

/// <summary>A feed reader under test: raw bytes, the HTTP charset, the feed URL and the fetch time in; items out.</summary>
public delegate CorpusReadFeed CorpusReader(byte[] body, string? httpCharset, Uri feedUrl, DateTimeOffset fetchedAt);

/// <summary>Met and total expectations of one kind (texts, dates, authors, links, ids, quarantine).</summary>
public sealed record CorpusTally(string Kind, int Met, int Total);

/// <summary>The outcome of a reader over the whole corpus: a tally per kind and every unmet expectation, said plainly.</summary>
public sealed record CorpusScore(IReadOnlyList<CorpusTally> Tallies, IReadOnlyList<string> Failures)
{
    public int Met => Tallies.Sum(t => t.Met);

    public int Total => Tallies.Sum(t => t.Total);

    public override string ToString() =>
        string.Join(", ", Tallies.Select(t => $"{t.Kind} {t.Met}/{t.Total}")) + $"; all {Met}/{Total}";
}

/// <summary>
/// The feed fixture corpus (this folder): quirky RSS / Atom / RDF files written for FusionMonitor from the feed specs
/// and from reading public feed-reader test suites, with <c>expectations.json</c> saying, per file, the HTTP content
/// type it is served with and what each item must read as. Expectations per item (all optional): <c>id</c>,
/// <c>url</c> (null: no URL), <c>date</c> (ISO 8601, or "fetch" for the fetch time), <c>author</c> (handle),
/// <c>authorName</c> (null: none), <c>text</c> (the whole text), <c>contains</c>, <c>excludes</c>; per file
/// <c>rejected</c> (how many items are quarantined) and <c>rejectedReasons</c> (each must start one reason).
/// Shared by the corpus test and bench/FusionMonitor.FeedCompare, which scores libraries on the same files.
/// </summary>
public static class FeedCorpusRunner
{
    public static readonly DateTimeOffset FetchedAt = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Uri DefaultFeedUrl = new("https://feeds.example/feed.xml");

    /// <summary>The connector's own path: bytes and HTTP charset to text (<see cref="FeedDecoding"/>), text to items (<see cref="FeedParser"/>).</summary>
    public static CorpusReadFeed Ours(byte[] body, string? httpCharset, Uri feedUrl, DateTimeOffset fetchedAt)
    {
        var feed = FeedParser.Parse(FeedDecoding.Decode(body, httpCharset), "rss:1", feedUrl, fetchedAt);
        return new CorpusReadFeed(
            feed.Mentions.Select(m => new CorpusReadItem(m.ExternalId, m.Url, m.CreatedAt, m.Author.Handle, m.Author.Name, m.Text)).ToList(),
            feed.Rejected.Select(r => r.Reason).ToList());
    }

    public static string FindDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "FusionMonitor.Ingestion.Tests", "Connectors", "FeedCorpus");
            if (File.Exists(Path.Combine(candidate, "expectations.json"))) return candidate;
        }
        throw new DirectoryNotFoundException("the feed corpus (tests/FusionMonitor.Ingestion.Tests/Connectors/FeedCorpus) was not found above " + AppContext.BaseDirectory);
    }

    public static CorpusScore Score(CorpusReader reader, string? directory = null)
    {
        directory ??= FindDirectory();
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "expectations.json")));
        var tallies = new Dictionary<string, (int Met, int Total)>();
        var failures = new List<string>();
        foreach (var feed in manifest.RootElement.EnumerateArray())
        {
            var file = feed.GetProperty("file").GetString()!;
            var contentType = feed.TryGetProperty("contentType", out var ct) ? ct.GetString() : null;
            var charset = contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out var mt) ? mt.CharSet : null;
            var url = feed.TryGetProperty("url", out var u) ? new Uri(u.GetString()!) : DefaultFeedUrl;
            CorpusReadFeed read;
            try
            {
                read = reader(File.ReadAllBytes(Path.Combine(directory, file)), charset, url, FetchedAt);
            }
            catch (Exception e)
            {
                read = new CorpusReadFeed([], []);
                failures.Add($"{file}: the reader threw {e.GetType().Name}: {e.Message}");
            }
            var expectedItems = feed.GetProperty("items").EnumerateArray().ToList();
            for (var i = 0; i < expectedItems.Count; i++)
                CheckItem($"{file}#{i}", expectedItems[i], Match(read.Items, expectedItems[i], i), Tally, failures);
            var rejected = feed.TryGetProperty("rejected", out var r) ? r.GetInt32() : 0;
            Tally("quarantine", read.Rejected.Count == rejected, $"{file}: {read.Rejected.Count} item(s) quarantined, expected {rejected}");
            if (feed.TryGetProperty("rejectedReasons", out var reasons))
            {
                var expected = reasons.EnumerateArray().Select(x => x.GetString()!).ToList();
                for (var k = 0; k < expected.Count; k++)
                    Tally("quarantine", k < read.Rejected.Count && read.Rejected[k].StartsWith(expected[k], StringComparison.OrdinalIgnoreCase),
                        $"{file}: quarantine reason {k} is '{(k < read.Rejected.Count ? read.Rejected[k] : "(none)")}', expected it to start '{expected[k]}'");
            }
        }
        return new CorpusScore(tallies.Select(t => new CorpusTally(t.Key, t.Value.Met, t.Value.Total)).ToList(), failures);

        void Tally(string kind, bool met, string failure)
        {
            var (m, t) = tallies.GetValueOrDefault(kind);
            tallies[kind] = (m + (met ? 1 : 0), t + 1);
            if (!met) failures.Add(failure);
        }
    }

    /// <summary>The read item an expectation is about: the one with the expected id, else the one at the same position.</summary>
    private static CorpusReadItem? Match(IReadOnlyList<CorpusReadItem> items, JsonElement expected, int position)
    {
        if (expected.TryGetProperty("id", out var id) && items.FirstOrDefault(x => x.Id == id.GetString()) is { } byId) return byId;
        return position < items.Count ? items[position] : null;
    }

    private static void CheckItem(string where, JsonElement e, CorpusReadItem? item, Action<string, bool, string> tally, List<string> failures)
    {
        foreach (var p in e.EnumerateObject())
        {
            var kind = p.Name switch
            {
                "id" => "ids",
                "url" => "links",
                "date" => "dates",
                "author" or "authorName" => "authors",
                _ => "texts",
            };
            if (item is null)
            {
                tally(kind, false, $"{where}: no such item ({p.Name} expected {p.Value})");
                continue;
            }
            switch (p.Name)
            {
                case "id": Same(item.Id, p.Value.GetString()); break;
                case "url": Same(item.Url, p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.GetString()); break;
                case "author": Same(item.Author, p.Value.GetString()); break;
                case "authorName": Same(item.AuthorName, p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.GetString()); break;
                case "text": Same(item.Text, p.Value.GetString()); break;
                case "date":
                    var want = p.Value.GetString() == "fetch" ? FetchedAt : DateTimeOffset.Parse(p.Value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
                    tally(kind, item.Date == want, $"{where}: date {item.Date?.ToString("O", CultureInfo.InvariantCulture) ?? "(none)"}, expected {want:O}");
                    break;
                case "contains":
                    foreach (var s in p.Value.EnumerateArray())
                        tally(kind, item.Text.Contains(s.GetString()!, StringComparison.Ordinal), $"{where}: text '{item.Text}' lacks '{s.GetString()}'");
                    break;
                case "excludes":
                    foreach (var s in p.Value.EnumerateArray())
                        tally(kind, !item.Text.Contains(s.GetString()!, StringComparison.Ordinal), $"{where}: text '{item.Text}' contains '{s.GetString()}'");
                    break;
                default:
                    failures.Add($"{where}: unknown expectation '{p.Name}'");
                    break;
            }

            void Same(string? actual, string? expected) =>
                tally(kind, actual == expected, $"{where}: {p.Name} '{actual ?? "(null)"}', expected '{expected ?? "(null)"}'");
        }
    }
}
