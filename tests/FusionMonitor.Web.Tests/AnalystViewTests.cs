using System.Net.Http.Json;
using FusionMonitor.Web.Tests.Infrastructure;
using Npgsql;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

/// <summary>
/// The analysts' SQL views (migration 0029, docs/operations.md) on PostgreSQL: what the API stored reads back through
/// them with names and labels in words, and a role granted only the views (the documented example) reads them and
/// nothing else — not the users' password hashes, not the raw tables — and cannot write.
/// </summary>
public sealed class AnalystViewTests(FusionApp app) : IClassFixture<FusionApp>
{
    private static readonly string[] Views =
        ["analyst_mentions", "analyst_mention_brands", "analyst_mention_influencers", "analyst_pairs", "analyst_scores_hourly", "analyst_scores_daily",
         "analyst_brand_hourly", "analyst_alerts"];

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

    private static async Task Execute(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
