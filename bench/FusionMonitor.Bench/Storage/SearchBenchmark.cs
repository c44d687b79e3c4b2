using System.Diagnostics;
using Dapper;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FusionMonitor.Bench.Storage;

/// <summary>
/// A deep page of mention search (issue 15): <c>GET /api/mentions</c> with a cursor near the oldest mention, as the
/// store reads it (a row comparison on the (created_at, id) index), against the or-form cursor it replaced
/// (<c>created_at &lt; @c or (created_at = @c and id &lt; @id)</c>) in the same run, at several store sizes so the
/// growth shows. Target: ≤ 10 ms at 10M mentions, flat in the store's size.
/// </summary>
public sealed class SearchBenchmark : IBenchHarness
{
    public string Name => "search";

    public string Description => "a deep page of mention search vs the old or-form cursor, at growing store sizes  [--sizes 1000000,3000000] [--runs N]";

    public async Task RunAsync(string[] args, CancellationToken ct)
    {
        var sizes = BenchArgs.String(args, "--sizes", "1000000,3000000,10000000")!.Split(',').Select(long.Parse).Order().ToArray();
        var runs = BenchArgs.Int(args, "--runs", 50);
        Console.WriteLine(Machine.Describe());
        var cs = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("benchsearch");
        await using var services = BenchServices.Create(cs);
        await services.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
        var store = services.GetRequiredService<MentionStore>();
        await using (var conn = new NpgsqlConnection(cs))
        {
            // Indexes this read never uses are dropped so that ten million rows load in minutes, not hours; the ones it
            // may use (the (created_at, id) index, the primary key) stay, so the planner has the store's choices.
            await conn.ExecuteAsync("drop index mentions_text_search; drop index mentions_author; drop index mentions_corrected");
        }
        var start = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(-365);

        Console.WriteLine("| mentions | store's cursor p50 / p95 | or-form cursor p50 / p95 | ratio at p95 |");
        Console.WriteLine("| ---: | ---: | ---: | ---: |");
        long loaded = 0;
        foreach (var size in sizes)
        {
            await using (var conn = new NpgsqlConnection(cs))
            {
                await conn.OpenAsync(ct);
                // Mentions spread over a year (grown in place from the previous size, times spread over the same year,
                // so the oldest tenth stays as old); ten brands, one link each.
                await conn.ExecuteAsync(new CommandDefinition(
                    """
                    insert into mentions (id, source, external_id, author_handle, text, created_at, ingested_at, label, p_neg, p_neu, p_pos, model_version, matched)
                    select g, 'bench', g::text, 'user' || (g % 50000), 'a mention number ' || g,
                           @start + ((g * 2654435761) % 1000000007)::float8 / 1000000007 * interval '365 days',
                           now(), (g % 3)::int2, 0.2, 0.3, 0.5, 'bench', true
                    from generate_series(@from, @to) g
                    """,
                    new { from = loaded + 1, to = size, start }, commandTimeout: 7200, cancellationToken: ct));
                await conn.ExecuteAsync(new CommandDefinition("vacuum analyze mentions", commandTimeout: 7200, cancellationToken: ct));
                loaded = size;

                // The cursor: the row a tenth of the way from the oldest mention, i.e. a page 90 % deep.
                var (at, id) = await conn.QuerySingleAsync<(DateTimeOffset, long)>(new CommandDefinition(
                    "select created_at, id from mentions order by created_at, id offset @o limit 1", new { o = size / 10 }, commandTimeout: 600, cancellationToken: ct));
                var cursor = new MentionCursor(at, id);

                var api = await TimeAsync(runs, async () => (await store.QueryAsync(new MentionQuery(Limit: 50, After: cursor), ct)).Items.Count);
                var old = await TimeAsync(Math.Max(5, runs / 5), async () => (await conn.QueryAsync<long>(new CommandDefinition(
                    """
                    select m.id from mentions m where (m.created_at < @at or (m.created_at = @at and m.id < @id))
                    order by m.created_at desc, m.id desc limit 51
                    """, new { at, id }, commandTimeout: 600, cancellationToken: ct))).Count());
                Console.WriteLine($"| {size:N0} | {P(api, 0.5):F2} / {P(api, 0.95):F2} ms | {P(old, 0.5):F1} / {P(old, 0.95):F1} ms | {P(old, 0.95) / P(api, 0.95):F0}× |");
            }
        }
    }

    private static async Task<double[]> TimeAsync(int runs, Func<Task<int>> read)
    {
        var times = new List<double>();
        for (var i = 0; i < runs + 3; i++)
        {
            var w = Stopwatch.StartNew();
            if (await read() < 50) throw new InvalidOperationException("a deep page should be full");
            w.Stop();
            if (i >= 3) times.Add(w.Elapsed.TotalMilliseconds); // the first runs warm the pool and caches
        }
        return [.. times.Order()];
    }

    private static double P(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}
