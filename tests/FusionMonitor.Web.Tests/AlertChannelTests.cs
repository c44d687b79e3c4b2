using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

/// <summary>The app with every outside channel configured: JSON, Slack and Teams webhooks on a local listener, e-mail to a local SMTP server.</summary>
public abstract class ChannelsApp(bool sqlite) : FusionApp
{
    public const string DashboardUrl = "https://fusion.example.com";

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"fusion-channels-{Guid.NewGuid():N}.db");

    public SmtpSink Mail { get; } = new();

    protected override Task BeforeStartAsync()
    {
        Mail.Start();
        return Task.CompletedTask;
    }

    protected override IReadOnlyDictionary<string, string> Settings
    {
        get
        {
            var s = new Dictionary<string, string>
            {
                ["Alerts:DashboardUrl"] = DashboardUrl,
                ["Alerts:Webhooks:1:Url"] = Webhooks.Url + "/slack",
                ["Alerts:Webhooks:1:Format"] = "slack",
                ["Alerts:Webhooks:2:Url"] = Webhooks.Url + "/teams",
                ["Alerts:Webhooks:2:Format"] = "teams",
                ["Alerts:Email:0:Host"] = "127.0.0.1",
                ["Alerts:Email:0:Port"] = Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Alerts:Email:0:UseTls"] = "false",
                ["Alerts:Email:0:From"] = "alerts@fusion.example.com",
                ["Alerts:Email:0:To:0"] = "pr-team@example.org",
            };
            if (sqlite)
            {
                s["ConnectionStrings:Postgres"] = "";
                s["Storage:SqlitePath"] = _path;
            }
            return s;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Mail.DisposeAsync();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
            if (File.Exists(file)) File.Delete(file);
    }
}

public sealed class ChannelsAppOnPostgres() : ChannelsApp(sqlite: false);

public sealed class ChannelsAppOnSqlite() : ChannelsApp(sqlite: true);

public sealed class AlertChannelTestsOnPostgres(ChannelsAppOnPostgres app) : AlertChannelTests(app), IClassFixture<ChannelsAppOnPostgres>;

public sealed class AlertChannelTestsOnSqlite(ChannelsAppOnSqlite app) : AlertChannelTests(app), IClassFixture<ChannelsAppOnSqlite>;

