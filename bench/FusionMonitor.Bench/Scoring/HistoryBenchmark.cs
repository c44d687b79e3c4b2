using System.Diagnostics;
using Dapper;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Scores;
using FusionMonitor.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FusionMonitor.Bench.Scoring;

/// <summary>
/// A year of daily history for one pair with millions of mentions stored (default 10 million over 100 pairs), as
/// <c>GET /api/pairs/{id}/scores?bucket=day</c> reads it (the daily snapshot and co-mention tables), against a raw
/// <c>GROUP BY</c> day over the pair's mentions in the same run. Target (issue 5): p95 ≤ 10 ms and ≥ 25× faster.
/// </summary>
public sealed class HistoryBenchmark : IBenchHarness
{
    public string Name => "history";

    public string Description => "a year of daily score history for one pair among 10M mentions vs raw GROUP BY  [--mentions N] [--runs N]";

    public async Task RunAsync(string[] args, CancellationToken ct)
    {
        var mentions = BenchArgs.Int(args, "--mentions", 10_000_000);
        var runs = BenchArgs.Int(args, "--runs", 200);
        const int pairs = 100;
        Console.WriteLine(Machine.Describe());
        var cs = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("benchhist");
        await using var services = BenchServices.Create(cs);
        await services.GetRequiredService<MigrationRunner>().MigrateAsync(ct);

        var end = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero);
        var start = end.AddDays(-365);
        var load = Stopwatch.StartNew();
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync(ct);
            // Brands 1..100 and influencers 1..100 paired one to one; mentions spread evenly over the year.
            await conn.ExecuteAsync("insert into brands (name) select 'brand ' || g from generate_series(1, @pairs) g", new { pairs });
            await conn.ExecuteAsync("insert into influencers (name) select 'person ' || g from generate_series(1, @pairs) g", new { pairs });
            await conn.ExecuteAsync("insert into pairs (brand_id, influencer_id) select g, g from generate_series(1, @pairs) g", new { pairs });
            await conn.ExecuteAsync(new CommandDefinition(
                """
                insert into mentions (id, source, external_id, author_handle, text, created_at, ingested_at, label, p_neg, p_neu, p_pos, model_version, matched)
                select g, 'bench', g::text, 'user' || (g % 50000), 'a mention of brand ' || (g % @pairs + 1) || ' and person ' || (g % @pairs + 1),
                       @start + (g::float8 / @n) * interval '365 days', now(), (g % 3)::int2, 0.2, 0.3, 0.5, 'bench', true
                from generate_series(1, @n) g
                """, new { n = mentions, pairs, start }, commandTimeout: 3600, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition("insert into mention_brands (mention_id, brand_id) select id, id % @pairs + 1 from mentions",
                new { pairs }, commandTimeout: 3600, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition("insert into mention_influencers (mention_id, influencer_id) select id, id % @pairs + 1 from mentions",
                new { pairs }, commandTimeout: 3600, cancellationToken: ct));
            // What the ingest path keeps alongside: an hourly snapshot and an hourly rollup per pair.
            await conn.ExecuteAsync(new CommandDefinition(
                """
                insert into score_history (pair_id, hour, score, confidence)
                select p, @start + h * interval '1 hour', 50 + 10 * sin(h / 100.0), 0.5 from generate_series(1, @pairs) p, generate_series(0, 365 * 24 - 1) h
                """, new { pairs, start }, commandTimeout: 3600, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition(
                """
                insert into rollup_pair_hourly (pair_id, hour, mentions, negative, neutral, positive, polarity_sum, weight_sum, neg_volume)
                select b.brand_id, date_trunc('hour', m.created_at), count(*), 0, 0, 0, 0, 0, 0
                from mentions m join mention_brands b on b.mention_id = m.id group by 1, 2
                """, commandTimeout: 3600, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition(
                """
                insert into score_history_daily (pair_id, day, score, confidence)
                select distinct on (pair_id, date_trunc('day', hour)) pair_id, date_trunc('day', hour), score, confidence
                from score_history order by pair_id, date_trunc('day', hour), hour desc
                """, commandTimeout: 3600, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition(
                "insert into rollup_pair_daily (pair_id, day, mentions) select pair_id, date_trunc('day', hour), sum(mentions) from rollup_pair_hourly group by 1, 2",
                commandTimeout: 3600, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition("vacuum analyze", commandTimeout: 3600, cancellationToken: ct));
        }
        Console.WriteLine($"loaded {mentions:N0} mentions over {pairs} pairs and a year of hourly history in {load.Elapsed.TotalSeconds:F0} s");

        var store = services.GetRequiredService<HistoryStore>();
        const long pair = 42;
        var api = new List<double>();
        for (var i = 0; i < runs + 10; i++)
        {
            var w = Stopwatch.StartNew();
            var series = await store.SeriesAsync(pair, start, end, "day", ct);
            w.Stop();
            if (series.Count < 360) throw new InvalidOperationException($"expected a year of days, got {series.Count}");
            if (i >= 10) api.Add(w.Elapsed.TotalMilliseconds); // the first runs warm the pool and caches
        }

        var raw = new List<double>();
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync(ct);
            for (var i = 0; i < Math.Max(5, runs / 20) + 1; i++)
            {
                var w = Stopwatch.StartNew();
                var rows = (await conn.QueryAsync(new CommandDefinition(
                    """
                    select date_trunc('day', m.created_at) as day, count(*) as mentions, avg(m.p_pos - m.p_neg) as polarity
                    from mentions m
                    join mention_brands b on b.mention_id = m.id and b.brand_id = @pair
                    join mention_influencers i on i.mention_id = m.id and i.influencer_id = @pair
                    where m.created_at >= @start and m.created_at < @end
                    group by 1 order by 1
                    """, new { pair, start, end }, commandTimeout: 600, cancellationToken: ct))).Count();
                w.Stop();
                if (i > 0) raw.Add(w.Elapsed.TotalMilliseconds);
            }
        }

        var a = api.Order().ToArray();
        var r = raw.Order().ToArray();
        Console.WriteLine($"history read (API path, {a.Length} runs): p50 {P(a, 0.5):F2} ms, p95 {P(a, 0.95):F2} ms (target ≤ 10 ms)");
        Console.WriteLine($"raw GROUP BY over the pair's mentions ({r.Length} runs): p50 {P(r, 0.5):F1} ms, p95 {P(r, 0.95):F1} ms");
        Console.WriteLine($"speed-up at p95: {P(r, 0.95) / P(a, 0.95):F0}× (target ≥ 25×)");
    }

    private static double P(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

}
