using System.Diagnostics;
using System.Text.Json;
using Dapper;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Ingestion.Alerts;
using FusionMonitor.Ingestion.Import;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Ingestion.Scoring;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Alerts;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.Storage.Scores;
using FusionMonitor.TestSupport;
using FusionMonitor.Web.Auth;
using FusionMonitor.Web.Components.Data;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FusionMonitor.Bench.Ingestion;

/// <summary>
/// Cost at scale (issue 15), on PostgreSQL as the test server runs it (no raised lock limits), in one run, worlds of
/// 25 / 10k / 100k / 1M pairs built set-based (one <c>insert … select</c> per table, never an API call per pair):
/// <list type="number">
/// <item>the pipeline (<see cref="MentionPipeline"/>) on the same pushed mentions in every world, sizes alternating, each
/// run on a fresh copy of its world, then the follow-up cycles those mentions call for (history, spill-over, alerts)
/// until none is left; target ≥ 70 % of the 25-pair rate at 10k, ≥ 50 % at 1M;</item>
/// <item>the follow-up cycle (<see cref="AlertMonitor.EvaluateAsync"/>) with 1 % of the world's scopes changed before
/// each cycle; target ≤ 1 s at a million scopes;</item>
/// <item>the reads of one brand: the dashboard board (<see cref="DashboardData.BoardAsync"/>), <c>GET /api/pairs?brandId=</c>'s
/// first page (the endpoint's own calls on <see cref="PairReadModel"/>), and the latest recorded scores of the brand's
/// pairs (<see cref="HistoryStore.ScoresAtAsync(IReadOnlyCollection{long}, DateTimeOffset, CancellationToken)"/>);
/// targets ≤ 50 ms, ≤ 50 ms, ≤ 20 ms at 1M pairs; and each of the board's reads alone (its ranking, the rows' live
/// views, one baseline, the sparklines), to see where its time goes (with <c>--only reads,explain</c>, their plans).</item>
/// </list>
/// The world: the five brands and five people the mentions name (25 pairs) and ordinary consumers, each tracked with one
/// brand, spread over max(5, pairs ÷ 10,000) brands — so a brand holds 2,000 pairs at 10k and 10,000 from 100k on, and
/// one of the named brands is the one read. Every pair, influencer and brand has a score scope (from a few mentions for
/// pairs and people, 500 for brands), a spill-over mark and four hours of recorded history. The 25-pair world is the
/// baseline of every figure.
/// </summary>
public sealed class ScaleBenchmark : IBenchHarness
{
    private static readonly string[] Brands = ["Lumen Knits", "Gilded Salmon", "Arcwave Audio", "Brightcart", "Northwind"];
    private static readonly string[] People = ["Nova Reyes", "Marco Chen", "Priya Shah", "Dana Ortiz", "Sam Lee"];

    public string Name => "scale";

    public string Description => "pipeline, follow-up cycle and a brand's reads at growing numbers of pairs on PostgreSQL  [--pairs 25,10000,100000,1000000] [--rows N] [--rounds N] [--cycles N] [--mode fast]";

    public async Task RunAsync(string[] args, CancellationToken ct)
    {
        var sizes = BenchArgs.String(args, "--pairs", "25,10000,100000,1000000")!.Split(',').Select(int.Parse).Order().ToArray();
        var rows = BenchArgs.Int(args, "--rows", 20_000);
        var batch = BenchArgs.Int(args, "--batch", 2_000);
        var parallel = BenchArgs.Int(args, "--parallel", 2);
        var rounds = BenchArgs.Int(args, "--rounds", 2);
        var cycles = BenchArgs.Int(args, "--cycles", 5);
        var reads = BenchArgs.Int(args, "--reads", 20);
        var only = BenchArgs.String(args, "--only", "pipeline,cycle,reads")!.Split(',');
        var settings = new Dictionary<string, string?> { ["Sentiment:Mode"] = BenchArgs.String(args, "--mode", "fast") };
        Console.WriteLine(Machine.Describe());
        var server = await PostgresServer.SharedAsync();
        var json = PipelineBenchmark.PushedMentions(rows, Brands, People);

        // The follow-up cycle is measured at 10k / 100k / 1M scopes too (worlds of half as many pairs: each has its
        // person's scope beside it), as well as at the pipeline's sizes.
        var cycleSizes = BenchArgs.String(args, "--cycle-pairs", "5000,50000,500000")!.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)
            .Concat(sizes).Distinct().Order().ToArray();
        var worlds = new Dictionary<int, World>();
        foreach (var size in only.Contains("cycle") ? cycleSizes : sizes)
        {
            var watch = Stopwatch.StartNew();
            worlds[size] = await BuildAsync(server, size, settings, ct);
            Console.WriteLine($"world of {size:N0} pairs: {worlds[size]}, built in {watch.Elapsed.TotalSeconds:N0} s ({Machine.Load()})");
        }

