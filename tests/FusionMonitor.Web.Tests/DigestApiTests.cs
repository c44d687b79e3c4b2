using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FusionMonitor.Web.Tests.Infrastructure;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

public sealed class DigestApiTestsOnPostgres(ChannelsAppOnPostgres app) : DigestApiTests(app), IClassFixture<ChannelsAppOnPostgres>;

public sealed class DigestApiTestsOnSqlite(ChannelsAppOnSqlite app) : DigestApiTests(app), IClassFixture<ChannelsAppOnSqlite>;

/// <summary>
/// The digest through the API on each database: the demo's restaurant after its bad night (the story of
/// shared/seeds/002: Nova Reyes slates The Gilded Salmon) previewed as HTML with its chart, as the chart's PNG and as
/// text; subscribed, sent now through the mail server with the chart attached inline, listed and removed; every
/// malformed request a 400 naming its field.
/// </summary>
public abstract class DigestApiTests(ChannelsApp app)
{
    [Fact]
    public async Task A_demo_brands_digest_renders_its_moves_alerts_posts_and_chart_and_is_mailed_with_the_chart_inline()
    {
        var c = app.Client();
        var brand = Unique("The Gilded Salmon");
        var handle = $"novareyes{Guid.NewGuid().ToString("N")[..6]}";
        var brandId = await c.BrandAsync(brand);
        var pairId = await c.PairAsync(brandId, await c.InfluencerAsync("Nova Reyes " + handle, handle));
        var now = DateTimeOffset.UtcNow;
        (await c.PostAsJsonAsync("/api/mentions", Complaints.CalmPast(brand, now))).EnsureSuccessStatusCode();
        (await c.PostAsJsonAsync("/api/mentions", Complaints.Burst(brand, handle, now))).EnsureSuccessStatusCode();
        var alert = await OpenAlertAsync(c, brandId);
        var title = alert.GetProperty("card").GetProperty("title").GetString()!;

        // HTML: the brand, its open alert, a top post, and the chart as an image a browser shows.
        var response = await c.GetAsync($"/api/digest/preview?brandId={brandId}&period=daily");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(WebUtility.HtmlEncode(brand), html);
        Assert.Contains("Open alerts (", html);
        Assert.Contains(WebUtility.HtmlEncode(title), html);
        Assert.Contains($"{ChannelsApp.DashboardUrl}/alerts/{alert.GetProperty("id").GetInt64()}", html);
        Assert.Contains(WebUtility.HtmlEncode(string.Format(Complaints.Pasted, brand)), html); // the loudest post: 400k followers
        Assert.Contains("@bot", html);
        var image = Regex.Match(html, "<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");
        Assert.True(image.Success, "the chart is an inline image");
        AssertPng(Convert.FromBase64String(image.Groups[1].Value));
        // The pair is charted (its colour's legend names the influencer).
        Assert.Contains(WebUtility.HtmlEncode("Nova Reyes " + handle) + " (score)", html);

        // The chart alone, and the text.
        var png = await c.GetAsync($"/api/digest/preview?brandId={brandId}&period=weekly&format=png");
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        AssertPng(await png.Content.ReadAsByteArrayAsync());
        var text = await c.GetStringAsync($"/api/digest/preview?brandId={brandId}&format=text");
        Assert.Contains($"== {brand} ==", text);
        Assert.Contains("Open alerts (", text);
        // The pair's score fell from neutral with the burst naming her: a move that mattered, linked to the pair.
        Assert.Contains("Score moves that mattered:", text);
        Assert.Matches($@"Nova Reyes {handle}: 50\.0 → \d+\.\d \(−\d+\.\d\): {Regex.Escape(ChannelsApp.DashboardUrl)}/pairs/{pairId}", text);

        // Subscribe an address to the brand (the admin key has no user: it names the brand), send now, read the mail.
        var created = await c.PostAsJsonAsync("/api/digests", new { email = "brand-team@example.org", period = "weekly", brandId });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var digest = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = digest.GetProperty("id").GetInt64();
        Assert.Equal("weekly", digest.GetProperty("period").GetString());
        Assert.Equal(brandId, digest.GetProperty("brandId").GetInt64());
        Assert.Equal(JsonValueKind.Null, digest.GetProperty("userId").ValueKind);
        Assert.Contains((await c.GetFromJsonAsync<JsonElement>("/api/digests")).EnumerateArray(), d => d.GetProperty("id").GetInt64() == id);

        (await c.PostAsync($"/api/digests/{id}/send", null)).EnsureSuccessStatusCode();
        MimeKit.MimeMessage? mail = null;
        for (var i = 0; i < 100 && mail is null; i++)
        {
            mail = app.Mail.Received.FirstOrDefault(m => m.To.ToString().Contains("brand-team@example.org", StringComparison.Ordinal) && (m.Subject ?? "").Contains(brand, StringComparison.Ordinal));
            if (mail is null) await Task.Delay(100);
        }
        Assert.NotNull(mail);
        Assert.StartsWith("[FusionMonitor] Your weekly digest: ", mail!.Subject);
        Assert.Contains(WebUtility.HtmlEncode(title), mail.HtmlBody);
        var cid = Regex.Match(mail.HtmlBody ?? "", "<img src=\"cid:([^\"]+)\"");
        Assert.True(cid.Success, "the mail's chart is an attached image");
        var part = mail.BodyParts.OfType<MimeKit.MimePart>().Single(p => p.ContentId == cid.Groups[1].Value);
        Assert.Equal("image/png", part.ContentType.MimeType);
        using (var bytes = new MemoryStream())
        {
            await part.Content!.DecodeToAsync(bytes);
            AssertPng(bytes.ToArray());
        }
        Assert.Contains($"== {brand} ==", mail.TextBody);

        Assert.Equal(HttpStatusCode.NoContent, (await c.DeleteAsync($"/api/digests/{id}")).StatusCode);
        Assert.DoesNotContain((await c.GetFromJsonAsync<JsonElement>("/api/digests")).EnumerateArray(), d => d.GetProperty("id").GetInt64() == id);
        Assert.Equal(HttpStatusCode.NotFound, (await c.DeleteAsync($"/api/digests/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_user_subscribed_by_an_admin_gets_a_digest_of_their_brands()
    {
        var c = app.Client();
        var name = Unique("digest-ana").Replace(' ', '-');
        var user = await (await c.PostAsJsonAsync("/api/users", new { name, password = "a-long-password-1", role = "viewer" })).Content.ReadFromJsonAsync<JsonElement>();
        var userId = user.GetProperty("id").GetInt64();
        var created = await c.PostAsJsonAsync("/api/digests", new { email = "ana@example.org", period = "daily", userId });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var digest = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(userId, digest.GetProperty("userId").GetInt64());
        Assert.Equal(JsonValueKind.Null, digest.GetProperty("brandId").ValueKind);
        var html = await c.GetStringAsync($"/api/digest/preview?userId={userId}");
        Assert.Contains("Your daily digest", html);
    }

    [Theory]
    [InlineData("{\"period\":\"monthly\",\"email\":\"a@example.org\",\"brandId\":1}", "period")]
    [InlineData("{\"period\":\"daily\",\"email\":\"not an address\",\"brandId\":1}", "email")]
    [InlineData("{\"period\":\"daily\",\"brandId\":1}", "email")]
    [InlineData("{\"period\":\"daily\",\"email\":\"a@example.org\"}", "brandId")]
    [InlineData("{\"period\":\"daily\",\"email\":\"a@example.org\",\"brandId\":999999}", "brandId")]
    [InlineData("{\"period\":\"daily\",\"email\":\"a@example.org\",\"userId\":999999}", "userId")]
    public async Task A_bad_subscription_is_a_400_naming_the_field(string body, string field)
    {
        var response = await app.Client().PostAsync("/api/digests", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        await AssertNamesAsync(response, field);
    }

    [Theory]
    [InlineData("period=monthly", "period")]
    [InlineData("brandId=abc", "brandId")]
    [InlineData("brandId=999999", "brandId")]
    [InlineData("format=gif", "format")]
    [InlineData("format=png", "brandId")]
    [InlineData("userId=999999", "userId")]
    public async Task A_bad_preview_is_a_400_naming_the_field(string query, string field) =>
        await AssertNamesAsync(await app.Client().GetAsync($"/api/digest/preview?{query}"), field);

    private static async Task AssertNamesAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        Assert.EndsWith(".", messages[0].GetString());
    }

    /// <summary>A PNG (signature, then the header chunk) of the chart's size.</summary>
    private static void AssertPng(byte[] png)
    {
        Assert.True(png.Length > 500, $"a chart of {png.Length} bytes");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(600, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(240, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    private static async Task<JsonElement> OpenAlertAsync(HttpClient c, long brandId)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(3))
        {
            var mine = (await c.GetFromJsonAsync<JsonElement>($"/api/alerts?status=open&brandId={brandId}")).EnumerateArray().ToList();
            if (mine.Count > 0) return mine[0];
            await Task.Delay(200);
        }
        throw new TimeoutException("no alert opened for the burst");
    }
}
