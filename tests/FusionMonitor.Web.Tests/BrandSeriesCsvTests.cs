using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Web.Tests.Infrastructure;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

public sealed class BrandSeriesCsvTestsOnPostgres(FusionApp app) : BrandSeriesCsvTests(app), IClassFixture<FusionApp>;

public sealed class BrandSeriesCsvTestsOnSqlite(SqliteFusionApp app) : BrandSeriesCsvTests(app), IClassFixture<SqliteFusionApp>;

/// <summary><c>GET /api/brands/{id}/series?format=csv</c> on each database: the JSON's points as CSV, a header row, ISO-8601 UTC times.</summary>
public abstract class BrandSeriesCsvTests(FusionApp app)
{
    [Fact]
    public async Task The_brand_series_as_csv_has_a_header_iso_times_and_the_same_points_as_json()
    {
        var c = app.Client();
        var brand = Unique("Series Bakery");
        var brandId = await c.BrandAsync(brand);
        var hour = new DateTimeOffset(DateTimeOffset.UtcNow.Year, DateTimeOffset.UtcNow.Month, DateTimeOffset.UtcNow.Day, DateTimeOffset.UtcNow.Hour, 0, 0, TimeSpan.Zero).AddHours(-5);
        (await c.PostAsJsonAsync("/api/mentions", new[]
        {
            Mention(Guid.NewGuid().ToString(), $"{brand} has the best croissants, I love it", hour.AddMinutes(10), "a1"),
            Mention(Guid.NewGuid().ToString(), $"{brand} was awful today, stale bread", hour.AddMinutes(20), "a2"),
            Mention(Guid.NewGuid().ToString(), $"{brand} opened at nine", hour.AddHours(2).AddMinutes(5), "a3"),
        })).EnsureSuccessStatusCode();
        var range = $"from={Uri.EscapeDataString(hour.AddHours(-1).ToString("O"))}&to={Uri.EscapeDataString(hour.AddHours(4).ToString("O"))}&bucket=hour";

        var json = (await c.GetFromJsonAsync<JsonElement>($"/api/brands/{brandId}/series?{range}")).EnumerateArray().Where(p => p.GetProperty("mentions").GetInt64() > 0).ToList();
        Assert.Equal(2, json.Count);

        var r = await c.GetAsync($"/api/brands/{brandId}/series?{range}&format=csv");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("text/csv", r.Content.Headers.ContentType?.MediaType);
        var lines = (await r.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("At,Mentions,Negative,Neutral,Positive,Polarity,NegativeVolume", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).Where(cells => cells[1] != "0").ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(hour.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), rows[0][0]);
        Assert.Equal(hour.AddHours(2).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), rows[1][0]);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(json[i].GetProperty("mentions").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), rows[i][1]);
            Assert.Equal(json[i].GetProperty("negative").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), rows[i][2]);
            Assert.Equal(json[i].GetProperty("polarity").GetDouble(), double.Parse(rows[i][5], System.Globalization.CultureInfo.InvariantCulture), 1e-9);
        }
        Assert.Equal("2", rows[0][1]);

        Assert.Equal(HttpStatusCode.BadRequest, (await c.GetAsync($"/api/brands/{brandId}/series?format=xml")).StatusCode);
    }
}
