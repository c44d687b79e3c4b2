using System.Diagnostics;
using System.Text.Json;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Ingestion.Import;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FusionMonitor.Bench.Ingestion;

/// <summary>
/// The whole ingest path on PostgreSQL — parse the pushed JSON → validate → match → sentiment → store with the score
/// and rollup updates in one transaction — against the store step alone (bulk insert of the same, already scored
/// rows) in the same run. Target (issue 4): ≥ 10,000 mentions/s.
/// </summary>
public sealed class PipelineBenchmark : IBenchHarness
{
    public string Name => "pipeline";

    public string Description => "parse → match → score → store on PostgreSQL, mentions/s  [--rows N] [--batch N]";

    public async Task RunAsync(string[] args, CancellationToken ct)
    {
        var rows = BenchArgs.Int(args, "--rows", 100_000);
        var batch = BenchArgs.Int(args, "--batch", 2_000);
        var parallel = BenchArgs.Int(args, "--parallel", 2); // concurrent batches, as several sources and pushes arrive at once
        Console.WriteLine(Machine.Describe());
        var server = await PostgresServer.SharedAsync();

        await using var services = BenchServices.Create(await server.CreateDatabaseAsync("benchpipe"));
        await services.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
        var scorer = services.GetRequiredService<ISentimentScorer>();
        var entities = services.GetRequiredService<EntityStore>();
        string[] brands = ["Lumen Knits", "Gilded Salmon", "Arcwave Audio", "Brightcart", "Northwind"];
        string[] people = ["Nova Reyes", "Marco Chen", "Priya Shah", "Dana Ortiz", "Sam Lee"];
        var brandIds = new List<long>();
        var personIds = new List<long>();
        foreach (var b in brands) brandIds.Add((await entities.AddBrandAsync(b, ct: ct)).Id);
        foreach (var p in people) personIds.Add((await entities.AddInfluencerAsync(p, ct: ct)).Id);
        foreach (var b in brandIds) foreach (var p in personIds) await entities.AddPairAsync(b, p, ct);

        // The pushed form: JSON items as POST /api/mentions receives them.
        var rng = new Random(3);
        string[] phrases = ["looked amazing in", "was so rude about", "can't stop talking about", "honestly disappointed by", "wore", "had a great time with"];
        var start = DateTimeOffset.UtcNow.AddHours(-6);
        var json = Enumerable.Range(0, rows).Select(i => JsonSerializer.Serialize(new
        {
            source = "bench",
            externalId = $"p{i}",
            text = $"{people[rng.Next(people.Length)]} {phrases[rng.Next(phrases.Length)]} {brands[rng.Next(brands.Length)]} at the show last night, #concert @someone https://example.org/{i} {new string('x', rng.Next(40, 120))}",
            createdAt = start.AddMilliseconds(i * 100),
            author = new { handle = $"user{rng.Next(50_000)}", followers = rng.Next(10, 2_000_000) },
            engagement = new { likes = rng.Next(300), reposts = rng.Next(30), replies = rng.Next(20) },
        }, JsonSerializerOptions.Web)).ToList();

        // Where the time goes, step by step, on the same rows (no database).
        var parseWatch = Stopwatch.StartNew();
        var parsed = json.Select(j => { using var doc = JsonDocument.Parse(j); return MentionDto.FromJson(doc.RootElement, out _)!; }).ToList();
        parseWatch.Stop();
        var scoreWatch = Stopwatch.StartNew();
        foreach (var chunk in parsed.Chunk(batch)) scorer.Score(chunk.Select(m => m.Text).ToList());
        scoreWatch.Stop();
        var matcher = new FusionMonitor.Core.Matching.EntityMatcher(await entities.BrandsAsync(ct), await entities.InfluencersAsync(ct));
        var matchWatch = Stopwatch.StartNew();
        foreach (var m in parsed) matcher.Match(m);
        matchWatch.Stop();
        Console.WriteLine($"steps alone: parse {rows / parseWatch.Elapsed.TotalSeconds:N0}/s, sentiment {rows / scoreWatch.Elapsed.TotalSeconds:N0}/s, match {rows / matchWatch.Elapsed.TotalSeconds:N0}/s");

        var pipeline = services.GetRequiredService<MentionPipeline>();
        var watch = Stopwatch.StartNew();
        long accepted = 0;
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
        var full = rows / watch.Elapsed.TotalSeconds;

        // Baseline: the store step alone, on a fresh database, with the rows already scored and matched.
        await using var baseline = BenchServices.Create(await server.CreateDatabaseAsync("benchpipe"));
        await baseline.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
        var scored = json.Select((j, i) =>
        {
            using var doc = JsonDocument.Parse(j);
            var m = MentionDto.FromJson(doc.RootElement, out _)!;
            return new ScoredMention(m, scorer.Score([m.Text])[0], scorer.ModelVersion, [brandIds[i % 5]], [personIds[i % 5]], DateTimeOffset.UtcNow);
        }).ToList();
        var store = baseline.GetRequiredService<MentionStore>();
        var w2 = Stopwatch.StartNew();
        foreach (var chunk in scored.Chunk(batch)) await store.IngestAsync(chunk, ct: ct);
        w2.Stop();
        var storeOnly = rows / w2.Elapsed.TotalSeconds;

        Console.WriteLine($"{rows:N0} pushed mentions, batches of {batch:N0}, {parallel} at a time, {accepted:N0} accepted");
        Console.WriteLine($"full pipeline (parse → validate → match → sentiment → store + scores + rollups): {full:N0} mentions/s (target ≥ 10,000)");
        Console.WriteLine($"baseline, store step alone on the same rows: {storeOnly:N0} mentions/s; pipeline ÷ store = {full / storeOnly:P0}");
    }

}
