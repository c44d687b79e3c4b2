using System.Diagnostics;
using System.Runtime.InteropServices;
using FusionMonitor.Sentiment.Data;
using FusionMonitor.Sentiment.Lexicon;
using FusionMonitor.Sentiment.Model;
using FusionMonitor.Sentiment.Scoring;
using FusionMonitor.Sentiment.Text;

namespace FusionMonitor.Bench.Sentiment;

/// <summary>
/// Sentiment scoring speed (issue 3 targets: batch ≥ 50,000 texts/s on 2 cores, one text ≤ 1 ms at p99), against
/// the rule-based lexicon baseline (our VADER-style rules) on one core, measured in the same run on the same texts:
/// the TweetEval test tweets from the shared data folder.
/// </summary>
public sealed class SentimentThroughputHarness : IBenchHarness
{
    public string Name => "sentiment";

    public string Description => "sentiment batch throughput and single-text latency vs the VADER-style baseline";

    public Task RunAsync(string[] args, CancellationToken ct)
    {
        var seconds = args.Length > 0 && double.TryParse(args[0], out var s) ? s : 5.0;
        var texts = LoadTexts();
        var scorer = LinearSentimentScorer.LoadDefault();
        Console.WriteLine(Machine.Describe());
        Console.WriteLine($"model {scorer.ModelVersion}; {texts.Count:N0} distinct texts (TweetEval test), mean {texts.Average(t => t.Length):F0} chars; {Environment.ProcessorCount} cores; {RuntimeInformation.OSArchitecture}; {RuntimeInformation.OSDescription}");

        // Baseline: the lexicon rules, one text after another on one core.
        var lexicon = scorer.Lexicon;
        var baseline = Rate(seconds, texts, batch => { foreach (var t in batch) ValenceAnalyzer.Analyze(SocialTextTokenizer.Tokenize(t), lexicon); });
        var single = Rate(seconds, texts, batch => { foreach (var t in batch) scorer.Score(t); });
        var parallelCores = 0.0;
        var parallel = 0.0;
        parallelCores = Machine.CoresUsed(() => parallel = Rate(seconds, texts, batch => scorer.Score(batch)));
        // The same file without its phrase CNN: what the CNN costs, measured in the same run.
        var parts = SentimentModelFile.Read(LinearSentimentScorer.DefaultModelPath);
        var linear = new LinearSentimentScorer(parts.Manifest, parts.Lexicon, parts.Embeddings, parts.Weights, parts.Biases, parts.ContentHash);
        var linearParallel = scorer.Cnn is null ? parallel : Rate(seconds, texts, batch => linear.Score(batch));

        // Latency: one text per call, each timed alone.
        var ticks = new List<long>(texts.Count * 2);
        for (var round = 0; round < 2; round++)
            foreach (var t in texts)
            {
                var start = Stopwatch.GetTimestamp();
                scorer.Score(t);
                ticks.Add(Stopwatch.GetTimestamp() - start);
            }
        ticks.Sort();
        double Us(double q) => ticks[(int)Math.Min(ticks.Count - 1, q * ticks.Count)] * 1e6 / Stopwatch.Frequency;

        Console.WriteLine();
        Console.WriteLine("| measure | texts/s | × baseline |");
        Console.WriteLine("| --- | ---: | ---: |");
        Console.WriteLine($"| baseline: VADER-style lexicon rules, 1 core | {baseline:N0} | 1.0 |");
        Console.WriteLine($"| model, one text per call, 1 thread | {single:N0} | {single / baseline:F1} |");
        Console.WriteLine($"| model, batch of {texts.Count:N0}, all cores ({parallelCores:F2} cores' worth of CPU time actually got) | {parallel:N0} | {parallel / baseline:F1} |");
        if (scorer.Cnn is not null)
            Console.WriteLine($"| same without the phrase CNN (linear part alone), batch, all cores | {linearParallel:N0} | {linearParallel / baseline:F1} |");
        Console.WriteLine();
        Console.WriteLine($"single-text latency over {ticks.Count:N0} calls: p50 {Us(0.5):F1} µs, p99 {Us(0.99):F1} µs, p99.9 {Us(0.999):F1} µs, max {Us(1.0):F0} µs");
        if (scorer.Cnn is { } cnn)
            Console.WriteLine($"phrase CNN word cache after the run: {cnn.CachedWords:N0} words, {cnn.CachedWords * (long)cnn.Projections * 4 / 1024.0 / 1024.0:F1} MB (every kept word: {cnn.Embeddings.Count * (long)cnn.Projections * 4 / 1024.0 / 1024.0:F0} MB)");
        return Task.CompletedTask;
    }

    private static double Rate(double seconds, List<string> texts, Action<List<string>> run)
    {
        run(texts); // warm-up: JIT and caches
        var clock = Stopwatch.StartNew();
        long done = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            run(texts);
            done += texts.Count;
        }
        return done / clock.Elapsed.TotalSeconds;
    }

    private static List<string> LoadTexts()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FusionMonitor.sln"))) dir = dir.Parent;
        var root = dir?.FullName ?? throw new InvalidOperationException("run from inside the repository");
        var path = Path.Combine(root, "..", "shared", "data", "sentiment", "tweeteval-test.tsv");
        return LabelledTextFile.Read(path).Select(r => r.Text).ToList();
    }
}
