using Dapper;
using FusionMonitor.Ingestion.Jobs;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Entities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FusionMonitor.Ingestion.Tests.Pipeline;

/// <summary>
/// The retention job on each database: every kind of growing data past its retention goes, in batches (two rows per
/// statement here, so the loop is what does it), and what is younger, or of a kind kept for ever, stays.
/// </summary>
public abstract class RetentionTests : PipelineTestBase
{
    protected override void Configure(IServiceCollection services, IConfiguration config)
    {
        services.AddFusionRetention(config);
        services.Configure<RetentionOptions>(o =>
        {
            o.Mentions = TimeSpan.FromDays(365);
            o.BatchSize = 2;
        });
    }

    [Fact]
    public async Task Each_kind_past_its_retention_is_pruned_and_the_rest_kept()
    {
        var entities = Get<EntityStore>();
        var brand = await entities.AddBrandAsync("Lumen Knits");
        var person = await entities.AddInfluencerAsync("Nova Reyes");
        var pair = await entities.AddPairAsync(brand.Id, person.Id);
        // Five old and two recent of each: old = just past its default retention, recent = well inside it.
        await IngestAsync([.. Enumerable.Range(0, 5).Select(i => Mention($"old{i}", "Nova Reyes in Lumen Knits, great", T0.AddDays(-366 - i), $"fan{i}")),
            .. Enumerable.Range(0, 2).Select(i => Mention($"new{i}", "Nova Reyes in Lumen Knits, great", T0.AddDays(-10 - i), $"fan{i}"))]);
        var db = Get<FusionDatabase>();
        await using (var conn = await db.OpenAsync())
        {
            var source = await conn.ExecuteScalarAsync<long>("insert into sources (kind, name) values ('rss', 'a feed') returning id");
            foreach (var (days, n) in new[] { (31, 5), (1, 2) })
                for (var i = 0; i < n; i++)
                {
                    var at = T0.AddDays(-days - i);
                    await conn.ExecuteAsync("insert into source_runs (source_id, started_at, finished_at, fetched, new, duplicates, rejected) values (@source, @at, @at, 1, 1, 0, 0)", new { source, at });
                    await conn.ExecuteAsync("insert into rejected_items (source, external_id, reason, payload, received_at) values ('test', 'x', 'bad', '{}', @at)",
                        new { at = T0.AddDays(days == 31 ? -91 - i : -1 - i) });
                    await conn.ExecuteAsync("insert into score_history (pair_id, hour, score, confidence) values (@pair, @at, 50, 0.5)",
                        new { pair = pair.Id, at = T0.AddDays(days == 31 ? -91 - i : -1 - i) });
                    await conn.ExecuteAsync("""
                        insert into rollup_pair_hourly (pair_id, hour, mentions, negative, neutral, positive, polarity_sum, weight_sum, neg_volume)
                        values (@pair, @at, 1, 0, 1, 0, 0, 1, 0)
                        """, new { pair = pair.Id, at = T0.AddDays(days == 31 ? -401 - i : -1 - i) });
                    var resolved = T0.AddDays(days == 31 ? -366 - i : -1 - i);
                    var alert = await conn.ExecuteScalarAsync<long>("""
                        insert into alerts (incident_id, kind, brand_id, status, opened_at, resolved_at, updated_at, value, summary, evidence)
                        values (@id, 'NegativeSpike', @brand, 'resolved', @resolved, @resolved, @resolved, 3, 's', '{"topMentions":[],"authors":[],"terms":[]}')
                        returning id
                        """, new { id = Guid.NewGuid().ToString(), brand = brand.Id, resolved });
                    await conn.ExecuteAsync("insert into alert_events (alert_id, at, kind) values (@alert, @resolved, 'resolved')", new { alert, resolved });
                }
            // An alert opened long ago and never resolved is no resolved alert: it stays.
            await conn.ExecuteAsync("""
                insert into alerts (incident_id, kind, brand_id, status, opened_at, updated_at, value, summary, evidence)
                values ('still-open', 'NegativeSpike', @brand, 'open', @at, @at, 3, 's', '{"topMentions":[],"authors":[],"terms":[]}')
                """, new { brand = brand.Id, at = T0.AddDays(-500) });
        }

        var pruned = await Get<RetentionJob>().RunAsync(CancellationToken.None);

        Assert.Equal(5, pruned["source runs"]);
        Assert.Equal(5, pruned["quarantined items"]);
        Assert.Equal(5, pruned["hourly score history"]);
        Assert.Equal(5, pruned["hourly pair rollups"]);
        Assert.Equal(5, pruned["resolved alerts"]);
        Assert.Equal(5, pruned["mentions"]);
        await using (var conn = await db.OpenAsync())
        {
            Assert.Equal(2, await conn.ExecuteScalarAsync<long>("select count(*) from source_runs"));
            Assert.Equal(2, await conn.ExecuteScalarAsync<long>("select count(*) from rejected_items"));
            Assert.Equal(0, await conn.ExecuteScalarAsync<long>("select count(*) from rollup_pair_hourly where hour < @t", new { t = T0.AddDays(-400) }));
            Assert.Equal(0, await conn.ExecuteScalarAsync<long>("select count(*) from score_history where hour < @t", new { t = T0.AddDays(-90) }));
            Assert.Equal(3, await conn.ExecuteScalarAsync<long>("select count(*) from alerts"));
            Assert.Equal(2, await conn.ExecuteScalarAsync<long>("select count(*) from alert_events")); // a pruned alert's timeline goes with it
            Assert.Equal(["new0", "new1"], (await conn.QueryAsync<string>("select external_id from mentions order by external_id")).ToList());
            // The pruned mentions' links went with them.
            Assert.Equal(2, await conn.ExecuteScalarAsync<long>("select count(*) from mention_brands"));
            Assert.Equal(2, await conn.ExecuteScalarAsync<long>("select count(*) from mention_influencers"));
        }
        // A second run finds nothing more.
        Assert.All((await Get<RetentionJob>().RunAsync(CancellationToken.None)).Values, n => Assert.Equal(0, n));
    }

    [Fact]
    public void Settings_that_would_starve_a_reader_are_refused_with_every_problem_at_once()
    {
        var problems = new RetentionOptions { HourlyHistory = TimeSpan.FromDays(2), Quarantine = TimeSpan.FromDays(-1), BatchSize = 0 }.Problems();
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("Retention:HourlyHistory must be 0 (keep) or at least 8 days", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Retention:Quarantine must not be negative", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Retention:BatchSize", StringComparison.Ordinal));
        Assert.Empty(new RetentionOptions().Problems());

        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Retention:SourceRuns"] = "-1.00:00:00" }).Build();
        using var services = new ServiceCollection().AddFusionRetention(config).BuildServiceProvider();
        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RetentionOptions>>().Value);
        Assert.Contains("Retention:SourceRuns must not be negative", e.Message);
    }
}

public sealed class RetentionTestsOnPostgres : RetentionTests { protected override DatabaseKind Kind => DatabaseKind.Postgres; }
public sealed class RetentionTestsOnSqlite : RetentionTests { protected override DatabaseKind Kind => DatabaseKind.Sqlite; }
