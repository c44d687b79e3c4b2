using System.Diagnostics;
using System.Text.Json;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Ingestion.Import;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Ingestion.Strategy;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FusionMonitor.Bench.Ingestion;

/// <summary>
/// The whole ingest path on PostgreSQL — parse the pushed JSON → validate → match → sentiment → store with the score
/// and rollup updates in one transaction — against the store step alone (bulk insert of the same, already scored
/// rows) in the same run. Target (issue 4): ≥ 10,000 mentions/s; language detection and per-party reading together
/// cost at most 30 % of it (issue 19), and the strategy rollups' aspect step at most 10 % (issue 21), each measured as the
/// ratio of runs with and without it, alternating in one run.
/// </summary>
public sealed class PipelineBenchmark : IBenchHarness
{
    public string Name => "pipeline";

    public string Description => "parse → match → language → score → per party → store on PostgreSQL, mentions/s, with and without language detection and per-party reading  [--rows N] [--batch N] [--rounds N] [--mode accurate|fast|cascade]";

    public async Task RunAsync(string[] args, CancellationToken ct)
    {
        var rows = BenchArgs.Int(args, "--rows", 100_000);
        var batch = BenchArgs.Int(args, "--batch", 2_000);
        var parallel = BenchArgs.Int(args, "--parallel", 2); // concurrent batches, as several sources and pushes arrive at once
        var rounds = BenchArgs.Int(args, "--rounds", 3);
        var mode = BenchArgs.String(args, "--mode", null);
        var settings = new Dictionary<string, string?>();
        if (mode is not null) settings["Sentiment:Mode"] = mode;
        Console.WriteLine(Machine.Describe());
        var server = await PostgresServer.SharedAsync();

        string[] brands = ["Lumen Knits", "Gilded Salmon", "Arcwave Audio", "Brightcart", "Northwind"];
        string[] people = ["Nova Reyes", "Marco Chen", "Priya Shah", "Dana Ortiz", "Sam Lee"];

        // The pushed form: JSON items as POST /api/mentions receives them (PushedMentions).
        var bodies = TweetBodies();
        string[] phrases = ["looked amazing in", "was so rude about", "can't stop talking about", "honestly disappointed by", "wore", "had a great time with"];
        var json = PushedMentions(rows, brands, people);

        // Where the time goes, step by step, on the same rows (no database).
        await using var services = BenchServices.Create(await server.CreateDatabaseAsync("benchpipe"), settings: settings);
        Console.WriteLine($"sentiment mode {services.GetRequiredService<Microsoft.Extensions.Options.IOptions<FusionMonitor.Sentiment.SentimentOptions>>().Value.Mode}");
        await services.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
        var scorer = services.GetRequiredService<ISentimentScorer>();
        var reader = services.GetRequiredService<ISentimentReader>();
        var entities = services.GetRequiredService<EntityStore>();
        var (brandIds, personIds) = await AddCatalogueAsync(entities, brands, people, ct);
        var parseWatch = Stopwatch.StartNew();
        var parsed = json.Select(j => { using var doc = JsonDocument.Parse(j); return MentionDto.FromJson(doc.RootElement, out _)!; }).ToList();
        parseWatch.Stop();
        var scoreWatch = Stopwatch.StartNew();
        foreach (var chunk in parsed.Chunk(batch)) scorer.Score(chunk.Select(m => m.Text).ToList());
        scoreWatch.Stop();
        var readWatch = Stopwatch.StartNew();
        var languages = new Dictionary<string, int>();
        foreach (var chunk in parsed.Chunk(batch))
        foreach (var r in reader.Read(chunk.Select(m => m.Text).ToList()))
            languages[r.Scored ? r.Lang : r.Lang + " (unscored)"] = languages.GetValueOrDefault(r.Scored ? r.Lang : r.Lang + " (unscored)") + 1;
        readWatch.Stop();
        var matcher = new FusionMonitor.Core.Matching.EntityMatcher(await entities.BrandsAsync(ct), await entities.InfluencersAsync(ct));
        var matchWatch = Stopwatch.StartNew();
        foreach (var m in parsed) matcher.Match(m);
        matchWatch.Stop();
        Console.WriteLine($"steps alone: parse {rows / parseWatch.Elapsed.TotalSeconds:N0}/s, English sentiment {rows / scoreWatch.Elapsed.TotalSeconds:N0}/s, " +
            $"language + sentiment per language {rows / readWatch.Elapsed.TotalSeconds:N0}/s, match {rows / matchWatch.Elapsed.TotalSeconds:N0}/s");
        Console.WriteLine("languages read: " + string.Join(", ", languages.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value:N0}")));

        // Per-party reading alone, by how many parties a mention names in its words (1, 2, 4, 8): its cost grows with
        // those, never with the catalogue (the matcher's spans say where to read; nothing is looked up per entity).
        var parties = services.GetRequiredService<FusionMonitor.Sentiment.Scoring.PartyReadings>();
        string[] named = [.. brands, .. people];
        var sample = Math.Min(rows, BenchArgs.Int(args, "--party-sample", 1_000));
        foreach (var k in new[] { 1, 2, 4, 8 })
        {
            var texts = Enumerable.Range(0, sample).Select(i =>
                string.Join(" and ", Enumerable.Range(0, k).Select(j => named[(i + j * 3) % named.Length])) + " " + (bodies.Count > 0 ? bodies[(int)((i * 7919L) % bodies.Count)] : phrases[i % phrases.Length])).ToList();
            var read = reader.Read(texts);
            var items = texts.Select((t, i) =>
            {
                var match = matcher.MatchText(t);
                return new FusionMonitor.Sentiment.Scoring.PartyReadings.Item(t, match, match.BrandIds, match.InfluencerIds, read[i]);
            }).ToList();
            var perParty = items.Count(it => FusionMonitor.Sentiment.Scoring.PartyReadings.ReadsPerParty(it.Reading));
            var partyWatch = Stopwatch.StartNew();
            foreach (var chunk in items.Chunk(batch)) parties.Read(chunk);
            partyWatch.Stop();
            Console.WriteLine($"per-party reading alone, {k} part{(k == 1 ? "y" : "ies")} named per mention: {partyWatch.Elapsed.TotalMicroseconds / sample:N1} µs a mention " +
                $"({perParty:N0} of {sample:N0} read per party: English or no telling language)");
        }

        // The full pipeline as it runs by default (language detection and per-party reading), with per-party reading off,
        // and with both off (every text read by the English model, one polarity for everyone), alternating, each on a
        // fresh database: the cost of each is the ratio of the runs, in the same run.
        // A fourth, "no aspects", is the default with the strategy rollups' aspect step off (StrategyRollupEffects reading
        // no aspects: the lexicon, the brands' places and the clause readings of texts naming an aspect), so its ratio to
        // the default is the aspect step's share of the pipeline.
        (string Name, bool Detect, bool Parties, bool Aspects)[] configs =
            [("language + per party", true, true, true), ("no aspects", true, true, false), ("language only", true, false, true), ("neither", false, false, true)];
        var runs = configs.ToDictionary(c => c.Name, _ => new List<double>());
        long accepted = 0;
        for (var round = 0; round < rounds; round++)
        foreach (var (name, detect, readParties, aspects) in configs)
        {
            await using var run = BenchServices.Create(await server.CreateDatabaseAsync("benchpipe"), settings: new Dictionary<string, string?>(settings)
            {
                ["Sentiment:DetectLanguages"] = detect ? "true" : "false",
                ["Sentiment:ReadParties"] = readParties ? "true" : "false",
            }, configure: aspects ? null : s => s.AddSingleton(sp => ActivatorUtilities.CreateInstance<StrategyRollupEffects>(sp, false)));
            await run.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
            await AddCatalogueAsync(run.GetRequiredService<EntityStore>(), brands, people, ct);
            var pipeline = run.GetRequiredService<MentionPipeline>();
            accepted = 0;
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
            runs[name].Add(rows / watch.Elapsed.TotalSeconds);
            Console.WriteLine($"  round {round + 1}, {name}: {rows / watch.Elapsed.TotalSeconds:N0} mentions/s");
        }
        var full = Median(runs["language + per party"]);
        var noAspects = Median(runs["no aspects"]);
        var languageOnly = Median(runs["language only"]);
        var english = Median(runs["neither"]);

        // Baseline: the store step alone, on a fresh database, with the rows already scored and matched.
        await using var baseline = BenchServices.Create(await server.CreateDatabaseAsync("benchpipe"), settings: settings);
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
        Console.WriteLine($"full pipeline (parse → validate → match → language → sentiment → per party → store + scores + rollups): {full:N0} mentions/s (target ≥ 10,000), median of {rounds}");
        Console.WriteLine($"without per-party reading: {languageOnly:N0} mentions/s; with ÷ without = {full / languageOnly:P0}");
        var naming = parsed.Count(m => FusionMonitor.Core.Strategy.AspectLexicon.Default.Detect(m.Text).Count > 0);
        Console.WriteLine($"without the aspect step: {noAspects:N0} mentions/s; aspect step's share = 1 − with ÷ without = {1 - full / noAspects:P1} (target ≤ 10 %); " +
            $"{naming:N0} of {parsed.Count:N0} pushed texts ({naming / (double)parsed.Count:P0}) name an aspect");
        Console.WriteLine($"without either (English model for every text, one polarity for everyone): {english:N0} mentions/s; full ÷ neither = {full / english:P0} (target ≥ 70 %)");
        Console.WriteLine($"baseline, store step alone on the same rows: {storeOnly:N0} mentions/s; pipeline ÷ store = {full / storeOnly:P0}");
    }

    /// <summary>
    /// The pushed form: JSON items as POST /api/mentions receives them, each naming one of <paramref name="people"/> and
    /// one of <paramref name="brands"/>. Their bodies are real tweets in the eight languages the product reads (the UMSAB
    /// and TweetEval validation splits), so language detection meets real vocabulary; without the data folder, the
    /// synthetic phrases of earlier runs. The same seed gives the same mentions.
    /// </summary>
    internal static List<string> PushedMentions(int rows, string[] brands, string[] people)
    {
        var rng = new Random(3);
        var bodies = TweetBodies();
        string[] phrases = ["looked amazing in", "was so rude about", "can't stop talking about", "honestly disappointed by", "wore", "had a great time with"];
        var start = DateTimeOffset.UtcNow.AddHours(-6);
        return Enumerable.Range(0, rows).Select(i => JsonSerializer.Serialize(new
        {
            source = "bench",
            externalId = $"p{i}",
            text = bodies.Count > 0
                ? $"{people[rng.Next(people.Length)]} {brands[rng.Next(brands.Length)]} {bodies[rng.Next(bodies.Count)]} https://example.org/{i}"
                : $"{people[rng.Next(people.Length)]} {phrases[rng.Next(phrases.Length)]} {brands[rng.Next(brands.Length)]} at the show last night, #concert @someone https://example.org/{i} {new string('x', rng.Next(40, 120))}",
            createdAt = start.AddMilliseconds(i * 100),
            author = new { handle = $"user{rng.Next(50_000)}", followers = rng.Next(10, 2_000_000) },
            engagement = new { likes = rng.Next(300), reposts = rng.Next(30), replies = rng.Next(20) },
        }, JsonSerializerOptions.Web)).ToList();
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    internal static async Task<(List<long> Brands, List<long> People)> AddCatalogueAsync(EntityStore entities, string[] brands, string[] people, CancellationToken ct)
    {
        var brandIds = new List<long>();
        var personIds = new List<long>();
        foreach (var b in brands) brandIds.Add((await entities.AddBrandAsync(b, ct: ct)).Id);
        foreach (var p in people) personIds.Add((await entities.AddInfluencerAsync(p, ct: ct)).Id);
        foreach (var b in brandIds) foreach (var p in personIds) await entities.AddPairAsync(b, p, ct);
        return (brandIds, personIds);
    }

    /// <summary>Tweet texts of the validation splits (never a test split), or none when the data folder is absent.</summary>
    private static List<string> TweetBodies()
    {
        var dir = Path.Combine(Directory.GetCurrentDirectory(), "..", "shared", "data", "sentiment");
        if (!Directory.Exists(dir)) return [];
        var files = Directory.GetFiles(Path.Combine(dir, "multilingual"), "*-val.tsv").Append(Path.Combine(dir, "tweeteval-val.tsv")).Where(File.Exists);
        return files.SelectMany(f => File.ReadLines(f).Skip(1).Select(l => l.Split('\t', 2)).Where(c => c.Length == 2).Select(c => c[1].Trim())).ToList();
    }
}
