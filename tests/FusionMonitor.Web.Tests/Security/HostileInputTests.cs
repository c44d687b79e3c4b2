using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CsCheck;
using FusionMonitor.Core.Text;
using FusionMonitor.Ingestion.Scoring;
using FusionMonitor.Storage;
using FusionMonitor.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests.Security;

/// <summary>The app on the embedded SQLite store, for suites that run on both databases.</summary>
public sealed class SqliteApp : FusionApp
{
    protected override Task<string> CreateDatabaseAsync() => Task.FromResult("");

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Storage:SqlitePath"] = Path.Combine(Path.GetTempPath(), "fusion-tests", $"hostile-{Guid.NewGuid():N}.db"),
    };
}

/// <summary>
/// A generated corpus of hostile input — NULs, unpaired and split surrogates, bytes that are not UTF-8, control and
/// bidi characters, huge and malformed numbers and dates — against every write endpoint and query parameter, through
/// the public API, on each database. Invariants: never a 5xx; in a batch of mentions every good item is stored and
/// nothing of a rejected item is; afterwards <c>fusion recompute</c> (the same service the CLI verb runs) still works.
/// A bounded number of cases per run (CsCheck), so CI stays quick; a failure prints the shrunk case.
/// </summary>
public abstract class HostileInputTests<TApp>(TApp app) where TApp : FusionApp
{
    private const int Cases = 25;

    // ---- the corpus --------------------------------------------------------------------------------------------

    /// <summary>Pieces of text that break storage, cutting, parsing or display, each a few UTF-16 units.</summary>
    private static readonly Gen<string> Piece = Gen.OneOfConst(
        "\0", "a\0b", ((char)0xD800).ToString(), ((char)0xDFFF).ToString(), "x" + (char)0xDBFF, (char)0xDC00 + "y", // NUL, unpaired surrogates
        "😀", "👩‍👩‍👧", "🇫🇷", "e\u0301", "Z\u0351\u0352\u0353\u0354", // pairs, sequences, combining marks
        "\u202e", "\u2066rtl\u2069", "\u200b", "\ufeff", "\ufffe", "\uffff", // bidi, zero-width, BOM, noncharacters
        "\u0001", "\u0007", "\u001b[31m", "\u007f", "\u0085", "\r", "\n", "\t", // control characters
        "=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)", "<script>alert(1)</script>", "'; drop table mentions; --", "%00", "\\u0000",
        "Lumen", " ", "", "ok");

    private static readonly Gen<string> HostileText = Gen.OneOf(
        Piece.Array[1, 8].Select(string.Concat),
        Gen.Char.Array[1, 20].Select(cs => new string(cs)), // any UTF-16 units at all
        Gen.Int[3_990, 4_010].Select(n => new string('a', n) + "😀😀"), // a pair straddling the quarantine's cut
        Gen.Int[39_990, 40_010].Select(n => new string('b', n) + "😀")); // a pair straddling the text limit

    /// <summary>Raw JSON number tokens (and impostors) for counts and ids.</summary>
    private static readonly Gen<string> HostileNumber = Gen.OneOfConst(
        "0", "7", "-1", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "99999999999999999999999", "1e308", "1.5", "-0",
        "100000000000", "100000000001", "\"12\"", "null", "true", "[]", "{}");

    /// <summary>Dates as JSON (and query) text: year 1, year 9999, beyond DateTimeOffset, impossible days, Unix times, garbage.</summary>
    private static readonly Gen<string> HostileDate = Gen.OneOfConst(
        "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "+275760-09-13T00:00:00Z", "-000001-01-01T00:00:00Z", "2026-02-30T00:00:00Z", "1969-12-31T23:59:59Z",
        "1999-12-31T23:59:59Z", "2026-13-01T00:00:00Z", "0", "-1", "99999999999", "253402300800", "now", "", "2026-11-25T12:00:00+14:00", "2026-11-25T25:61:00Z");

    private sealed record Field(string Name, string Json);

