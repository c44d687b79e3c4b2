using System.Net.Http.Json;
using System.Text.Json;

namespace FusionMonitor.Web.Tests.Infrastructure;

/// <summary>An RSS source through the API, and "fetch now" followed by a wait for the Hangfire job to record its run;
/// on timeout, says what Hangfire's tables, the database sessions and the logs show.</summary>
public static class SourceFetch
{
    /// <summary>Creates an hourly RSS source reading <paramref name="feedUrl"/>; returns its id.</summary>
    public static async Task<long> RssSourceAsync(this HttpClient c, string feedUrl)
    {
        var source = await (await c.PostAsJsonAsync("/api/sources", new { kind = "rss", name = Api.Unique("feed"), settings = new { url = feedUrl }, intervalSeconds = 3600 }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        return source.GetProperty("id").GetInt64();
    }

    public static async Task<JsonElement> FetchAndWaitAsync(this FusionApp app, HttpClient c, long sourceId, int expectedRuns)
    {
        (await c.PostAsync($"/api/sources/{sourceId}/fetch", null)).EnsureSuccessStatusCode();
        var deadline = DateTime.UtcNow.AddMinutes(2); // generous: a loaded machine, or Hangfire workers backing off after an error
        while (true)
        {
            var runs = (await c.GetFromJsonAsync<JsonElement>($"/api/sources/{sourceId}/runs")).EnumerateArray().ToList();
            if (runs.Count >= expectedRuns)
            {
                var latest = runs[0];
                Assert.Equal(JsonValueKind.Null, latest.GetProperty("error").ValueKind);
                return latest;
            }
            if (DateTime.UtcNow > deadline) break;
            await Task.Delay(100);
        }
        throw new TimeoutException($"the fetch job for source {sourceId} did not record run {expectedRuns}; Hangfire says: {await HangfireStateAsync(app)}; " +
            $"warnings in the test process: {string.Join(" | ", app.Log.Entries().TakeLast(30))}; " +
            $"Hangfire's log (debug and up, every app in the process): {string.Join(" | ", app.Log.HangfireEntries().TakeLast(80))}");
    }

    private static async Task<string> HangfireStateAsync(FusionApp app)
    {
        await using var conn = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand(
            "select coalesce((select string_agg(j.id || ':' || coalesce(j.statename, '?') || ':' || coalesce(s.reason, '') || ':' || left(coalesce(s.data::text, ''), 300), ' | ') from hangfire.job j left join hangfire.state s on s.id = j.stateid), '(no jobs)')" +
            " || ' ; queue: ' || coalesce((select string_agg(q.jobid || '@' || q.queue || ' fetched ' || coalesce(q.fetchedat::text, 'never'), ', ') from hangfire.jobqueue q), 'empty')" +
            " || ' ; servers: ' || coalesce((select string_agg(v.id || ' heartbeat ' || v.lastheartbeat::text, ', ') from hangfire.server v), 'none')" +
            " || ' ; locks: ' || coalesce((select string_agg(l.resource || ' since ' || coalesce(l.acquired::text, '?'), ', ') from hangfire.lock l), 'none')" +
            " || ' ; sessions: ' || coalesce((select string_agg(a.pid || ' ' || coalesce(a.state, '?') || ' wait ' || coalesce(a.wait_event_type, '-') || ':' || coalesce(a.wait_event, '-') ||" +
            " ' blocked by ' || pg_blocking_pids(a.pid)::text || ' since ' || coalesce(a.xact_start::text, '-') || ' ' || left(a.query, 160), ' || ')" +
            " from pg_stat_activity a where a.datname = current_database() and a.pid <> pg_backend_pid() and a.state <> 'idle'), 'none busy')" +
            " || ' ; advisory: ' || coalesce((select string_agg(k.classid || '/' || k.objid || '/' || k.objsubid || ' pid ' || k.pid || case when k.granted then ' held' else ' waiting' end, ', ')" +
            " from pg_locks k where k.locktype = 'advisory'), 'none')", conn);
        return (await cmd.ExecuteScalarAsync())?.ToString() ?? "(no jobs)";
    }
}
