using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Web.Tests.Infrastructure;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

public sealed class AlertTimelineTestsOnPostgres(FusionApp app) : AlertTimelineTests(app), IClassFixture<FusionApp>;

public sealed class AlertTimelineTestsOnSqlite(SqliteFusionApp app) : AlertTimelineTests(app), IClassFixture<SqliteFusionApp>;

/// <summary>
/// An incident's timeline through the API on each database: <c>GET /api/alerts/{id}</c> with its events, notes and
/// assignment signed by the caller, acknowledge and resolve on the record; bad input a 400, others' alerts a 404.
/// </summary>
public abstract class AlertTimelineTests(FusionApp app)
{
    private static async Task<(long BrandId, long AlertId)> AlertAsync(HttpClient c)
    {
        var brand = Unique("Timeline Foods");
        var brandId = await c.BrandAsync(brand);
        var now = DateTimeOffset.UtcNow;
        (await c.PostAsJsonAsync("/api/mentions", Complaints.CalmPast(brand, now))).EnsureSuccessStatusCode();
        (await c.PostAsJsonAsync("/api/mentions", Complaints.Burst(brand, "", now))).EnsureSuccessStatusCode();
        for (var i = 0; i < 450; i++)
        {
            var open = await c.GetFromJsonAsync<JsonElement>("/api/alerts?status=open");
            var mine = open.EnumerateArray().FirstOrDefault(a => a.GetProperty("brandId").ValueKind == JsonValueKind.Number && a.GetProperty("brandId").GetInt64() == brandId);
            if (mine.ValueKind == JsonValueKind.Object) return (brandId, mine.GetProperty("id").GetInt64());
            await Task.Delay(200);
        }
        throw new TimeoutException("no alert opened for the burst");
    }

