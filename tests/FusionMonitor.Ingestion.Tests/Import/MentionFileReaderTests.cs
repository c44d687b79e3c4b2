using System.Text;
using System.Text.Json;
using FusionMonitor.Ingestion.Import;

namespace FusionMonitor.Ingestion.Tests.Import;

public sealed class MentionFileReaderTests
{
    private static async Task<List<ImportRecord>> Read(string content, string? fileName)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        var records = new List<ImportRecord>();
        await foreach (var r in MentionFileReader.ReadAsync(stream, fileName)) records.Add(r);
        return records;
    }

    private const string JsonLines = """
        {"source":"push","externalId":"a1","text":"Love Lumen Knits","createdAt":"2025-03-14T10:00:00Z","url":"https://x.example/a1","lang":"en","author":{"handle":"ann","name":"Ann","followers":120},"engagement":{"likes":3,"reposts":1}}
        {"source":"push","externalId":"a2","text":"no date","author":{"handle":"bob"}}

        not json at all
        {"source":"push","externalId":"a3","text":"bad followers","createdAt":"2025-03-14T10:00:00Z","author":{"handle":"cy","followers":"many"}}
        ["an", "array"]
        {"source":"push","externalId":"a4","text":"Ünïcødé 東京 ok","createdAt":"2025-03-14T12:00:00+02:00","author":{"handle":"dee"},"rating":4}
        """;

    [Theory]
    [InlineData("mentions.jsonl")]
    [InlineData("mentions.csv")]
    public async Task A_line_that_is_not_utf8_or_not_text_is_rejected_and_reading_goes_on(string fileName)
    {
        var csv = fileName.EndsWith(".csv", StringComparison.Ordinal);
        var lines = csv
            ? new[] { "source,externalId,text,createdAt,author.handle", "p,b1,caf__ bad bytes,2025-03-14T10:00:00Z,ann", "p,b2,fine,2025-03-14T10:00:00Z,bob" }
            : new[]
            {
                """{"source":"p","externalId":"b1","text":"caf__ bad bytes","createdAt":"2025-03-14T10:00:00Z","author":{"handle":"ann"}}""",
                """{"source":"p","externalId":"b2","text":"fine","createdAt":"2025-03-14T10:00:00Z","author":{"handle":"bob"}}""",
                """{"source":"p","externalId":"b3","text":"lone \ud800 surrogate","createdAt":"2025-03-14T10:00:00Z","author":{"handle":"cy"}}""",
            };
        var bytes = Encoding.UTF8.GetBytes(string.Join("\n", lines));
        var at = Array.IndexOf(bytes, (byte)'_');
        bytes[at] = 0xC3; // a lead byte without its continuation
        bytes[at + 1] = 0x28;
        using var stream = new MemoryStream(bytes);
        var records = new List<ImportRecord>();
        await foreach (var r in MentionFileReader.ReadAsync(stream, fileName)) records.Add(r);

        var bad = Assert.Single(records, r => r.Rejected?.Reason.Contains("not valid UTF-8") == true);
        Assert.Equal(csv ? 2 : 1, bad.Line);
        Assert.Contains(records, r => r.Mention?.ExternalId == "b2");
        if (!csv) Assert.Contains("not valid text", Assert.Single(records, r => r.Line == 3).Rejected!.Reason);
    }

    [Fact]
    public async Task Json_lines_yield_mentions_and_line_numbered_rejections()
    {
        var records = await Read(JsonLines, "mentions.jsonl");

        Assert.Equal([1, 2, 4, 5, 6, 7], records.Select(r => r.Line));
        var a1 = records[0].Mention!;
        Assert.Equal(("push", "a1", "Love Lumen Knits"), (a1.Source, a1.ExternalId, a1.Text));
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 10, 0, 0, TimeSpan.Zero), a1.CreatedAt);
        Assert.Equal(("ann", "Ann", 120L), (a1.Author.Handle, a1.Author.Name, a1.Author.Followers!.Value));
        Assert.Equal((3L, 1L, 0L), (a1.Engagement!.Likes, a1.Engagement.Reposts, a1.Engagement.Replies));
        Assert.Equal(("https://x.example/a1", "en"), (a1.Url, a1.Lang));
        Assert.Equal("missing createdAt", records[1].Rejected!.Reason);
        Assert.Equal(2, records[1].Rejected!.Index);
        Assert.StartsWith("not valid JSON", records[2].Rejected!.Reason);
        Assert.Equal("not json at all", records[2].Rejected!.Payload);
        Assert.Contains("author.followers", records[3].Rejected!.Reason);
        Assert.Contains("not an object", records[4].Rejected!.Reason);
        var a4 = records[5].Mention!;
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 10, 0, 0, TimeSpan.Zero), a4.CreatedAt);
        Assert.Equal(4, a4.Rating);
        Assert.Null(a4.Engagement);
    }

    private const string Csv = """"
        source,externalId,text,createdAt,url,lang,author.handle,author.name,author.followers,engagement.likes,engagement.reposts,engagement.replies,extra
        push,c1,"Nova Reyes wore Lumen Knits, ""iconic""",2025-03-14T10:00:00Z,,en,ann,Ann,120,5,,1,ignored
        push,c2,"multi
        line text",2025-03-14T10:00:00Z,,,bob,,,,,,
        push,c3,bad number,2025-03-14T10:00:00Z,,,cy,,lots,,,,
        push,c4,no handle,2025-03-14T10:00:00Z,,,,,,,,,
        ,,,,,,,,,,,,
        push,c5,bad date,14/03/2025,,,dee,,,,,,
        push,c6,Café Olé ☕,1741946400,,,eve,,,,,,
        """";

    [Fact]
    public async Task Csv_with_dotted_nested_columns_yields_mentions_and_rejections()
    {
        var records = await Read(Csv, "mentions.csv");

        var ok = records.Where(r => r.Mention is not null).Select(r => r.Mention!).ToList();
        Assert.Equal(["c1", "c2", "c6"], ok.Select(m => m.ExternalId));
        Assert.Equal("Nova Reyes wore Lumen Knits, \"iconic\"", ok[0].Text);
        Assert.Equal(120, ok[0].Author.Followers);
        Assert.Equal((5L, 0L, 1L), (ok[0].Engagement!.Likes, ok[0].Engagement!.Reposts, ok[0].Engagement!.Replies));
        Assert.Null(ok[0].Url);
        Assert.Equal("multi\nline text", ok[1].Text.ReplaceLineEndings("\n"));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1741946400), ok[2].CreatedAt);
        Assert.Equal("Café Olé ☕", ok[2].Text);

        var rejected = records.Where(r => r.Rejected is not null).Select(r => r.Rejected!).ToList();
        Assert.Equal(3, rejected.Count);
        Assert.Contains("author.followers 'lots'", rejected[0].Reason);
        Assert.Equal("c3", rejected[0].ExternalId);
        Assert.Equal("missing author.handle", rejected[1].Reason);
        Assert.Contains("not an ISO-8601 timestamp", rejected[2].Reason);
        Assert.Equal(5, rejected[0].Index); // line 5: the header, c1, and c2's two physical lines come first
    }

    [Theory]
    [InlineData("mentions.jsonl")]
    [InlineData("mentions.csv")]
    public async Task The_authors_profile_fields_are_read_and_a_bad_one_rejects_its_line_with_a_reason(string fileName)
    {
        var content = fileName.EndsWith(".csv", StringComparison.Ordinal)
            ? """
              source,externalId,text,createdAt,author.handle,author.followers,author.following,author.posts,author.createdAt
              p,d1,fine,2025-03-14T10:00:00Z,ann,0,3000,40,2025-03-13T10:00:00Z
              p,d2,no profile,2025-03-14T10:00:00Z,bob,,,,
              p,d3,bad date,2025-03-14T10:00:00Z,cy,,,,yesterday
              p,d4,bad count,2025-03-14T10:00:00Z,dee,,many,,
              """
            : """
              {"source":"p","externalId":"d1","text":"fine","createdAt":"2025-03-14T10:00:00Z","author":{"handle":"ann","followers":0,"following":3000,"posts":40,"createdAt":"2025-03-13T10:00:00Z"}}
              {"source":"p","externalId":"d2","text":"no profile","createdAt":"2025-03-14T10:00:00Z","author":{"handle":"bob"}}
              {"source":"p","externalId":"d3","text":"bad date","createdAt":"2025-03-14T10:00:00Z","author":{"handle":"cy","createdAt":"yesterday"}}
              {"source":"p","externalId":"d4","text":"bad count","createdAt":"2025-03-14T10:00:00Z","author":{"handle":"dee","following":"many"}}
              """;
        var records = await Read(content, fileName);

        var d1 = records.Single(r => r.Mention?.ExternalId == "d1").Mention!.Author;
        Assert.Equal((0L, 3000L, 40L), (d1.Followers!.Value, d1.Following!.Value, d1.Posts!.Value));
        Assert.Equal(new DateTimeOffset(2025, 3, 13, 10, 0, 0, TimeSpan.Zero), d1.CreatedAt);
        var d2 = records.Single(r => r.Mention?.ExternalId == "d2").Mention!.Author;
        Assert.Equal((null, null, null), (d2.Following, d2.Posts, d2.CreatedAt));
        var rejected = records.Where(r => r.Rejected is not null).Select(r => r.Rejected!.Reason).ToList();
        Assert.Equal(2, rejected.Count);
        Assert.Contains("author.createdAt 'yesterday' is not an ISO-8601 timestamp", rejected[0]);
        Assert.Contains("author.following", rejected[1]);
    }

    [Fact]
    public async Task A_csv_without_the_required_columns_says_which_are_missing()
    {
        var records = await Read("id,body\n1,hello\n", "x.csv");

        var only = Assert.Single(records);
        Assert.Contains("source", only.Rejected!.Reason);
        Assert.Contains("author.handle", only.Rejected.Reason);
    }

    [Theory]
    [InlineData("data.txt", true)]
    [InlineData(null, true)]
    [InlineData("data.ndjson", true)]
    public async Task The_format_is_sniffed_when_the_extension_does_not_say(string? fileName, bool _)
    {
        var jsonl = await Read("\n  " + JsonLines, fileName);
        var csv = await Read(Csv, fileName == "data.ndjson" ? "data.csv" : fileName);

        Assert.Equal(2, jsonl.Count(r => r.Mention is not null));
        Assert.Equal(3, csv.Count(r => r.Mention is not null));
    }

    [Fact]
    public async Task A_json_array_file_is_refused_with_a_hint()
    {
        var records = await Read("[{\"source\":\"s\"}]", "mentions.json");

        Assert.Contains("JSON Lines", Assert.Single(records).Rejected!.Reason);
    }

    [Fact]
    public void The_dto_round_trips_the_contract_shape_in_camel_case()
    {
        var dto = new MentionDto("push", "id1", "text", "2025-03-14T10:00:00Z", new AuthorDto("ann", null, 3), Engagement: new EngagementDto(Likes: 1));
        var json = JsonSerializer.Serialize(dto, MentionDto.JsonOptions);

        Assert.Contains("\"externalId\":\"id1\"", json);
        Assert.Contains("\"author\":{\"handle\":\"ann\"", json);
        Assert.Contains("\"createdAt\":\"2025-03-14T10:00:00Z\"", json);
        using var doc = JsonDocument.Parse(json);
        var mention = MentionDto.FromJson(doc.RootElement, out var reason);
        Assert.Null(reason);
        Assert.Equal("id1", mention!.ExternalId);
    }

    [Fact]
    public void A_batch_item_with_a_wrong_type_is_rejected_alone()
    {
        using var doc = JsonDocument.Parse("""[{"source":"s","externalId":"1","text":"t","createdAt":"2025-03-14T10:00:00Z","author":{"handle":"a"}},{"source":"s","externalId":2,"text":"t"}]""");
        var results = doc.RootElement.EnumerateArray().Select(e => (Mention: MentionDto.FromJson(e, out var why), Why: why)).ToList();

        Assert.NotNull(results[0].Mention);
        Assert.Null(results[1].Mention);
        Assert.Contains("externalId", results[1].Why);
    }
}
