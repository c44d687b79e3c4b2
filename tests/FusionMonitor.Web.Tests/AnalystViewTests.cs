using System.Net.Http.Json;
using FusionMonitor.Web.Tests.Infrastructure;
using Npgsql;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

/// <summary>
/// The analysts' SQL views (migrations 0029 and 0040, docs/operations.md) on PostgreSQL: what the API stored reads back through
/// them with names and labels in words, and a role granted only the views (the documented example) reads them and
/// nothing else — not the users' password hashes, not the raw tables — and cannot write.
/// </summary>
public sealed class AnalystViewTests(FusionApp app) : IClassFixture<FusionApp>
{
    private static readonly string[] Views =
        ["analyst_mentions", "analyst_mention_brands", "analyst_mention_influencers", "analyst_pairs", "analyst_scores_hourly", "analyst_scores_daily",
         "analyst_brand_hourly", "analyst_alerts", "analyst_brands", "analyst_influencers"];

    [Fact]
    public async Task The_views_read_what_the_api_stored_and_a_read_only_role_sees_only_them()
    {
        var c = app.Client();
        var brand = Unique("Viewpoint Teas");
        var handle = $"tess{Guid.NewGuid().ToString("N")[..6]}";
        var brandId = await c.BrandAsync(brand);
        var influencer = "Tess " + handle;
        var pairId = await c.PairAsync(brandId, await c.InfluencerAsync(influencer, handle));
        var now = DateTimeOffset.UtcNow;
        (await c.PostAsJsonAsync("/api/mentions", new[]
        {
            Mention(Guid.NewGuid().ToString(), $"@{handle} says {brand} is wonderful, I love it", now.AddMinutes(-3), "fan1", 1_000),
            Mention(Guid.NewGuid().ToString(), $"{brand} was awful and rude to me, @{handle} agrees", now.AddMinutes(-2), "critic1", 2_000),
        })).EnsureSuccessStatusCode();

        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        // The score history is recorded a moment after the batch: wait for the pair's first point.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        object? score = null;
        while (waited.Elapsed < TimeSpan.FromMinutes(2) && score is null or DBNull)
        {
            score = await Scalar(conn, $"select score from analyst_pairs where pair_id = {pairId}");
            if (score is null or DBNull) await Task.Delay(200);
        }
        Assert.IsType<double>(score);
        Assert.Equal(brand, await Scalar(conn, $"select brand_name from analyst_pairs where pair_id = {pairId}"));
        Assert.Equal(influencer, await Scalar(conn, $"select influencer_name from analyst_pairs where pair_id = {pairId}"));

        var labels = new List<string>();
        await using (var read = new NpgsqlCommand(
            $"select m.label, m.model_label, m.corrected, m.author_handle from analyst_mentions m join analyst_mention_brands b on b.mention_id = m.id where b.brand_id = {brandId} order by m.created_at", conn))
        await using (var r = await read.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                labels.Add(r.GetString(0));
                Assert.Equal(r.GetString(0), r.GetString(1));
                Assert.False(r.GetBoolean(2));
            }
        }
        Assert.Equal(["positive", "negative"], labels);
        Assert.Equal(2L, await Scalar(conn, $"select count(*) from analyst_mention_influencers where influencer_name = '{influencer}'"));
        Assert.Equal(2L, await Scalar(conn, $"select sum(mentions)::bigint from analyst_brand_hourly where brand_id = {brandId}"));
        foreach (var view in Views) await Scalar(conn, $"select count(*) from {view}");

        // Whether each is enabled (migration 0040): all are, until the brand and then the pair are paused.
        Assert.Equal(true, await Scalar(conn, $"select enabled from analyst_brands where brand_id = {brandId}"));
        Assert.Equal(influencer, await Scalar(conn, $"select i.influencer_name from analyst_influencers i join analyst_pairs p on p.influencer_id = i.influencer_id where p.pair_id = {pairId}"));
        Assert.Equal(true, await Scalar(conn, $"select i.enabled from analyst_influencers i join analyst_pairs p on p.influencer_id = i.influencer_id where p.pair_id = {pairId}"));
        Assert.Equal(true, await Scalar(conn, $"select followed from analyst_pairs where pair_id = {pairId}"));
        (await c.PutAsJsonAsync($"/api/brands/{brandId}", new { name = brand, enabled = false })).EnsureSuccessStatusCode();
        Assert.Equal(false, await Scalar(conn, $"select enabled from analyst_brands where brand_id = {brandId}"));
        Assert.Equal("True False False", string.Join(" ", await Row(conn, $"select enabled, brand_enabled, followed from analyst_pairs where pair_id = {pairId}")));
        (await c.PutAsJsonAsync($"/api/brands/{brandId}", new { name = brand, enabled = true })).EnsureSuccessStatusCode();
        (await c.PutAsJsonAsync($"/api/pairs/{pairId}", new { enabled = false })).EnsureSuccessStatusCode();
        Assert.Equal("False True True False", string.Join(" ", await Row(conn, $"select enabled, brand_enabled, influencer_enabled, followed from analyst_pairs where pair_id = {pairId}")));

        // The documented read-only role: select on the views alone.
        var role = "analyst_ro_" + Guid.NewGuid().ToString("N")[..8];
        var database = (string)(await Scalar(conn, "select current_database()"))!;
        await Execute(conn, $"create role {role} login password 'read-only-secret-1'");
        try
        {
            await Execute(conn, $"grant connect on database \"{database}\" to {role}");
            await Execute(conn, $"grant usage on schema public to {role}");
            await Execute(conn, $"grant select on {string.Join(", ", Views)} to {role}");
            await Execute(conn, $"alter role {role} set default_transaction_read_only = on");

            var asAnalyst = new NpgsqlConnectionStringBuilder(app.ConnectionString) { Username = role, Password = "read-only-secret-1", Pooling = false };
            await using var ro = new NpgsqlConnection(asAnalyst.ConnectionString);
            await ro.OpenAsync();
            Assert.Equal(brand, await Scalar(ro, $"select brand_name from analyst_pairs where pair_id = {pairId}"));
            foreach (var table in new[] { "users", "api_keys", "mentions", "score_scopes" })
            {
                var denied = await Assert.ThrowsAsync<PostgresException>(() => Scalar(ro, $"select count(*) from {table}"));
                Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
            }
            var write = await Assert.ThrowsAsync<PostgresException>(() => Execute(ro, "delete from analyst_mentions"));
            Assert.Contains(write.SqlState, new[] { PostgresErrorCodes.ReadOnlySqlTransaction, PostgresErrorCodes.InsufficientPrivilege });
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await Execute(conn, $"drop owned by {role}");
            await Execute(conn, $"drop role {role}");
        }
    }

    private static async Task<object?> Scalar(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return await cmd.ExecuteScalarAsync();
    }

    private static async Task<List<object>> Row(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync(), sql);
        return Enumerable.Range(0, r.FieldCount).Select(r.GetValue).ToList();
    }

    private static async Task Execute(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
