using System.Text;
using FusionMonitor.Ingestion.Connectors.Rss;
using Xunit.Abstractions;

namespace FusionMonitor.Ingestion.Tests.Connectors.FeedCorpus;

public sealed class FeedCorpusTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_expectation_of_the_fixture_corpus_is_met()
    {
        var score = FeedCorpusRunner.Score(FeedCorpusRunner.Ours);

        output.WriteLine(score.ToString());
        foreach (var failure in score.Failures) output.WriteLine(failure);
        Assert.True(score.Total > 250, $"the corpus shrank to {score.Total} expectations");
        Assert.Empty(score.Failures);
    }

    [Fact]
    public async Task Fixtures_served_over_http_are_read_by_the_connector_with_the_http_charset()
    {
        var dir = FeedCorpusRunner.FindDirectory();
        await using var server = await FakeSourceServer.StartAsync((ctx, seen) =>
        {
            var (file, type) = seen.PathAndQuery.Trim('/') switch
            {
                "cp1251" => ("http-charset-wins.xml", "text/xml; charset=windows-1251"),
                "koi8" => ("koi8r-undeclared.xml", "application/xml"),
                _ => ("utf32le-bom.xml", "application/xml"),
            };
            return FakeSourceServer.WriteBytes(ctx, File.ReadAllBytes(Path.Combine(dir, file)), type);
        });
        using var harness = new ConnectorHarness();

        async Task<string> Title(string path) =>
            (await harness.Get("rss").FetchAsync(ConnectorHarness.Source("rss", new { url = server.Url(path).ToString() }), default)).Mentions.Single().Text;

        Assert.StartsWith("Новости о бренде Люмен", await Title("cp1251"));
        Assert.StartsWith("Новости о бренде Люмен", await Title("koi8"));
        Assert.Equal("UTF-32 · ünïcödé ✓ 😀", await Title("utf32"));
    }

    [Fact]
    public void A_control_character_in_one_title_neither_throws_nor_costs_the_other_items()
    {
        var xml = "<rss><channel><item><title>bad\u0008 &#8; &#26; one</title><guid>1</guid></item><item><title>good</title><guid>2</guid></item></channel></rss>";

        var feed = FeedParser.Parse(xml, "rss:1", new Uri("https://x.example/"), DateTimeOffset.UnixEpoch);

        Assert.Equal(["bad one", "good"], feed.Mentions.Select(m => m.Text));
        Assert.Empty(feed.Rejected);
    }

    [Fact]
    public void An_item_whose_dates_cannot_be_read_is_quarantined_with_the_date_in_the_reason()
    {
        var xml = "<rss><channel><item><title>t</title><guid>1</guid><pubDate>the day after tomorrow</pubDate></item></channel></rss>";

        var feed = FeedParser.Parse(xml, "rss:1", new Uri("https://x.example/"), DateTimeOffset.UnixEpoch);

        Assert.Empty(feed.Mentions);
        var rejected = Assert.Single(feed.Rejected);
        Assert.Equal("unreadable date 'the day after tomorrow'", rejected.Reason);
        Assert.Contains("<guid>1</guid>", rejected.Payload);
    }

    [Fact]
    public void Decoding_follows_rfc_3023_http_charset_then_bom_then_declaration_then_detection()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var greek = "Καλημέρα κόσμε, αυτό είναι ένα μήνυμα για το κατάστημα";
        var declaredLatin = Encoding.GetEncoding("iso-8859-7").GetBytes($"<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><rss><channel><item><title>{greek}</title></item></channel></rss>");

        Assert.Contains(greek, FeedDecoding.Decode(declaredLatin, "iso-8859-7")); // HTTP beats the declaration
        Assert.Contains("\u00ca\u00e1", FeedDecoding.Decode(declaredLatin, null)); // without HTTP the declaration rules (and is wrong here)
        var bom = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss>é</rss>")).ToArray();
        Assert.EndsWith("<rss>é</rss>", FeedDecoding.Decode(bom, null)); // the BOM beats the declaration
        Assert.DoesNotContain('\uFEFF', FeedDecoding.Decode(bom, "utf-8"));
    }
}