    /// <summary>One hostile mention field: a text field with hostile text, a count with a hostile number, or createdAt with a hostile date.</summary>
    private static readonly Gen<Field> HostileField = Gen.OneOf(
        Gen.Select(Gen.OneOfConst("source", "externalIdSuffix", "text", "url", "lang", "author.handle", "author.name"), HostileText, (f, t) => new Field(f, JsonString(t))),
        Gen.Select(Gen.OneOfConst("author.followers", "engagement.likes", "engagement.reposts", "engagement.replies", "rating"), HostileNumber, (f, n) => new Field(f, n)),
        HostileDate.Select(d => new Field("createdAt", JsonString(d))));

    /// <summary>A batch: good items and hostile ones interleaved; some batches also carry a byte that is not UTF-8.</summary>
    private static readonly Gen<(Field[][] Items, bool BadBytes)> Batch = Gen.Select(
        Gen.OneOf(Gen.Const(Array.Empty<Field>()), HostileField.Array[1, 3]).Array[3, 8], Gen.Int[0, 9].Select(i => i == 0));

    // ---- the tests ----------------------------------------------------------------------------------------------

    [Fact]
    public async Task Hostile_mention_batches_never_give_a_5xx_keep_every_good_item_and_store_nothing_of_a_rejected_one()
    {
        var c = app.Client();
        var brand = Unique("Lumen");
        await c.BrandAsync(brand);
        var batchNo = 0;
        await Batch.SampleAsync(async batch =>
        {
            var n = Interlocked.Increment(ref batchNo);
            var ids = batch.Items.Select((_, i) => $"h{n}-{i}").ToArray();
            var json = "[" + string.Join(",", batch.Items.Select((fields, i) => MentionJson(ids[i], brand, fields))) + "]";
            var bytes = Encoding.UTF8.GetBytes(json);
            if (batch.BadBytes) bytes = [.. bytes[..^2], 0xFF, .. bytes[^2..]];
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new("application/json");

            var r = await c.PostAsync("/api/mentions", content);

            Assert.True((int)r.StatusCode < 500, $"{(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
            if (batch.BadBytes)
            {
                Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
                return;
            }
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            var answer = await r.Content.ReadFromJsonAsync<JsonElement>();
            var rejected = answer.GetProperty("rejected").EnumerateArray().Select(x => x.GetProperty("index").GetInt32()).ToHashSet();
            Assert.Equal(batch.Items.Length, answer.GetProperty("accepted").GetInt32() + answer.GetProperty("duplicates").GetInt32() + rejected.Count);
            for (var i = 0; i < batch.Items.Length; i++)
            {
                if (batch.Items[i].Length == 0) Assert.DoesNotContain(i, rejected); // a good item is never rejected
                var (source, externalId) = KeyOf(ids[i], batch.Items[i]);
                if (!StoredText.IsStorable(source) || !StoredText.IsStorable(externalId))
                {
                    Assert.Contains(i, rejected); // a key the store cannot hold was refused, and cannot be looked up
                    continue;
                }
                Assert.Equal(!rejected.Contains(i), await StoredAsync(source, externalId));
            }
        }, iter: Cases, threads: 1);

        // Nothing accepted breaks a full recompute of every score (what `fusion recompute` runs).
        var (mentions, _) = await app.Services.GetRequiredService<ScoreRecompute>().RunAsync();
        Assert.True(mentions > 0);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/api/pairs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/api/mentions?format=csv")).StatusCode);
    }

    [Fact]
    public async Task Hostile_entity_key_source_and_sentiment_bodies_never_give_a_5xx()
    {
        var c = app.Client();
        var bodies = Gen.Select(HostileText, HostileText, HostileNumber, (a, b, num) => new[]
        {
            ("/api/brands", $$"""{"name":{{JsonString(a + Guid.NewGuid().ToString("N")[..4])}},"aliases":[{{JsonString(b)}}],"keywords":[{{JsonString(a)}}]}"""),
            ("/api/influencers", $$"""{"name":{{JsonString(b + Guid.NewGuid().ToString("N")[..4])}},"handles":{{{JsonString(a)}}:{{JsonString(b)}}},"aliases":[{{JsonString(a)}}]}"""),
            ("/api/pairs", $$"""{"brandId":{{num}},"influencerId":{{num}}}"""),
            ("/api/sentiment", $$"""{"texts":[{{JsonString(a)}},{{JsonString(b)}}]}"""),
            ("/api/keys", $$"""{"name":{{JsonString(a)}},"role":{{JsonString(b)}},"brandIds":[{{num}}]}"""),
            ("/api/sources", $$"""{"kind":"rss","name":{{JsonString(a + Guid.NewGuid().ToString("N")[..4])}},"settings":{"url":{{JsonString("https://feeds.example/" + b)}}},"intervalSeconds":{{num}}}"""),
        });
        await bodies.SampleAsync(async posts =>
        {
            foreach (var (path, json) in posts)
            {
                var r = await c.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
                Assert.True((int)r.StatusCode is 200 or 201 or 400 or 409, $"{path} {json}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
                if (r.StatusCode == HttpStatusCode.BadRequest) Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
            }
        }, iter: Cases, threads: 1);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/api/brands")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/api/influencers")).StatusCode);
    }

    [Fact]
    public async Task Hostile_actions_on_alerts_sources_mentions_and_keys_never_give_a_5xx()
    {
        var c = app.Client();
        var segment = Gen.OneOf(HostileNumber.Where(n => !n.Contains('"')), Gen.OneOfConst("abc", "%FF%FE", "%ED%A0%80", "1.0", "-0", "%20"));
        var actions = Gen.Select(segment, HostileDate, HostileDate, Gen.Select(HostileText, HostileNumber, (t, n) => (t, n)), (p, from, to, tn) => new (HttpMethod, string, string?)[]
        {
            (HttpMethod.Post, $"/api/alerts/{p}/ack", null),
            (HttpMethod.Post, $"/api/alerts/{p}/resolve", null),
            (HttpMethod.Post, $"/api/sources/{p}/fetch", null),
            (HttpMethod.Delete, $"/api/keys/{p}", null),
            (HttpMethod.Patch, $"/api/mentions/{p}/sentiment", $$"""{"label":{{JsonString(tn.t)}}}"""),
            (HttpMethod.Post, "/api/alerts/backtest", $$"""{"from":{{JsonString(from)}},"to":{{JsonString(to)}},"brandId":{{tn.n}}}"""),
            (HttpMethod.Post, "/api/alerts/backtest", """{"from":"2026-11-01T00:00:00Z","to":"2026-11-02T00:00:00Z","rules":{"spikeFactor":""" + tn.n + ""","minNegativeMentions":""" + tn.n
                + ""","spikeWindow":""" + JsonString(from) + ""","sensitivity":""" + JsonString(tn.t) + "}}"),
        });
        await actions.SampleAsync(async list =>
        {
            foreach (var (method, url, json) in list)
            {
                using var request = new HttpRequestMessage(method, url);
                if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
                var r = await c.SendAsync(request);
                Assert.True((int)r.StatusCode is 200 or 202 or 204 or 400 or 404 or 405 or 409, $"{method} {url} {json}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
            }
        }, iter: Cases, threads: 1);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/api/alerts")).StatusCode);
    }

    [Fact]
    public async Task Hostile_edits_and_deletes_of_the_administration_never_give_a_5xx()
    {
        var c = app.Client();
        var brandId = await c.BrandAsync(Unique("Editico"));
        var influencerId = await c.InfluencerAsync(Unique("Edi"), "edi" + Guid.NewGuid().ToString("N")[..6]);
        var created = await c.PostAsJsonAsync("/api/sources", new { kind = "rss", name = Unique("edit feed"), settings = new { url = "https://feeds.example/edit" }, intervalSeconds = 600 });
        var sourceId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        // Ids that belong to nobody (a small valid number could be another test's brand, in this shared app).
        var nobody = Gen.OneOfConst("9223372036854775807", "9223372036854775808", "-1", "0", "abc", "1e3", "%FF%FE", "%ED%A0%80");
        var edits = Gen.Select(HostileText, HostileText, HostileNumber, nobody, (a, b, num, id) => new (HttpMethod, string, string?)[]
        {
            (HttpMethod.Put, $"/api/brands/{brandId}", $$"""{"name":{{JsonString(a + Guid.NewGuid().ToString("N")[..4])}},"aliases":[{{JsonString(b)}}],"keywords":[{{JsonString(a)}}],"excludes":[{{JsonString(b)}}]}"""),
            (HttpMethod.Put, $"/api/influencers/{influencerId}", $$"""{"name":{{JsonString(b + Guid.NewGuid().ToString("N")[..4])}},"handles":{{{JsonString(a)}}:{{JsonString(b)}}},"aliases":[{{JsonString(a)}}]}"""),
            (HttpMethod.Put, $"/api/sources/{sourceId}", $$"""{"name":{{JsonString(a + Guid.NewGuid().ToString("N")[..4])}},"settings":{"url":{{JsonString("https://feeds.example/" + b)}}},"intervalSeconds":{{num}},"enabled":{{num}}}"""),
            (HttpMethod.Put, $"/api/brands/{id}", $$"""{"name":{{JsonString(a)}}}"""),
            (HttpMethod.Put, $"/api/brands/{brandId}/alert-rules", $$"""{"dropPoints":{{num}},"dropWindow":{{JsonString(a)}},{{JsonString(b)}}:{{num}}}"""),
            (HttpMethod.Put, $"/api/brands/{brandId}/alert-rules", $$"""{"sensitivity":{{JsonString(b)}},"dropPoints":{{num}},"dropPoints":1}"""),
            (HttpMethod.Put, $"/api/brands/{id}/alert-rules", """{"dropPoints":5}"""),
            (HttpMethod.Delete, $"/api/brands/{id}", null),
            (HttpMethod.Delete, $"/api/influencers/{id}", null),
            (HttpMethod.Delete, $"/api/pairs/{id}", null),
            (HttpMethod.Delete, $"/api/sources/{id}", null),
            (HttpMethod.Delete, $"/api/users/{id}", null),
        });
        await edits.SampleAsync(async list =>
        {
            foreach (var (method, url, json) in list)
            {
                using var request = new HttpRequestMessage(method, url);
                if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
                var r = await c.SendAsync(request);
                Assert.True((int)r.StatusCode is 200 or 204 or 400 or 404 or 405 or 409, $"{method} {url} {json}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
                if (r.StatusCode == HttpStatusCode.BadRequest && json is not null) Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
            }
        }, iter: Cases, threads: 1);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync($"/api/brands/{brandId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await c.DeleteAsync($"/api/sources/{sourceId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await c.DeleteAsync($"/api/brands/{brandId}")).StatusCode);
    }

    [Fact]
    public async Task Hostile_query_parameters_never_give_a_5xx()
    {
        var c = app.Client();
        var brandId = await c.BrandAsync(Unique("Querico"));
        var pairId = await c.PairAsync(brandId, await c.InfluencerAsync(Unique("Qui"), "qui" + Guid.NewGuid().ToString("N")[..6]));
        var value = Gen.OneOf(
            Piece.Array[1, 6].Select(string.Concat).Select(PercentEncode),
            HostileDate.Select(PercentEncode),
            HostileNumber.Select(PercentEncode),
            // Percent-encoded bytes that are not UTF-8, an encoded surrogate (WTF-8), a NUL, broken escapes.
            Gen.OneOfConst("%FF%FE", "%C3%28", "%ED%A0%80", "%00", "%", "%%", "%u0000", "1%00", "hour%00", "csv"));
        // In a path a NUL cannot even be sent through the in-memory test server (Kestrel answers such a request 400
        // before the app sees it): path segments get the rest of the corpus.
        var segment = value.Where(v => !v.Contains("%00", StringComparison.Ordinal) && !v.Contains('\0'));
        var urls = Gen.Select(value, value, value, segment, (a, b, x, p) => new[]
        {
            $"/api/mentions?brandId={a}&from={b}&to={x}&limit={a}",
            $"/api/mentions?influencerId={b}&label={x}&cursor={a}&format={b}",
            $"/api/mentions?q={a}&format=csv&to={b}",
            $"/api/pairs/{pairId}/scores?from={a}&to={b}&bucket={x}",
            $"/api/pairs/{pairId}/scores?to={a}&format=csv",
            $"/api/brands/{brandId}/series?from={b}&to={x}&bucket={a}",
            $"/api/brands/{brandId}/voices?from={a}&to={b}&limit={x}",
            $"/api/brands/{brandId}/aspects?from={x}&to={a}",
            $"/api/goals?brandId={a}",
            $"/api/goals/{p}",
            $"/api/pairs/{p}",
            $"/api/sources/{p}/runs",
        });
        await urls.SampleAsync(async list =>
        {
            foreach (var url in list)
            {
                var r = await c.GetAsync(url);
                Assert.True((int)r.StatusCode is 200 or 400 or 403 or 404, $"{url}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
            }
        }, iter: Cases, threads: 1);
    }

    [Theory]
    [InlineData("/api/pairs/{pair}/scores?to=0001-01-01T00:00:00Z")]
    [InlineData("/api/pairs/{pair}/scores?from=0001-01-01T00:00:00Z&to=0001-01-02T00:00:00Z")]
    [InlineData("/api/pairs/{pair}/scores?to=9999-12-31T23:59:59Z")]
    [InlineData("/api/brands/{brand}/series?to=0001-01-01T00:00:00Z")]
    [InlineData("/api/brands/{brand}/series?from=0001-01-01T00:00:00Z&bucket=week")]
    [InlineData("/api/mentions?from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59Z")]
    [InlineData("/api/brands/{brand}/voices?from=0001-01-01T00:00:00Z")]
    [InlineData("/api/brands/{brand}/aspects?to=9999-12-31T23:59:59Z")]
    public async Task An_absurd_query_date_is_a_400_naming_it(string url)
    {
        var c = app.Client();
        var brandId = await c.BrandAsync(Unique("Datico"));
        var pairId = await c.PairAsync(brandId, await c.InfluencerAsync(Unique("Dee"), "dee" + Guid.NewGuid().ToString("N")[..6]));

        var r = await c.GetAsync(url.Replace("{pair}", pairId.ToString(CultureInfo.InvariantCulture)).Replace("{brand}", brandId.ToString(CultureInfo.InvariantCulture)));

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("must be between 1970-01-01", await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Csv_answers_write_formula_like_text_as_text_and_timestamps_as_iso_utc()
    {
        var c = app.Client();
        var brand = Unique("Csvco");
        var brandId = await c.BrandAsync(brand);
        var texts = new[] { "=HYPERLINK(\"http://x\")", "+1 555", "-2 points", "@SUM(A1)", "\tindented", "\rreturn", "plain", "awful, terrible, I hate it" };
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);
        (await c.PostAsJsonAsync("/api/mentions", texts.Select((t, i) => Mention(Guid.NewGuid().ToString(), t + " " + brand, at.AddSeconds(i), handle: i == 0 ? "=evil" : "fan")).ToList()))
            .EnsureSuccessStatusCode();

        var csv = await c.GetStringAsync($"/api/mentions?brandId={brandId}&format=csv");
        using var reader = new CsvHelper.CsvReader(new StringReader(csv), CultureInfo.InvariantCulture);
        var rows = reader.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();

        Assert.Equal(texts.Length, rows.Count);
        foreach (var t in texts.Where(t => CsvFormula(t)))
            Assert.Contains(rows, row => (string)row["Text"] == "'" + t + " " + brand);
        Assert.Contains(rows, row => (string)row["Text"] == "plain " + brand);
        Assert.Contains(rows, row => (string)row["AuthorHandle"] == "'=evil");
        Assert.All(rows, row => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$", (string)row["CreatedAt"]));
        Assert.Contains(rows, row => ((string)row["Polarity"]).StartsWith('-')); // a number stays a number, sign and all
    }

    /// <summary>Percent-encodes every byte outside the unreserved set (an unpaired surrogate becomes U+FFFD: UTF-8 cannot carry it).</summary>
    private static string PercentEncode(string s) =>
        string.Concat(Encoding.UTF8.GetBytes(s).Select(b => b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~'
            ? ((char)b).ToString() : "%" + b.ToString("X2", CultureInfo.InvariantCulture)));

    private static bool CsvFormula(string s) => s.Length > 0 && s[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    // ---- helpers ------------------------------------------------------------------------------------------------

    private async Task<bool> StoredAsync(string source, string externalId)
    {
        var db = app.Services.GetRequiredService<FusionDatabase>();
        await using var conn = await db.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = db.Kind == DatabaseKind.Postgres
            ? "select count(*) from mentions where source = @s and external_id = @e"
            : "select count(*) from mentions where source = $s and external_id = $e";
        var s = cmd.CreateParameter();
        s.ParameterName = db.Kind == DatabaseKind.Postgres ? "s" : "$s";
        s.Value = source;
        cmd.Parameters.Add(s);
        var e = cmd.CreateParameter();
        e.ParameterName = db.Kind == DatabaseKind.Postgres ? "e" : "$e";
        e.Value = externalId;
        cmd.Parameters.Add(e);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>The key the item was sent with, as the server reads it (trimmed, like the API trims it).</summary>
    private static (string Source, string ExternalId) KeyOf(string id, Field[] fields)
    {
        var source = fields.LastOrDefault(f => f.Name == "source") is { } s ? Unjson(s.Json) : "hostile";
        var externalId = id + (fields.LastOrDefault(f => f.Name == "externalIdSuffix") is { } x ? Unjson(x.Json) : "");
        return (source.Trim(), externalId.Trim());
    }

    /// <summary>
    /// A mention as JSON, good in every field unless <paramref name="fields"/> replaces one. Strings are written by
    /// hand so an unpaired surrogate goes over the wire as the escape <c>\ud800</c> (a serializer would "repair" it).
    /// </summary>
    private static string MentionJson(string id, string brand, Field[] fields)
    {
        var values = new Dictionary<string, string>
        {
            ["source"] = "\"hostile\"",
            ["externalIdSuffix"] = "\"\"",
            ["text"] = JsonString($"{brand} is lovely today"),
            ["createdAt"] = JsonString(DateTimeOffset.UtcNow.AddMinutes(-30).ToString("O", CultureInfo.InvariantCulture)),
            ["url"] = JsonString("https://example.org/" + id),
            ["lang"] = "\"en\"",
            ["author.handle"] = "\"fan\"",
            ["author.name"] = "\"Fan\"",
            ["author.followers"] = "120",
            ["engagement.likes"] = "3",
            ["engagement.reposts"] = "1",
            ["engagement.replies"] = "0",
            ["rating"] = "null",
        };
        foreach (var f in fields) values[f.Name] = f.Json;
        var externalId = "\"" + id + values["externalIdSuffix"][1..];
        return "{\"source\":" + values["source"] + ",\"externalId\":" + externalId + ",\"text\":" + values["text"] + ",\"createdAt\":" + values["createdAt"]
               + ",\"url\":" + values["url"] + ",\"lang\":" + values["lang"]
               + ",\"author\":{\"handle\":" + values["author.handle"] + ",\"name\":" + values["author.name"] + ",\"followers\":" + values["author.followers"] + "}"
               + ",\"engagement\":{\"likes\":" + values["engagement.likes"] + ",\"reposts\":" + values["engagement.reposts"] + ",\"replies\":" + values["engagement.replies"] + "}"
               + ",\"rating\":" + values["rating"] + "}";
    }

    /// <summary>A JSON string literal escaping every control character, quote, backslash and surrogate as <c>\uXXXX</c>.</summary>
    private static string JsonString(string s)
    {
        var b = new StringBuilder(s.Length + 2).Append('"');
        foreach (var ch in s)
        {
            if (ch < 0x20 || ch == '"' || ch == '\\' || char.IsSurrogate(ch) || ch == 0x7f) b.Append("\\u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture));
            else b.Append(ch);
        }
        return b.Append('"').ToString();
    }

    private static string Unjson(string json)
    {
        var inner = json[1..^1];
        var b = new StringBuilder(inner.Length);
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '\\' && i + 5 < inner.Length + 0 && inner[i + 1] == 'u')
            {
                b.Append((char)int.Parse(inner.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 5;
            }
            else b.Append(inner[i]);
        }
        return b.ToString();
    }
}

public sealed class HostileInputOnPostgres(FusionApp app) : HostileInputTests<FusionApp>(app), IClassFixture<FusionApp>;

public sealed class HostileInputOnSqlite(SqliteApp app) : HostileInputTests<SqliteApp>(app), IClassFixture<SqliteApp>;