        if (only.Contains("explain"))
            foreach (var size in sizes)
                await ExplainAsync(worlds[size], ct);

        if (only.Contains("pipeline"))
        {
            Console.WriteLine();
            Console.WriteLine($"pipeline: {rows:N0} pushed mentions (naming the 25 named pairs), batches of {batch:N0}, {parallel} at a time, sentiment {settings["Sentiment:Mode"]}");
            var rates = sizes.ToDictionary(s => s, _ => new List<double>());
            var follow = sizes.ToDictionary(s => s, _ => new List<(double Seconds, int Cycles, int Pairs)>());
            for (var round = -1; round < rounds; round++) // round -1 warms up (JIT, the models' caches) on the smallest world, untimed
            foreach (var size in round < 0 ? sizes[..1] : sizes)
            {
                var cs = await server.CreateDatabaseAsync("scalerun", worlds[size].ConnectionString);
                await using var run = BenchServices.Create(cs, settings: settings);
                var catalogWatch = Stopwatch.StartNew();
                await run.GetRequiredService<EntityCatalog>().GetAsync(ct); // an instance builds it once, at start
                catalogWatch.Stop();
                var pipeline = run.GetRequiredService<MentionPipeline>();
                long accepted = 0;
                var watch = Stopwatch.StartNew();
                await Parallel.ForEachAsync(json.Chunk(batch), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct }, async (chunk, token) =>
                {
                    var items = chunk.Select(j =>
                    {
                        using var doc = JsonDocument.Parse(j);
                        return MentionDto.FromJson(doc.RootElement, out _);
                    }).ToList();
                    Interlocked.Add(ref accepted, (await pipeline.IngestAsync(items, ct: token)).Accepted);
                });
                watch.Stop();
                if (accepted != rows) throw new InvalidOperationException($"{accepted:N0} of {rows:N0} mentions accepted");
                if (round < 0)
                {
                    await DrainAsync(run.GetRequiredService<AlertMonitor>(), ct);
                    await DropAsync(server, cs);
                    continue;
                }
                rates[size].Add(rows / watch.Elapsed.TotalSeconds);
                var (seconds, n, pairs) = await DrainAsync(run.GetRequiredService<AlertMonitor>(), ct);
                follow[size].Add((seconds, n, pairs));
                Console.WriteLine($"  round {round + 1}, {size,9:N0} pairs: {rows / watch.Elapsed.TotalSeconds,7:N0} mentions/s; then {n} follow-up cycles, {pairs:N0} pairs re-read, {seconds:N2} s " +
                    $"(catalogue built in {catalogWatch.Elapsed.TotalSeconds:N2} s; {Machine.Load()})");
                await DropAsync(server, cs);
            }
            var baseline = Machine.Median(rates[sizes[0]]);
            Console.WriteLine();
            Console.WriteLine($"| pairs | mentions/s per round | median | ÷ {sizes[0]:N0} pairs | follow-up after the mentions (cycles, pairs re-read, s) |");
            Console.WriteLine("| ---: | ---: | ---: | ---: | --- |");
            foreach (var size in sizes)
                Console.WriteLine($"| {size:N0} | {string.Join(", ", rates[size].Select(r => r.ToString("N0")))} | {Machine.Median(rates[size]):N0} | {Machine.Median(rates[size]) / baseline:P0} | " +
                    string.Join("; ", follow[size].Select(f => $"{f.Cycles}, {f.Pairs:N0}, {f.Seconds:N2} s")) + " |");
        }

        if (only.Contains("cycle") || only.Contains("reads"))
        {
            Console.WriteLine();
            Console.WriteLine($"follow-up cycle with 1 % of the scopes changed before each ({cycles} cycles after one warm-up), and a named brand's reads ({reads} each after 3 warm-ups):");
            Console.WriteLine("| pairs | scopes | changed per cycle | cycle p50 / max | pairs re-read per cycle | brand's pairs | board (one brand) p50 / p95 | GET /api/pairs?brandId= first page p50 / p95 | latest scores p50: a page of 100 / all the brand's pairs (score_latest) |");
            Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var size in only.Contains("cycle") ? cycleSizes : sizes)
            {
                var world = worlds[size];
                var cs = await server.CreateDatabaseAsync("scalecycle", world.ConnectionString);
                if (BenchArgs.Int(args, "--log-slow", -1) is var slow and >= 0)
                {
                    // Statements slower than this many ms go to the server's log (its path is printed), to see where a cycle's time goes.
                    await using var admin = new NpgsqlConnection(cs);
                    await admin.ExecuteAsync($"alter database \"{new NpgsqlConnectionStringBuilder(cs).Database}\" set log_min_duration_statement = {slow}");
                    NpgsqlConnection.ClearPool(admin);
                }
                await using var run = BenchServices.Create(cs, settings: settings);
                var monitor = run.GetRequiredService<AlertMonitor>();
                var cycleTimes = new List<double>();
                long changedTotal = 0, pairsTotal = 0;
                if (only.Contains("cycle"))
                {
                    for (var c = 0; c <= cycles; c++)
                    {
                        var changed = await ChangeOnePercentAsync(cs, world, c, ct);
                        var watch = Stopwatch.StartNew();
                        var cycle = await monitor.EvaluateAsync(ct);
                        var pairs = cycle.PairsRead;
                        while (cycle.More) { cycle = await monitor.EvaluateAsync(ct); pairs += cycle.PairsRead; }
                        watch.Stop();
                        if (c == 0) continue; // warm-up: JIT, pools, caches
                        cycleTimes.Add(watch.Elapsed.TotalMilliseconds);
                        changedTotal += changed;
                        pairsTotal += pairs;
                    }
                }

                if (BenchArgs.Int(args, "--log-slow", -1) >= 0)
                    foreach (var log in Directory.GetDirectories(Path.GetTempPath(), $"fusion-pg-{Environment.ProcessId}-*").Select(d => Path.Combine(d, "server.log")).Where(File.Exists))
                    foreach (var line in File.ReadLines(log).Where(l => l.Contains("duration:", StringComparison.Ordinal)))
                        Console.WriteLine("  slow: " + (line.Length > 400 ? line[..400] : line));
                var (board, page, latestPage, latestAll, probed, brandPairs) = only.Contains("reads") && sizes.Contains(size) ? await ReadsAsync(run, cs, world, reads, only.Contains("explain"), ct) : ([], [], [], [], [], 0);
                Console.WriteLine($"| {size:N0} | {world.Scopes:N0} | {(cycleTimes.Count == 0 ? "—" : (changedTotal / cycleTimes.Count).ToString("N0"))} | " +
                    $"{(cycleTimes.Count == 0 ? "—" : $"{Machine.Median(cycleTimes):N0} / {cycleTimes.Max():N0} ms")} | {(cycleTimes.Count == 0 ? "—" : (pairsTotal / cycleTimes.Count).ToString("N0"))} | " +
                    $"{brandPairs:N0} | {P(board, 0.5):N1} / {P(board, 0.95):N1} ms | {P(page, 0.5):N1} / {P(page, 0.95):N1} ms | {P(latestPage, 0.5):N1} / {P(latestAll, 0.5):N1} ms (a probe per pair: {P(probed, 0.5):N1} ms) |");
                await DropAsync(server, cs);
            }
        }
        foreach (var w in worlds.Values) await DropAsync(server, w.ConnectionString);
    }

    /// <summary>
    /// The plans of the follow-up's key look-ups over 1 % of the world's pairs (the spill-over marks of their people, the
    /// tracked pairs of their scopes, their scopes), as the stores write them: a scan here would grow with the world.
    /// </summary>
    private static async Task ExplainAsync(World world, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(world.ConnectionString);
        await conn.OpenAsync(ct);
        var keys = (await conn.QueryAsync<(long Brand, long Influencer)>("select brand_id, influencer_id from pairs where id % 100 = 7")).ToList();
        var args = new
        {
            kinds = keys.Select(_ => (short)1).ToArray(), zeros = keys.Select(_ => 0L).ToArray(), people = keys.Select(k => k.Influencer).ToArray(),
            pairKinds = keys.Select(_ => (short)0).ToArray(), brands = keys.Select(k => k.Brand).ToArray(),
        };
        string[] statements =
        [
            "select m.* from score_spillover m join unnest(@kinds, @zeros, @people) as k(kind, brand_id, influencer_id) on m.kind = k.kind and m.brand_id = k.brand_id and m.influencer_id = k.influencer_id",
            "select p.id from pairs p join unnest(@brands, @people) as k(brand_id, influencer_id) on p.brand_id = k.brand_id and p.influencer_id = k.influencer_id",
            "select p.id from unnest(@brands, @people) as k(brand_id, influencer_id) cross join lateral (select id from pairs where brand_id = k.brand_id and influencer_id = k.influencer_id limit 1) p",
            "select s.state from score_scopes s join unnest(@pairKinds, @brands, @people) as k(kind, brand_id, influencer_id) on s.kind = k.kind and s.brand_id = k.brand_id and s.influencer_id = k.influencer_id",
        ];
        Console.WriteLine($"plans at {world.Pairs:N0} pairs, {keys.Count:N0} keys:");
        foreach (var sql in statements)
        {
            Console.WriteLine("  " + sql[..Math.Min(sql.Length, 90)] + " …");
            foreach (var line in await conn.QueryAsync<string>(new CommandDefinition("explain (analyze, buffers) " + sql, args, cancellationToken: ct)))
                Console.WriteLine("    " + line);
        }
        await conn.CloseAsync();
        NpgsqlConnection.ClearPool(conn);
    }

    /// <summary>Runs follow-up cycles until none has work left: what the mentions just ingested call for.</summary>
    private static async Task<(double Seconds, int Cycles, int Pairs)> DrainAsync(AlertMonitor monitor, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var n = 0;
        var pairs = 0;
        AlertMonitor.Cycle cycle;
        do
        {
            cycle = await monitor.EvaluateAsync(ct);
            n++;
            pairs += cycle.PairsRead;
        } while (cycle.More);
        return (watch.Elapsed.TotalSeconds, n, pairs);
    }

    private static async Task<(double[] Board, double[] Page, double[] LatestPage, double[] LatestAll, double[] Probed, int BrandPairs)> ReadsAsync(ServiceProvider run, string cs, World world, int reads, bool explain,
        CancellationToken ct)
    {
        var pairs = run.GetRequiredService<PairReadModel>();
        var history = run.GetRequiredService<HistoryStore>();
        var dashboard = new DashboardData(run.GetRequiredService<EntityCatalog>(), pairs, run.GetRequiredService<MentionStore>(), run.GetRequiredService<AlertStore>());
        var everyone = new BrandScope(null);
        var brandId = world.ReadBrandId;
        var all = (await run.GetRequiredService<EntityStore>().PairsOfBrandAsync(brandId, ct)).Select(p => p.Id).ToList();

        var board = await TimeAsync(reads, async () => (await dashboard.BoardAsync(everyone, brandId, ct: ct)).Rows.Count);
        // Where the board's time goes: each of its reads alone, as BoardAsync makes them.
        var (shownPairs, _) = await pairs.RankedAsync(null, brandId, 0, DashboardData.BoardPage, ct);
        var shownIds = shownPairs.Select(p => p.Id).ToList();
        var parts = new (string Name, double[] Times)[]
        {
            ("rank", await TimeAsync(reads, async () => (await pairs.RankedAsync(null, brandId, 0, DashboardData.BoardPage, ct)).Page.Count)),
            ("views", await TimeAsync(reads, async () => (await pairs.ViewsAsync(shownPairs, maxDrivers: 3, ct)).Count)),
            ("baseline", await TimeAsync(reads, async () => 1 + (await history.ScoresAtAsync(shownIds, DateTimeOffset.UtcNow.AddHours(-24), ct)).Count)),
            ("sparklines", await TimeAsync(reads, async () => (await pairs.RecentHistoryAsync(shownIds, DashboardData.SparkSpan, ct)).Count)),
        };
        if (explain)
        {
            // The board's statements and the forms they replaced, planned on this world (--only reads,explain).
            await using var conn = new NpgsqlConnection(cs);
            await conn.OpenAsync(ct);
            foreach (var sql in new[]
            {
                // before: a probe into score_latest per pair of the brand
                "select p.id from pairs p left join score_latest l on l.pair_id = p.id where p.brand_id = @brandId order by coalesce(l.score, 50), p.id limit 100 offset 0",
                // now (HistoryStore.RankedOfBrandAsync): the brand's two index ranges hashed together
                "select p.id from pairs p left join (select pair_id, score from score_latest where brand_id = @brandId) l on l.pair_id = p.id where p.brand_id = @brandId order by coalesce(l.score, 50), p.id limit 100 offset 0",
                "select p.id, p.brand_id, p.influencer_id from pairs p where p.id = any(@ids)",
                "select count(*) from pairs where brand_id = @brandId",
                "select pair_id, score from score_latest where brand_id = @brandId order by score, pair_id",
            })
            {
                Console.WriteLine("  " + sql);
                foreach (var line in await conn.QueryAsync<string>(new CommandDefinition("explain (analyze, buffers) " + sql, new { brandId, ids = shownIds.ToArray() }, cancellationToken: ct)))
                    Console.WriteLine("    " + line);
            }
        }
        Console.WriteLine($"  board of {all.Count:N0} pairs, its parts p50: " + string.Join(", ", parts.Select(p => $"{p.Name} {P(p.Times, 0.5):N1} ms")) + $" ({Machine.Load()})");
        // GET /api/pairs?brandId=&limit=100: PairsApi.List and Summaries, call for call.
        var page = await TimeAsync(reads, async () =>
        {
            var listed = await pairs.PageAsync(null, brandId, 0, 101, ct: ct);
            var shown = listed.Take(100).ToList();
            var views = await pairs.ViewsAsync(shown, maxDrivers: 0, ct);
            var dayAgo = await pairs.BaselineAsync(shown.Select(p => p.Id).ToList(), TimeSpan.FromHours(24), ct);
            return views.Count(v => dayAgo.Of(v.Pair.Id) >= 0);
        });
        var first = all.Take(100).ToList();
        var latestPage = await TimeAsync(reads, async () => (await history.ScoresAtAsync(first, DateTimeOffset.UtcNow, ct)).Count);
        var probed = await TimeAsync(Math.Max(3, reads / 4), async () => (await history.ScoresAtAsync(all, DateTimeOffset.UtcNow, ct)).Count);
        var latestAll = await TimeAsync(reads, async () => (await history.LatestOfBrandAsync(brandId, ct)).Count);
        return (board, page, latestPage, latestAll, probed, all.Count);
    }

    private static async Task<double[]> TimeAsync(int runs, Func<Task<int>> read)
    {
        var times = new List<double>();
        for (var i = 0; i < runs + 3; i++)
        {
            var w = Stopwatch.StartNew();
            if (await read() == 0) throw new InvalidOperationException("the read came back empty");
            w.Stop();
            if (i >= 3) times.Add(w.Elapsed.TotalMilliseconds);
        }
        return [.. times.Order()];
    }

    private static double P(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    /// <summary>A world ready to copy: its database (a template: nobody stays connected), its size, the brand whose reads are measured.</summary>
    private sealed record World(string ConnectionString, long Pairs, long Influencers, long BrandCount, long Scopes, long ReadBrandId, Templates States)
    {
        public override string ToString() => $"{BrandCount:N0} brands, {Influencers:N0} influencers, {Scopes:N0} score scopes";
    }

    /// <summary>The stored form of the accumulators every scope of a world starts from, and of a pair and person one mention later.</summary>
    private sealed record Templates(Stored Pair, Stored Influencer, Stored Brand, Stored PairMoved, Stored InfluencerMoved, double PairScore, double PairConfidence);

    private sealed record Stored(string State, string Top, string Voices, long AnchorTicks, double Mass)
    {
        public static Stored Of(ScopeAccumulator a)
        {
            var mark = SpillOverMark.Of(a);
            return new Stored(ScoreJson.WriteSums(a), ScoreJson.WriteTop(a), ScoreJson.WriteVoices(a), mark.AnchorTicks, mark.Mass);
        }
    }

    private static Templates BuildTemplates(ScoreOptions options)
    {
        var now = DateTimeOffset.UtcNow;
        var rng = new Random(15);
        var book = new ScoreBook(options);
        ScoreEvidence Evidence(long id, long[] brands, long[] people, string author) =>
            new(id, now.AddMinutes(-rng.Next(60, 20 * 24 * 60)), Math.Round(rng.NextDouble() * 1.6 - 0.6, 3), rng.Next(50, 20_000), rng.Next(30), brands, people,
                AuthorHandle: author);
        for (var i = 0; i < 8; i++) book.Apply(Evidence(-1 - i, [1], [1], $"fan{i}"));
        for (var i = 0; i < 4; i++) book.Apply(Evidence(-100 - i, [], [1], $"follower{i}"));
        for (var i = 0; i < 500; i++) book.Apply(Evidence(-1_000 - i, [1], [], $"shopper{i}"));
        var pair = book.Find(ScopeKey.ForPair(1, 1))!;
        var score = book.ScoreOf(1, 1, now);
        var templates = (Pair: Stored.Of(pair), Influencer: Stored.Of(book.Find(ScopeKey.ForInfluencer(1))!), Brand: Stored.Of(book.Find(ScopeKey.ForBrand(1))!));
        book.Apply(new ScoreEvidence(-99, now, -0.8, 1_000, 3, [1], [1], AuthorHandle: "critic"));
        return new Templates(templates.Pair, templates.Influencer, templates.Brand, Stored.Of(book.Find(ScopeKey.ForPair(1, 1))!),
            Stored.Of(book.Find(ScopeKey.ForInfluencer(1))!), score.Score, score.Confidence);
    }

    private static async Task<World> BuildAsync(PostgresServer server, int size, IReadOnlyDictionary<string, string?> settings, CancellationToken ct)
    {
        var cs = await server.CreateDatabaseAsync($"scale{size}");
        Templates templates;
        long readBrand;
        await using (var services = BenchServices.Create(cs, settings: settings))
        {
            await services.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
            var (brandIds, _) = await PipelineBenchmark.AddCatalogueAsync(services.GetRequiredService<EntityStore>(), Brands, People, ct);
            readBrand = brandIds[0];
            templates = BuildTemplates(services.GetRequiredService<ScoreOptions>());
        }
        var brandCount = Math.Max(5, size / 10_000);
        var consumers = Math.Max(0, size - 25);
        var now = DateTimeOffset.UtcNow;
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        DateTimeOffset[] hours = [hour.AddHours(-1), hour.AddHours(-25), hour.AddDays(-7).AddHours(-1), hour.AddDays(-30)];
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync(ct);
            async Task Run(string sql, object? args = null) =>
                await conn.ExecuteAsync(new CommandDefinition(sql, args, commandTimeout: 3_600, cancellationToken: ct));
            await Run("insert into brands (name, name_key) select 'Scale Brand ' || g, 'scale brand ' || g from generate_series(1, @n) g", new { n = brandCount - Brands.Length });
            await Run("insert into influencers (name, name_key) select 'Scale Consumer ' || g, 'scale consumer ' || g from generate_series(1, @n) g", new { n = consumers });
            await Run(
                """
                with b as (select id, row_number() over (order by id) - 1 as n from brands),
                     i as (select id, row_number() over (order by id) - 1 as n from influencers where name_key like 'scale consumer %')
                insert into pairs (brand_id, influencer_id) select b.id, i.id from i join b on b.n = i.n % @brandCount
                """, new { brandCount });
            var (p, f, b) = (templates.Pair, templates.Influencer, templates.Brand);
            await Run(
                """
                insert into score_scopes (kind, brand_id, influencer_id, state, top, voices, change_id, updated_at)
                select 0, brand_id, influencer_id, @ps, @pt, @pv, 0, now() from pairs
                union all select 1, 0, id, @fs, @ft, @fv, 0, now() from influencers
                union all select 2, id, 0, @bs, @bt, @bv, 0, now() from brands
                """, new { ps = p.State, pt = p.Top, pv = p.Voices, fs = f.State, ft = f.Top, fv = f.Voices, bs = b.State, bt = b.Top, bv = b.Voices });
            await Run(
                """
                insert into score_spillover (kind, brand_id, influencer_id, anchor_ticks, mass)
                select 1, 0, id, @fa, @fm from influencers union all select 2, id, 0, @ba, @bm from brands
                """, new { fa = f.AnchorTicks, fm = f.Mass, ba = b.AnchorTicks, bm = b.Mass });
            await Run(
                "insert into score_history (pair_id, hour, score, confidence) select p.id, h.hour, @score, @confidence from pairs p cross join unnest(@hours) as h(hour)",
                new { score = templates.PairScore, confidence = templates.PairConfidence, hours });
            await Run(
                // The kept peak of a pair whose five-minute points have gone (the world has none): an empty queue, as the follow-up leaves it.
                "insert into score_latest (pair_id, brand_id, hour, score, confidence, peaks) select id, brand_id, @hour, @score, @confidence, '[]' from pairs",
                new { hour = hours[0], score = templates.PairScore, confidence = templates.PairConfidence });
            await Run("vacuum analyze");
            var counts = await conn.QuerySingleAsync<(long Pairs, long Influencers, long Brands, long Scopes)>(
                "select (select count(*) from pairs), (select count(*) from influencers), (select count(*) from brands), (select count(*) from score_scopes)");
            await conn.CloseAsync();
            NpgsqlConnection.ClearPool(conn);
            return new World(cs, counts.Pairs, counts.Influencers, counts.Brands, counts.Scopes, readBrand, templates);
        }
    }

    /// <summary>
    /// What a cycle's worth of ingestion leaves behind, in one transaction as an ingest writes it: a slice of 1 % of the
    /// pairs co-mentioned once more (their scope and their person's move by one mention), which with every brand's scope
    /// (touched, moved less than the spill-over bound) is about 1 % of the world's scopes. Returns the scopes changed.
    /// </summary>
    private static async Task<long> ChangeOnePercentAsync(string cs, World world, int slice, CancellationToken ct)
    {
        var (p, f) = (world.States.PairMoved, world.States.InfluencerMoved);
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var args = new { slice, ps = p.State, pt = p.Top, pv = p.Voices, fs = f.State, ft = f.Top, fv = f.Voices };
        var changed = await conn.ExecuteAsync(new CommandDefinition(
            """
            update score_scopes s set state = @ps, top = @pt, voices = @pv, change_id = pg_current_xact_id()::text::bigint, updated_at = now()
            from pairs p where p.id % 100 = @slice and s.kind = 0 and s.brand_id = p.brand_id and s.influencer_id = p.influencer_id
            """, args, tx, commandTimeout: 600, cancellationToken: ct));
        changed += await conn.ExecuteAsync(new CommandDefinition(
            """
            update score_scopes s set state = @fs, top = @ft, voices = @fv, change_id = pg_current_xact_id()::text::bigint, updated_at = now()
            from pairs p where p.id % 100 = @slice and s.kind = 1 and s.brand_id = 0 and s.influencer_id = p.influencer_id
            """, args, tx, commandTimeout: 600, cancellationToken: ct));
        changed += await conn.ExecuteAsync(new CommandDefinition(
            "update score_scopes set change_id = pg_current_xact_id()::text::bigint, updated_at = now() where kind = 2", transaction: tx, commandTimeout: 600, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return changed;
    }

    private static async Task DropAsync(PostgresServer server, string cs)
    {
        using (var pooled = new NpgsqlConnection(cs)) NpgsqlConnection.ClearPool(pooled);
        await server.DropDatabaseAsync(cs);
    }
}
