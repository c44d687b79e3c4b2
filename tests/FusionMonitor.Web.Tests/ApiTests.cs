using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Web.Tests.Infrastructure;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

public sealed class ApiTests(FusionApp app) : IClassFixture<FusionApp>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task Healthz_WhenReady_Answers200WithoutAKey()
    {
        var r = await app.Client(key: null).GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key")]
    public async Task Api_WithoutAValidKey_Answers401(string? key)
    {
        var r = await app.Client(key).GetAsync("/api/pairs");
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
    }

    [Fact]
    public async Task CreateBrand_InvalidBody_IsA400ProblemNamingTheField()
    {
        var r = await app.Client().PostAsJsonAsync("/api/brands", new { name = "", aliases = new[] { "x" } });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var problem = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task CreateBrand_MalformedJson_IsA400NotA500()
    {
        var r = await app.Client().PostAsync("/api/brands", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
    }

    [Fact]
    public async Task CreateBrand_SameNameTwice_Is409()
    {
        var c = app.Client();
        var name = Unique("Brand");
        await c.BrandAsync(name);
        var r = await c.PostAsJsonAsync("/api/brands", new { name });
        Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
    }

    [Fact]
    public async Task CreatePair_UnknownBrand_Is400()
    {
        var c = app.Client();
        var inf = await c.InfluencerAsync(Unique("Person"), "p" + Guid.NewGuid().ToString("N")[..6]);
        var r = await c.PostAsJsonAsync("/api/pairs", new { brandId = 987654, influencerId = inf });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
    }

    [Fact]
    public async Task PushMentions_AcceptsGoodRejectsBadAndIsIdempotent()
    {
        var c = app.Client();
        var brand = Unique("Acme");
        var brandId = await c.BrandAsync(brand);
        var batch = new object[]
        {
            Mention(Guid.NewGuid().ToString(), $"I really love {brand}, best purchase ever!", Now.AddMinutes(-5)),
            new { source = "test", text = "no id here", createdAt = Now, author = new { handle = "x" } },
            Mention(Guid.NewGuid().ToString(), $"{brand} support was terrible and rude", Now.AddMinutes(-4)),
            Mention(Guid.NewGuid().ToString(), new string('a', 40_001), Now),
            "not even an object",
        };
        var first = await (await c.PostAsJsonAsync("/api/mentions", batch)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, first.GetProperty("accepted").GetInt32());
        Assert.Equal(0, first.GetProperty("duplicates").GetInt32());
        var rejected = first.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal([1, 3, 4], rejected.Select(r => r.GetProperty("index").GetInt32()));
        Assert.All(rejected, r => Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("reason").GetString())));

        var again = await (await c.PostAsJsonAsync("/api/mentions", batch)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, again.GetProperty("accepted").GetInt32());
        Assert.Equal(2, again.GetProperty("duplicates").GetInt32());

        var list = await c.GetFromJsonAsync<JsonElement>($"/api/mentions?brandId={brandId}");
        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        var negative = items.Single(i => i.GetProperty("text").GetString()!.Contains("terrible"));
        Assert.Equal("negative", negative.GetProperty("sentiment").GetProperty("label").GetString());
        Assert.True(negative.GetProperty("sentiment").GetProperty("polarity").GetDouble() < 0);
        Assert.Equal([brandId], negative.GetProperty("brandIds").EnumerateArray().Select(b => b.GetInt64()));
    }

    [Fact]
    public async Task PushMentions_NotAnArray_IsA400()
    {
        var r = await app.Client().PostAsJsonAsync("/api/mentions", new { source = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
    }

    [Fact]
    public async Task ListMentions_BadQuery_IsA400NamingEachField()
    {
        var r = await app.Client().GetAsync("/api/mentions?brandId=abc&from=yesterday&limit=0&cursor=zzz");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var errors = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "brandId", "from", "limit", "cursor" }) Assert.True(errors.TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task Sentiment_ScoresEachText()
    {
        var r = await app.Client().PostAsJsonAsync("/api/sentiment", new { texts = new[] { "I love this so much!", "This is awful, I hate it." } });
        var results = (await r.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        Assert.Equal("positive", results[0].GetProperty("label").GetString());
        Assert.Equal("negative", results[1].GetProperty("label").GetString());
        var p = results[0];
        Assert.Equal(1.0, p.GetProperty("pNeg").GetDouble() + p.GetProperty("pNeu").GetDouble() + p.GetProperty("pPos").GetDouble(), 3);
    }

    [Fact]
    public async Task Sentiment_ReadsEachRequestedTargetFoundInTheText()
    {
        var r = await app.Client().PostAsJsonAsync("/api/sentiment", new
        {
            texts = new[] { "Honestly Roxy Vale was rude and awful to everyone there", "I love the Blue Door cafe, best brunch in town", "Nothing to see here" },
            targets = new[] { "Roxy Vale", "blue door", "Nobody" },
        });
        var results = (await r.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        var first = results[0].GetProperty("targets").EnumerateArray().Single();
        Assert.Equal("Roxy Vale", first.GetProperty("target").GetString());
        Assert.Equal("negative", first.GetProperty("label").GetString());
        Assert.True(first.GetProperty("polarity").GetDouble() < 0, first.ToString());
        var second = results[1].GetProperty("targets").EnumerateArray().Single();
        Assert.Equal("blue door", second.GetProperty("target").GetString());
        Assert.True(second.GetProperty("polarity").GetDouble() > 0, second.ToString());
        Assert.Empty(results[2].GetProperty("targets").EnumerateArray());
    }

    [Fact]
    public async Task Sentiment_RefusesBadTargetsWithProblemDetails()
    {
        var r = await app.Client().PostAsJsonAsync("/api/sentiment", new { texts = new[] { "fine" }, targets = new[] { " ", new string('x', 201) } });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var problem = await r.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("targets[0]", out _), problem.ToString());
        Assert.True(errors.TryGetProperty("targets[1]", out _), problem.ToString());
    }

    [Fact]
    public async Task PositiveCoMentions_RaiseThePairScoreAndExplainIt()
    {
        var c = app.Client();
        var brand = Unique("Lumen");
        var person = Unique("Nova");
        var handle = "nova" + Guid.NewGuid().ToString("N")[..6];
        var pairId = await c.PairAsync(await c.BrandAsync(brand), await c.InfluencerAsync(person, handle));

        var batch = Enumerable.Range(0, 12).Select(i =>
            Mention(Guid.NewGuid().ToString(), $"{person} looked amazing on stage in the {brand} sweater, love it!", Now.AddMinutes(-30 + i), $"fan{i}", 50_000)).ToArray();
        (await c.PostAsJsonAsync("/api/mentions", batch)).EnsureSuccessStatusCode();

        var pairs = await c.GetFromJsonAsync<JsonElement>("/api/pairs");
        var pair = pairs.EnumerateArray().Single(p => p.GetProperty("id").GetInt64() == pairId);
        Assert.True(pair.GetProperty("score").GetDouble() > 52, pair.ToString());
        Assert.Equal(12, pair.GetProperty("mentions").GetInt64());

        var detail = await c.GetFromJsonAsync<JsonElement>($"/api/pairs/{pairId}");
        Assert.True(detail.GetProperty("components").GetProperty("coMention").GetDouble() > 0);
        Assert.NotEmpty(detail.GetProperty("drivers").EnumerateArray());
        Assert.StartsWith("+", detail.GetProperty("explanation").GetString());

        // The history point is the follow-up cycle's (it runs right after the batch): it shows within a cycle.
        List<JsonElement> points = [];
        for (var wait = System.Diagnostics.Stopwatch.StartNew(); wait.Elapsed < TimeSpan.FromSeconds(20); await Task.Delay(200))
        {
            var series = await c.GetFromJsonAsync<JsonElement>($"/api/pairs/{pairId}/scores?bucket=hour&from={Uri.EscapeDataString(Now.AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(Now.AddHours(1).ToString("O"))}");
            points = series.EnumerateArray().ToList();
            if (points.Count > 0 && points[^1].GetProperty("score").GetDouble() > 52) break;
        }
        Assert.NotEmpty(points);
        Assert.Equal(12, points.Sum(p => p.GetProperty("mentions").GetInt64()));
        Assert.True(points[^1].GetProperty("score").GetDouble() > 52);
    }

    [Fact]
    public async Task ConcurrentPushes_AboutTheSameNewPairs_AllSucceedAndLoseNoMention()
    {
        // Several sources pushing at once about pairs that have no score state yet: every batch must land (no
        // deadlock between the transactions) and every mention must count (no transaction overwriting another's
        // freshly created accumulator).
        var c = app.Client();
        var brands = Enumerable.Range(0, 3).Select(_ => Unique("Vela")).ToArray();
        var people = Enumerable.Range(0, 3).Select(_ => Unique("Ada")).ToArray();
        var brandIds = new long[3];
        var personIds = new long[3];
        for (var i = 0; i < 3; i++)
        {
            brandIds[i] = await c.BrandAsync(brands[i]);
            personIds[i] = await c.InfluencerAsync(people[i], "ada" + Guid.NewGuid().ToString("N")[..8]);
        }
        var pairIds = new long[3, 3];
        for (var b = 0; b < 3; b++)
        for (var p = 0; p < 3; p++)
            pairIds[b, p] = await c.PairAsync(brandIds[b], personIds[p]);

        var rng = new Random(7);
        var expected = new int[3, 3];
        var batches = Enumerable.Range(0, 12).Select(_ => Enumerable.Range(0, 25).Select(_ =>
        {
            int b = rng.Next(3), p = rng.Next(3);
            expected[b, p]++;
            return Mention(Guid.NewGuid().ToString(), $"{people[p]} wore the {brands[b]} jacket today", Now.AddMinutes(-rng.Next(120)), $"fan{rng.Next(1000)}", 1_000);
        }).ToArray()).ToList();

        var responses = await Task.WhenAll(batches.Select(batch => c.PostAsJsonAsync("/api/mentions", batch)));
        foreach (var r in responses) Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());

        var listed = (await c.GetFromJsonAsync<JsonElement>("/api/pairs")).EnumerateArray().ToDictionary(p => p.GetProperty("id").GetInt64());
        for (var b = 0; b < 3; b++)
        for (var p = 0; p < 3; p++)
            Assert.Equal(expected[b, p], listed[pairIds[b, p]].GetProperty("mentions").GetInt64());
    }

    [Fact]
    public async Task PairScores_BadBucket_IsA400()
    {
        var r = await app.Client().GetAsync("/api/pairs/1/scores?bucket=minute");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
    }

    [Fact]
    public async Task ListPairs_IsAnArray_OfOneBrandWithBrandId_AndPagesWithLimitAndTheNextCursor()
    {
        var c = app.Client();
        var brand = await c.BrandAsync(Unique("Pager"));
        var other = await c.BrandAsync(Unique("Elsewhere"));
        var ids = new List<long>();
        for (var i = 0; i < 5; i++) ids.Add(await c.PairAsync(brand, await c.InfluencerAsync(Unique("Paged"), "p" + Guid.NewGuid().ToString("N")[..8])));
        var elsewhere = await c.PairAsync(other, await c.InfluencerAsync(Unique("Else"), "e" + Guid.NewGuid().ToString("N")[..8]));

        var all = (await c.GetFromJsonAsync<JsonElement>("/api/pairs")).EnumerateArray().Select(p => p.GetProperty("id").GetInt64()).ToList();
        Assert.Subset(all.ToHashSet(), ids.Append(elsewhere).ToHashSet());
        Assert.Equal(all.Order(), all); // ascending by id

        var ofBrand = await c.GetFromJsonAsync<JsonElement>($"/api/pairs?brandId={brand}");
        Assert.Equal(ids, ofBrand.EnumerateArray().Select(p => p.GetProperty("id").GetInt64()));
        Assert.All(ofBrand.EnumerateArray(), p => Assert.Equal(50, p.GetProperty("score").GetDouble()));

        // Two at a time: three pages, the cursor of each in X-Next-Cursor and a Link to the next, none after the last.
        var paged = new List<long>();
        string? url = $"/api/pairs?brandId={brand}&limit=2";
        var pages = 0;
        while (url is not null)
        {
            var r = await c.GetAsync(url);
            r.EnsureSuccessStatusCode();
            var page = (await r.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(p => p.GetProperty("id").GetInt64()).ToList();
            Assert.InRange(page.Count, 1, 2);
            paged.AddRange(page);
            pages++;
            url = r.Headers.TryGetValues("Link", out var link) ? link.Single().Split('>')[0].TrimStart('<') : null;
            Assert.Equal(url is not null, r.Headers.Contains("X-Next-Cursor"));
        }
        Assert.Equal(3, pages);
        Assert.Equal(ids, paged);

        var bad = await c.GetAsync("/api/pairs?limit=0&cursor=x&brandId=-3");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("limit", out _) && errors.TryGetProperty("cursor", out _) && errors.TryGetProperty("brandId", out _), errors.ToString());
    }

    [Fact]
    public async Task ScopedKey_SeesOnlyItsBrands()
    {
        var admin = app.Client();
        var a = await admin.BrandAsync(Unique("Alpha"));
        var b = await admin.BrandAsync(Unique("Beta"));
        var inf = await admin.InfluencerAsync(Unique("Person"), "h" + Guid.NewGuid().ToString("N")[..6]);
        var pa = await admin.PairAsync(a, inf);
        var pb = await admin.PairAsync(b, inf);
        var created = await (await admin.PostAsJsonAsync("/api/keys", new { name = "alpha only", role = "viewer", brandIds = new[] { a } }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var scoped = app.Client(created.GetProperty("key").GetString());

        var pairs = (await scoped.GetFromJsonAsync<JsonElement>("/api/pairs")).EnumerateArray().Select(p => p.GetProperty("id").GetInt64()).ToList();
        Assert.Contains(pa, pairs);
        Assert.DoesNotContain(pb, pairs);
        Assert.Empty((await scoped.GetFromJsonAsync<JsonElement>($"/api/pairs?brandId={b}")).EnumerateArray());
        Assert.Equal([pa], (await scoped.GetFromJsonAsync<JsonElement>("/api/pairs?limit=1000")).EnumerateArray().Select(p => p.GetProperty("id").GetInt64()));
        Assert.Equal(HttpStatusCode.NotFound, (await scoped.GetAsync($"/api/pairs/{pb}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scoped.GetAsync($"/api/mentions?brandId={b}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scoped.PostAsJsonAsync("/api/brands", new { name = Unique("Nope") })).StatusCode);
    }

    [Fact]
    public async Task CreateKey_AsViewer_IsForbidden()
    {
        var created = await (await app.Client().PostAsJsonAsync("/api/keys", new { name = "viewer", role = "viewer" })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var viewer = app.Client(created.GetProperty("key").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/keys", new { name = "x", role = "admin" })).StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_IsServed()
    {
        var r = await app.Client(key: null).GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("/api/mentions", await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApiDocument_DescribesEachHandlersQueryAndAnswers()
    {
        var doc = await app.Client(key: null).GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths");

        var scores = paths.GetProperty("/api/pairs/{id}/scores").GetProperty("get");
        var query = scores.GetProperty("parameters").EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query")
            .Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal(["from", "to", "bucket", "format"], query);
        Assert.Equal(["200", "400", "404"], scores.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order());

        var pair = paths.GetProperty("/api/pairs/{id}").GetProperty("get").GetProperty("responses");
        Assert.True(pair.TryGetProperty("404", out _));
        Assert.True(pair.GetProperty("200").GetProperty("content").TryGetProperty("application/json", out _));

        var mentions = paths.GetProperty("/api/mentions").GetProperty("get");
        var names = mentions.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        foreach (var name in new[] { "brandId", "influencerId", "from", "to", "label", "limit", "cursor", "q" }) Assert.Contains(name, names);
        Assert.True(mentions.GetProperty("responses").TryGetProperty("400", out _));
    }

    [Fact]
    public async Task OpenApiDocument_NamesTheKeyScheme_AndTheAdministrationBodies()
    {
        var doc = await app.Client(key: null).GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var scheme = doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
        Assert.Contains(doc.GetProperty("security").EnumerateArray(), r => r.TryGetProperty("ApiKey", out _));

        var put = doc.GetProperty("paths").GetProperty("/api/brands/{id}").GetProperty("put");
        Assert.True(put.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.Equal(["200", "400", "404", "409"], put.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order());
        Assert.True(doc.GetProperty("paths").GetProperty("/api/sources/{id}").TryGetProperty("delete", out _));
        Assert.True(doc.GetProperty("paths").GetProperty("/api/users/{id}").GetProperty("delete").GetProperty("responses").TryGetProperty("409", out _));
    }

    [Fact]
    public async Task GetPair_Unknown_IsA404ProblemDetails()
    {
        var r = await app.Client().GetAsync("/api/pairs/98765432");
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        Assert.Contains("pair 98765432", (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }
}