/// <summary>
/// One alert, every channel: the API's card, the hub's <c>alertRaised</c>, the JSON, Slack and Teams webhooks and the
/// e-mail all carry the same readable content — the brand by name, the kind in words, the severity, the figures, the
/// posts behind it with their authors, what to do, and a link to the alert.
/// </summary>
public abstract class AlertChannelTests(ChannelsApp app)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_negative_burst_reads_the_same_on_every_channel()
    {
        var c = app.Client();
        var brand = Unique("Pebble Roasters");
        var brandId = await c.BrandAsync(brand);
        var now = DateTimeOffset.UtcNow;
        (await c.PostAsJsonAsync("/api/mentions", Complaints.CalmPast(brand, now))).EnsureSuccessStatusCode();

        await using var hub = app.Hub(FusionApp.AdminKey);
        var raised = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<JsonElement>("alertRaised", e =>
        {
            if (e.GetProperty("brandId").ValueKind == JsonValueKind.Number && e.GetProperty("brandId").GetInt64() == brandId) raised.TrySetResult(e);
        });
        await hub.StartAsync();
        await hub.InvokeAsync("SubscribeBrand", brandId);

        (await c.PostAsJsonAsync("/api/mentions", Complaints.Burst(brand, "", now))).EnsureSuccessStatusCode();

        // The API: the alert and its card.
        JsonElement alert = default;
        for (var i = 0; i < 450; i++)
        {
            var open = await c.GetFromJsonAsync<JsonElement>("/api/alerts?status=open");
            var found = open.EnumerateArray().Where(a => a.GetProperty("brandId").ValueKind == JsonValueKind.Number && a.GetProperty("brandId").GetInt64() == brandId
                && a.GetProperty("kind").GetString() == "negativeSpike").ToList();
            if (found.Count > 0) { alert = found[0]; break; }
            await Task.Delay(200);
        }
        Assert.Equal(JsonValueKind.Object, alert.ValueKind);
        var id = alert.GetProperty("id").GetInt64();
        var card = alert.GetProperty("card");
        Assert.Equal($"Negative spike: {brand}", card.GetProperty("title").GetString());
        Assert.Equal("Negative spike", card.GetProperty("kindText").GetString());
        Assert.Equal(alert.GetProperty("severity").GetString(), card.GetProperty("severity").GetString());
        Assert.Equal($"/alerts/{id}", card.GetProperty("alertPath").GetString());
        Assert.Equal($"/brands/{brandId}", card.GetProperty("subjectPath").GetString());
        // What the spike measured; against a real usual the card gives a ratio, against the floor (a quiet brand) words.
        var spike = alert.GetProperty("evidence").GetProperty("spike");
        Assert.True(spike.GetProperty("mentions").GetInt32() >= 5);
        Assert.Contains(spike.GetProperty("floored").GetBoolean() ? "usually has" : "× the usual", card.GetProperty("figures")[0].GetString());
        Assert.StartsWith("Open since", card.GetProperty("since").GetString());
        Assert.Contains("Acknowledge", card.GetProperty("whatToDo").GetString());
        var posts = card.GetProperty("posts").EnumerateArray().ToList();
        Assert.InRange(posts.Count, 1, 3);
        var evidence = alert.GetProperty("evidence").GetProperty("topMentions").EnumerateArray().ToList();
        for (var i = 0; i < posts.Count; i++)
        {
            Assert.Equal(evidence[i].GetProperty("id").GetInt64(), posts[i].GetProperty("mentionId").GetInt64());
            Assert.Equal("@" + evidence[i].GetProperty("author").GetString(), posts[i].GetProperty("author").GetString());
            Assert.Equal(evidence[i].GetProperty("text").GetString(), posts[i].GetProperty("text").GetString());
            Assert.Contains(brand, posts[i].GetProperty("text").GetString());
            Assert.Contains("followers", posts[i].GetProperty("byline").GetString());
        }
        // The six accounts pasting one text are one voice, flagged as a coordinated group.
        var groups = evidence.Where(m => m.GetProperty("coordinated").GetBoolean()).ToList();
        Assert.True(groups.Count == 1, "one coordinated group in the evidence: " + alert.GetProperty("evidence"));
        var group = groups[0];
        Assert.Equal(6, group.GetProperty("accounts").GetInt32());
        Assert.Contains(card.GetProperty("groups").EnumerateArray(), g => g.GetString()!.StartsWith("6 accounts posted near-identical text", StringComparison.Ordinal));
        var firstText = posts[0].GetProperty("text").GetString()!;
        var title = card.GetProperty("title").GetString()!;
        var link = $"{ChannelsApp.DashboardUrl}/alerts/{id}";

        // The hub: the same card.
        var pushed = await raised.Task.WaitAsync(Wait);
        Assert.Equal(id, pushed.GetProperty("id").GetInt64());
        Assert.Equal(card.GetProperty("severity").GetString(), pushed.GetProperty("severity").GetString());
        Assert.Equal(title, pushed.GetProperty("card").GetProperty("title").GetString());
        Assert.Equal(firstText, pushed.GetProperty("card").GetProperty("posts")[0].GetProperty("text").GetString());

        // FusionMonitor's JSON webhook: the alert's fields, its link and the card.
        var json = await ReceivedAsync("/hook", b => b.TryGetProperty("id", out var x) && x.GetInt64() == id);
        Assert.Equal("opened", json.GetProperty("event").GetString());
        Assert.Equal("negativeSpike", json.GetProperty("kind").GetString());
        Assert.Equal(link, json.GetProperty("url").GetString());
        Assert.Equal(title, json.GetProperty("title").GetString());
        Assert.Equal(firstText, json.GetProperty("card").GetProperty("posts")[0].GetProperty("text").GetString());

        // Slack: Block Kit with a fallback text, the title as header, the posts, a button to the alert.
        var slack = await ReceivedAsync("/hook/slack", b => b.GetProperty("text").GetString()!.Contains(brand));
        Assert.Contains(link, slack.GetProperty("text").GetString());
        var blocks = slack.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal("header", blocks[0].GetProperty("type").GetString());
        Assert.Contains(title, blocks[0].GetProperty("text").GetProperty("text").GetString());
        Assert.Contains(blocks, b => b.GetProperty("type").GetString() == "section" && b.GetProperty("text").GetProperty("text").GetString()!.Contains(firstText.Split(',')[0]));
        Assert.Contains(blocks.Single(b => b.GetProperty("type").GetString() == "actions").GetProperty("elements").EnumerateArray(), e => e.GetProperty("url").GetString() == link);

        // Teams: a message with one Adaptive Card: the title, the posts, an action opening the alert.
        var teams = await ReceivedAsync("/hook/teams", b => b.GetProperty("summary").GetString()!.Contains(brand));
        Assert.Equal("message", teams.GetProperty("type").GetString());
        var attachment = teams.GetProperty("attachments")[0];
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        var adaptive = attachment.GetProperty("content");
        Assert.Equal("AdaptiveCard", adaptive.GetProperty("type").GetString());
        var texts = adaptive.GetProperty("body").EnumerateArray().Where(b => b.GetProperty("type").GetString() == "TextBlock").Select(b => b.GetProperty("text").GetString()).ToList();
        Assert.Contains(title, texts);
        Assert.Contains(firstText, texts);
        Assert.Equal(link, adaptive.GetProperty("actions")[0].GetProperty("url").GetString());

        // E-mail: the headline as subject, the card as text and as HTML, the link to the alert.
        MimeKit.MimeMessage? mail = null;
        var deadline = DateTime.UtcNow + Wait;
        while (mail is null && DateTime.UtcNow < deadline)
        {
            mail = app.Mail.Received.FirstOrDefault(m => m.Subject is { } subject && subject.Contains(brand, StringComparison.Ordinal));
            if (mail is null) await Task.Delay(200);
        }
        Assert.NotNull(mail);
        Assert.Equal($"[FusionMonitor] [{card.GetProperty("severityText").GetString()}] {title}", mail!.Subject);
        Assert.Contains("pr-team@example.org", mail.To.ToString());
        Assert.Contains("Top posts:", mail.TextBody);
        Assert.Contains(firstText, mail.TextBody);
        Assert.Contains(link, mail.TextBody);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(title)!, mail.HtmlBody);
        Assert.Contains($"href=\"{link}\"", mail.HtmlBody);
    }

    private async Task<JsonElement> ReceivedAsync(string path, Func<JsonElement, bool> match)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var (p, body) in app.Webhooks.ByPath)
                if (p == path && match(body)) return body;
            await Task.Delay(100);
        }
        throw new TimeoutException($"nothing matching arrived at {path}; received: {string.Join(", ", app.Webhooks.ByPath.Select(x => x.Path))}");
    }
}