    [Fact]
    public async Task Notes_assignment_acknowledge_and_resolve_are_kept_in_order_with_who_did_them()
    {
        var c = app.Client();
        var (brandId, id) = await AlertAsync(c);
        var user = Unique("ana").Replace(' ', '-');
        (await c.PostAsJsonAsync("/api/users", new { name = user, password = "a-long-password-1", role = "viewer" })).EnsureSuccessStatusCode();

        var fresh = await c.GetFromJsonAsync<JsonElement>($"/api/alerts/{id}");
        Assert.Equal(JsonValueKind.Null, fresh.GetProperty("assignee").ValueKind);
        var first = fresh.GetProperty("timeline")[0];
        Assert.Equal("opened", first.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("actor").ValueKind);
        Assert.Equal(fresh.GetProperty("summary").GetString(), first.GetProperty("text").GetString());
        // The list does not carry timelines.
        Assert.False((await c.GetFromJsonAsync<JsonElement>("/api/alerts")).EnumerateArray().First().TryGetProperty("timeline", out _));

        var note = await c.PostAsJsonAsync($"/api/alerts/{id}/notes", new { text = "  Called the shop manager; a statement is coming.  " });
        Assert.Equal(HttpStatusCode.Created, note.StatusCode);
        var noted = await note.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("noted", noted.GetProperty("kind").GetString());
        Assert.Equal("Called the shop manager; a statement is coming.", noted.GetProperty("text").GetString());
        Assert.StartsWith("key:", noted.GetProperty("actor").GetString());

        var assigned = await c.PostAsJsonAsync($"/api/alerts/{id}/assign", new { assignee = user });
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        Assert.Equal(user, (await assigned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assignee").GetString());
        (await c.PostAsync($"/api/alerts/{id}/ack", null)).EnsureSuccessStatusCode();
        (await c.PostAsync($"/api/alerts/{id}/resolve", null)).EnsureSuccessStatusCode();

        var done = await c.GetFromJsonAsync<JsonElement>($"/api/alerts/{id}");
        Assert.Equal(user, done.GetProperty("assignee").GetString());
        Assert.Equal(user, (await c.GetFromJsonAsync<JsonElement>("/api/alerts?status=resolved")).EnumerateArray()
            .Single(a => a.GetProperty("id").GetInt64() == id).GetProperty("assignee").GetString());
        var timeline = done.GetProperty("timeline").EnumerateArray().ToList();
        // The lifecycle may add its own "updated" (the spike grew) between the people's steps; theirs keep their order.
        var people = timeline.Where(e => e.GetProperty("actor").ValueKind == JsonValueKind.String).ToList();
        Assert.Equal(["noted", "assigned", "acknowledged", "resolved"], people.Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal(user, people[1].GetProperty("text").GetString());
        Assert.All(people, e => Assert.StartsWith("key:", e.GetProperty("actor").GetString()));
        var times = timeline.Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.Order(), times);

        // Unassigning is an event too.
        (await c.PostAsJsonAsync($"/api/alerts/{id}/assign", new { assignee = (string?)null })).EnsureSuccessStatusCode();
        var last = (await c.GetFromJsonAsync<JsonElement>($"/api/alerts/{id}")).GetProperty("timeline").EnumerateArray().Last();
        Assert.Equal("unassigned", last.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Bad_notes_and_unknown_users_are_400s_and_others_alerts_404s()
    {
        var c = app.Client();
        var (_, id) = await AlertAsync(c);

        Assert.Equal(HttpStatusCode.BadRequest, (await c.PostAsJsonAsync($"/api/alerts/{id}/notes", new { text = "   " })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await c.PostAsJsonAsync($"/api/alerts/{id}/notes", new { })).StatusCode);
        var tooLong = await c.PostAsJsonAsync($"/api/alerts/{id}/notes", new { text = new string('x', 2001) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("2000", await tooLong.Content.ReadAsStringAsync());
        var nobody = await c.PostAsJsonAsync($"/api/alerts/{id}/assign", new { assignee = "no-such-person-" + Guid.NewGuid().ToString("N")[..6] });
        Assert.Equal(HttpStatusCode.BadRequest, nobody.StatusCode);
        Assert.Contains("There is no user named", await nobody.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync("/api/alerts/99999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.PostAsJsonAsync("/api/alerts/99999999/notes", new { text = "hello" })).StatusCode);

        // A key limited to another brand: the alert is not there for it.
        var other = await c.BrandAsync(Unique("Elsewhere"));
        var key = (await (await c.PostAsJsonAsync("/api/keys", new { name = Unique("other"), role = "viewer", brandIds = new[] { other } }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        var limited = app.Client(key);
        Assert.Equal(HttpStatusCode.NotFound, (await limited.GetAsync($"/api/alerts/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await limited.PostAsJsonAsync($"/api/alerts/{id}/notes", new { text = "sneaky" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await limited.PostAsJsonAsync($"/api/alerts/{id}/assign", new { assignee = (string?)null })).StatusCode);
        // Nothing of that reached the timeline.
        var kinds = (await c.GetFromJsonAsync<JsonElement>($"/api/alerts/{id}")).GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.DoesNotContain("noted", kinds);
        Assert.DoesNotContain("unassigned", kinds);
    }

    [Fact]
    public async Task The_openapi_document_describes_every_alert_endpoint_with_its_answers()
    {
        var doc = await app.Client(key: null).GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        static List<string> Codes(JsonElement op) => op.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order().ToList();

        var list = paths.GetProperty("/api/alerts").GetProperty("get");
        Assert.Equal(["200", "400"], Codes(list));
        Assert.Contains(list.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "status");
        Assert.Equal(["200", "404"], Codes(paths.GetProperty("/api/alerts/{id}").GetProperty("get")));
        Assert.Equal(["200", "404"], Codes(paths.GetProperty("/api/alerts/{id}/ack").GetProperty("post")));
        Assert.Equal(["200", "404"], Codes(paths.GetProperty("/api/alerts/{id}/resolve").GetProperty("post")));
        var notes = paths.GetProperty("/api/alerts/{id}/notes").GetProperty("post");
        Assert.Equal(["201", "400", "404", "409"], Codes(notes));
        Assert.True(notes.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        var assign = paths.GetProperty("/api/alerts/{id}/assign").GetProperty("post");
        Assert.Equal(["200", "400", "404"], Codes(assign));
        Assert.Equal(["200", "400", "404"], Codes(paths.GetProperty("/api/alerts/backtest").GetProperty("post")));

        // The alert's schema names the contract's fields, the card and the timeline.
        var schemas = doc.GetProperty("components").GetProperty("schemas");
        var view = schemas.GetProperty("AlertView").GetProperty("properties");
        foreach (var field in new[] { "id", "kind", "severity", "brandName", "influencerName", "scoreBefore", "scoreAfter", "summary", "evidence", "card", "assignee", "timeline" })
            Assert.True(view.TryGetProperty(field, out _), $"AlertView has no {field}");
        var card = schemas.GetProperty("AlertCard").GetProperty("properties");
        foreach (var field in new[] { "title", "kindText", "severity", "figures", "since", "posts", "groups", "alertPath", "whatToDo" })
            Assert.True(card.TryGetProperty(field, out _), $"AlertCard has no {field}");
    }
}
