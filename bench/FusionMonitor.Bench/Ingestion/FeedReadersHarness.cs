using System.Diagnostics;
using System.ServiceModel.Syndication;
using System.Xml;
using CodeHollow.FeedReader;
using FusionMonitor.Core.Text;
using FusionMonitor.Ingestion.Connectors.Rss;
using FusionMonitor.Ingestion.Tests.Connectors.FeedCorpus;

namespace FusionMonitor.Bench.Ingestion;

/// <summary>
/// Feed readers scored on the fixture corpus (tests/FusionMonitor.Ingestion.Tests/Connectors/FeedCorpus): our reader
/// against CodeHollow.FeedReader and System.ServiceModel.Syndication. Every reader gets the same start — the body
/// decoded by <see cref="FeedDecoding.Decode"/> (RFC 3023 order with Ude's detection) — and the same end: HTML
/// flattened by <see cref="TextNormalizer"/>, title and body joined as the connector joins them, an author's address
/// as handle. "+repair" variants also get our entity repair first, to see how much of a library's loss is only that.
/// Prints expectations met per kind, and the time per pass over the corpus. Options: <c>-- feeds [--failures]</c>.
/// </summary>
public sealed class FeedReadersHarness : IBenchHarness
{
    public string Name => "feeds";

    public string Description => "Feed readers on the fixture corpus: expectations met per kind (texts, dates, authors, links, ids, quarantine)";

    public Task RunAsync(string[] args, CancellationToken ct)
    {
        var showFailures = args.Contains("--failures");
        Console.WriteLine(Machine.Describe());
        var readers = new (string Name, CorpusReader Read)[]
        {
            ("FusionMonitor FeedParser", FeedCorpusRunner.Ours),
            ("CodeHollow.FeedReader 2.1.1", (b, c, u, f) => CodeHollowReader(FeedDecoding.Decode(b, c))),
            ("CodeHollow.FeedReader +repair", (b, c, u, f) => CodeHollowReader(FeedDecoding.RepairXml(FeedDecoding.Decode(b, c)))),
            ("System.ServiceModel.Syndication 10", (b, c, u, f) => SyndicationReader(FeedDecoding.Decode(b, c))),
            ("System.ServiceModel.Syndication +repair", (b, c, u, f) => SyndicationReader(FeedDecoding.RepairXml(FeedDecoding.Decode(b, c)))),
        };
        foreach (var (name, read) in readers)
        {
            var score = FeedCorpusRunner.Score(read);
            var watch = Stopwatch.StartNew();
            const int passes = 20;
            for (var i = 0; i < passes; i++) FeedCorpusRunner.Score(read);
            Console.WriteLine($"{name,-42} {score}  ({watch.Elapsed.TotalMilliseconds / passes:0.0} ms per corpus pass)");
            if (showFailures) foreach (var f in score.Failures) Console.WriteLine("    " + f);
        }
        return Task.CompletedTask;
    }

    private static CorpusReadFeed CodeHollowReader(string text)
    {
        var feed = FeedReader.ReadFromString(text);
        return new CorpusReadFeed(feed.Items.Select(i => new CorpusReadItem(
            i.Id, i.Link, i.PublishingDate is { } d ? new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)) : null,
            i.Author, null, Join(Flat(i.Title), Flat(i.Content ?? i.Description)))).ToList(), []);
    }

    private static CorpusReadFeed SyndicationReader(string text)
    {
        using var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        var feed = SyndicationFeed.Load(reader);
        return new CorpusReadFeed(feed.Items.Select(i =>
        {
            var author = i.Authors.FirstOrDefault() ?? feed.Authors.FirstOrDefault();
            var body = (i.Content as TextSyndicationContent)?.Text ?? i.Summary?.Text;
            var link = i.Links.FirstOrDefault(l => l.RelationshipType is null or "alternate")?.GetAbsoluteUri()?.ToString();
            var date = i.PublishDate != default ? i.PublishDate : i.LastUpdatedTime != default ? i.LastUpdatedTime : (DateTimeOffset?)null;
            return new CorpusReadItem(i.Id, link, date?.ToUniversalTime(), author?.Email ?? author?.Name, author?.Email is null ? null : author.Name,
                Join(Flat(i.Title?.Text), Flat(body)));
        }).ToList(), []);
    }

    private static string? Flat(string? html) => string.IsNullOrWhiteSpace(html) ? null : TextNormalizer.HtmlToText(html);

    private static string Join(string? title, string? body) =>
        body is null ? title ?? "" : title is null || body.StartsWith(title, StringComparison.OrdinalIgnoreCase) ? body : title + "\n\n" + body;
}
