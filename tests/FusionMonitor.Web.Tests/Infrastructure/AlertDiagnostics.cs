using System.Text;
using FusionMonitor.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FusionMonitor.Web.Tests.Infrastructure;

/// <summary>
/// What a test that waited for an alert in vain prints: the brand's alert states, five-minute volumes, mentions and
/// the change feed's cursor, and the app's warnings, so an intermittent miss says why it missed.
/// </summary>
public static class AlertDiagnostics
{
    public static async Task<string> DumpAsync(FusionApp app, long brandId)
    {
        var db = app.Services.GetRequiredService<FusionDatabase>();
        await using var conn = await db.OpenAsync();
        var s = new StringBuilder($"utc now {DateTimeOffset.UtcNow:O}\n");
        async Task Section(string title, string sql)
        {
            s.Append("== ").Append(title).Append('\n');
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = sql.Replace("@b", brandId.ToString(System.Globalization.CultureInfo.InvariantCulture)).Replace("@like", $"'%{brandId}%'");
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
                s.Append(string.Join(" | ", Enumerable.Range(0, r.FieldCount).Select(i => $"{r.GetName(i)}={r.GetValue(i)}"))).Append('\n');
        }
        await Section("alert states", "select * from alert_states where key like @like");
        await Section("alerts", "select id, kind, brand_id, pair_id, status, opened_at from alerts");
        await Section("5-minute volumes", "select * from rollup_volume_5m where scope like @like order by bucket");
        await Section("hourly", "select * from rollup_brand_hourly where brand_id = @b order by hour");
        await Section("scopes", "select kind, brand_id, influencer_id, change_id from score_scopes where brand_id = @b");
        await Section("change cursors", "select * from change_cursors");
        await Section("mentions", "select m.id, m.created_at, m.lang, m.scored, m.ingested_at, m.text from mentions m join mention_brands mb on mb.mention_id = m.id where mb.brand_id = @b order by m.created_at");
        s.Append("== log\n").AppendJoin('\n', app.Log.Entries().TakeLast(60));
        return s.ToString();
    }
}
