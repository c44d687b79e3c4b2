using System.Diagnostics;
using Dapper;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Ingestion.Strategy;
using FusionMonitor.Sentiment;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Storage.Strategy;
using FusionMonitor.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FusionMonitor.Bench.Strategy;

/// <summary>
/// The strategy reads of a brand with a year of mentions on PostgreSQL (issue 21 asks ≤ 100 ms): the voices
/// (<c>GET /api/brands/{id}/voices</c>) and the importance–performance grid (<c>GET /api/brands/{id}/aspects</c>) over
/// the brand page's 30 days and the longest window (366 days), as <see cref="StrategyReadModel"/> answers them from the
/// rollups, against the scans of the brand's mentions they replaced (voices from the newest 20,000, aspects from the
/// newest 2,000 with the fast model run at read time) and against counting the window's mentions of the brand (the
/// same join on the same indexes, no rows returned), all in the same run, at a few history sizes. The brand is one of
/// three; the mentions are inserted set-based and the rollups filled by the backfill (<see cref="StrategyRollupRebuild"/>,
/// what <c>fusion recompute</c> runs), which is timed too. Last, the voices' year read with a covering index on the voices
/// rollup (an index-only read, a cheaper form tried for the ≤ 100 ms goal) and again after dropping it.
/// </summary>
public sealed class StrategyReadsHarness : IBenchHarness
{
    public string Name => "strategy-reads";

    public string Description => "voices and aspects reads of a brand with a year of mentions: rollups vs the old scans vs counting  [--sizes N,N] [--runs N]";

    private static readonly string[] Phrases =
    [
        "the staff were lovely", "the prices are outrageous", "delivery took two weeks", "the food was delicious", "the app kept crashing",
        "great value for money", "the store was a mess", "our waiter was rude", "shipping was quick", "a lovely evening out",
    ];

    public async Task RunAsync(string[] args, CancellationToken ct)
    {
        var sizes = BenchArgs.String(args, "--sizes", "50000,200000")!.Split(',').Select(int.Parse).ToList();
        var runs = BenchArgs.Int(args, "--runs", 20);
        Console.WriteLine(Machine.Describe());
        Console.WriteLine($"{runs} runs each (p50 / p95); the brand is one of three, the others have half as many mentions each");
        Console.WriteLine("| brand's mentions in the year | read | p50 | p95 | ÷ counting |");
        Console.WriteLine("| ---: | --- | ---: | ---: | ---: |");
        foreach (var count in sizes) await RunSizeAsync(count, runs, ct);
        Console.WriteLine(Machine.Load());
    }

    private static async Task RunSizeAsync(int count, int runs, CancellationToken ct)
    {
        var cs = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("benchstrategy");
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = cs }).Build();
        await using var services = BenchServices.Create(cs);
        await services.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
        var store = services.GetRequiredService<EntityStore>();
        var brand = await store.AddBrandAsync("Benchmark Bistro", ct: ct);
        var others = new[] { await store.AddBrandAsync("Other Diner", ct: ct), await store.AddBrandAsync("Third Cafe", ct: ct) };
        var now = DateTimeOffset.UtcNow;
        var total = count * 2; // the brand's, then each other brand's half
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync(ct);
            // A year of mentions from 20,000 authors, each text naming one or two aspects, polarities spread.
            await conn.ExecuteAsync(new CommandDefinition(
                """
                insert into mentions (id, source, external_id, author_handle, author_followers, text, created_at, ingested_at, label, p_neg, p_neu, p_pos, model_version, matched)
                select g, 'bluesky', g::text, 'user' || (g % 20000), (g * 7919) % 100000, 'Benchmark Bistro: ' || (@phrases)[1 + g % 10] || ', and ' || (@phrases)[1 + (g / 10) % 10],
                       @start + ((g * 2654435761) % 1000000007)::float8 / 1000000007 * interval '365 days', now(), (g % 3)::int2,
                       (g % 5) / 10.0, 0.2, (g % 7) / 10.0, 'bench', true
                from generate_series(1::bigint, @total) g
                """, new { phrases = Phrases, total, start = now.AddDays(-365) }, commandTimeout: 3600, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition(
                "insert into mention_brands (mention_id, brand_id) select g, case when g <= @count then @b when g % 2 = 0 then @o1 else @o2 end from generate_series(1::bigint, @total) g",
                new { b = brand.Id, o1 = others[0].Id, o2 = others[1].Id, count, total }, commandTimeout: 3600, cancellationToken: ct));
            foreach (var table in new[] { "mentions", "mention_brands" })
                await conn.ExecuteAsync(new CommandDefinition($"vacuum analyze {table}", commandTimeout: 3600, cancellationToken: ct));
        }
        var watch = Stopwatch.StartNew();
        var folded = await services.GetRequiredService<StrategyRollupRebuild>().RunAsync(null, null, ct);
        watch.Stop();
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync(ct);
            foreach (var table in new[] { "rollup_brand_voice_daily", "rollup_brand_aspect_hourly" })
                await conn.ExecuteAsync(new CommandDefinition($"vacuum analyze {table}", commandTimeout: 3600, cancellationToken: ct));
            var rows = await conn.ExecuteScalarAsync<long>("select (select count(*) from rollup_brand_voice_daily where brand_id = @b) * 1000000 + (select count(*) from rollup_brand_aspect_hourly where brand_id = @b)",
                new { b = brand.Id });
            Console.WriteLine($"| {count:N0} | backfill of all three brands ({folded:N0} mentions; the brand's rollups: {rows / 1000000:N0} author-days, {rows % 1000000:N0} aspect-hours) | {watch.Elapsed.TotalSeconds:F1} s | | |");
        }
        // The app's composition with the strategy layer (BenchServices' registrations and AddFusionStrategy).
        await using var withStrategy = new ServiceCollection()
            .AddFusionStorage(config).AddFusionSentiment(config).AddFusionPipeline(config).AddFusionStrategy(config)
            .BuildServiceProvider();
        var reads = withStrategy.GetRequiredService<StrategyReadModel>();
        await using var counting = new NpgsqlConnection(cs);
        await counting.OpenAsync(ct);
        var year = now.AddDays(-366);
        var month = now.AddDays(-30);

        var baseline = await TimeAsync(runs, async () => await counting.ExecuteScalarAsync<long>(new CommandDefinition(
            "select count(*) from mention_brands mb join mentions m on m.id = mb.mention_id where mb.brand_id = @b and m.created_at >= @year and m.created_at < @now",
            new { b = brand.Id, year, now }, cancellationToken: ct)));
        var timed = new List<(string, double[])>
        {
            ("voices, 30 days, rollup", await TimeAsync(runs, () => reads.VoicesAsync(brand.Id, month, now, 20, ct))),
            ("voices, 366 days, rollup", await TimeAsync(runs, () => reads.VoicesAsync(brand.Id, year, now, 20, ct))),
            ("aspects, 30 days, rollup", await TimeAsync(runs, () => reads.AspectsAsync(brand.Id, month, now, ct))),
            ("aspects, 366 days, rollup", await TimeAsync(runs, () => reads.AspectsAsync(brand.Id, year, now, ct))),
            ("before: voices, 366 days, scan (newest 20,000)", await TimeAsync(runs, () => reads.VoicesFromMentionsAsync(brand.Id, year, now, 20, ct))),
            ("before: aspects, 30 days, scan (newest 2,000)", await TimeAsync(runs, () => reads.AspectsFromMentionsAsync(brand.Id, month, now, ct, 2_000))),
            ("before: aspects, 366 days, scan (newest 2,000)", await TimeAsync(runs, () => reads.AspectsFromMentionsAsync(brand.Id, year, now, ct, 2_000))),
            ("baseline: count the year's mentions of the brand", baseline),
        };

        // The year's voices read both ways in the same run, alternating so drift shows: the day rows summed (before
        // migration 0046) and the authors' running totals less the days outside the window (what a year reads now).
        foreach (var round in new[] { 1, 2 })
        {
            timed.Add(($"voices, 366 days, day rows (before), round {round}",
                await TimeAsync(runs, () => reads.VoicesAsync(brand.Id, year, now, 20, ct, StrategyRollupStore.VoicesRead.Days))));
            timed.Add(($"voices, 366 days, running totals less the days outside, round {round}",
                await TimeAsync(runs, () => reads.VoicesAsync(brand.Id, year, now, 20, ct, StrategyRollupStore.VoicesRead.Totals))));
        }
        // Most of the year (the newest 336 days): the totals less the 30 oldest days' author-days.
        var most = now.AddDays(-336);
        timed.Add(("voices, newest 336 days, day rows (before)",
            await TimeAsync(runs, () => reads.VoicesAsync(brand.Id, most, now, 20, ct, StrategyRollupStore.VoicesRead.Days))));
        timed.Add(("voices, newest 336 days, running totals less the 30 days outside",
            await TimeAsync(runs, () => reads.VoicesAsync(brand.Id, most, now, 20, ct, StrategyRollupStore.VoicesRead.Totals))));
        var totalsRows = await counting.ExecuteScalarAsync<long>("select count(*) from rollup_brand_voice_totals where brand_id = @b", new { b = brand.Id });
        Console.WriteLine($"| {count:N0} | the brand's running totals: {totalsRows:N0} authors | | | |");
        foreach (var (name, t) in timed)
            Console.WriteLine($"| {count:N0} | {name} | {P(t, 0.5):F1} ms | {P(t, 0.95):F1} ms | {P(t, 0.5) / P(baseline, 0.5):F2}× |");
    }
    private static async Task<double[]> TimeAsync<T>(int runs, Func<Task<T>> read)
    {
        var times = new List<double>();
        for (var i = 0; i < runs + 2; i++)
        {
            var w = Stopwatch.StartNew();
            await read();
            w.Stop();
            if (i >= 2) times.Add(w.Elapsed.TotalMilliseconds); // the first runs warm the pool, caches and the model
        }
        return [.. times.Order()];
    }

    private static double P(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}
