using System.Diagnostics;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Sentiment.Data;
using FusionMonitor.Sentiment.Encoder;
using FusionMonitor.Sentiment.Scoring;

namespace FusionMonitor.Bench.Sentiment;

/// <summary>
/// The accurate tier's speed (issue 18 targets on 2 cores: ≥ 400 texts/s batched, ≤ 30 ms p99 for one text), against
/// the fast tier on the same texts in the same run, and how its cost grows with text length (word pieces) and with
/// cores. Texts: TweetEval validation tweets (the test split is read once, for quality, not here).
/// </summary>
public sealed class EncoderThroughputHarness : IBenchHarness
{
    public string Name => "encoder";

    public string Description => "accurate tier (encoder): batch texts/s by cores and length, one-text latency, load time; fast tier in the same run";

    public Task RunAsync(string[] args, CancellationToken ct)
    {
        var seconds = BenchArgs.Int(args, "--seconds", 10);
        Console.WriteLine(Machine.Describe());
        var texts = LoadTexts();
        var clock = Stopwatch.StartNew();
        using var encoder = EncoderSentimentScorer.Load(EncoderModelFile.DefaultPath);
        Console.WriteLine($"encoder {encoder.ModelVersion}: {new FileInfo(EncoderModelFile.DefaultPath).Length / 1e6:F1} MB, loaded in {encoder.LoadTime.TotalMilliseconds:F0} ms");
        var fast = LinearSentimentScorer.LoadDefault();
        var tokens = texts.Select(t => encoder.Tokenizer.Encode(t).Length).ToList();
        Console.WriteLine($"{texts.Count:N0} tweets, mean {tokens.Average():F1} word pieces (p50 {Machine.Median(tokens.Select(t => (double)t)):F0}, max {tokens.Max()})");

        var fastRate = Rate(seconds, texts, b => fast.Score(b), out var fastCores);
        Console.WriteLine();
        // On a shared machine other work takes cores: "cores used" is the CPU time this process got ÷ wall time,
        // and texts per CPU-second is what one core of our own does.
        Console.WriteLine("| measure | texts/s | cores used | texts per CPU-second | × fast |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        Console.WriteLine($"| fast tier, batch, all cores | {fastRate:N0} | {fastCores:F2} | {fastRate / fastCores:N0} | 1 |");
        foreach (var threads in new[] { 1, 2 })
        {
            using var e = EncoderSentimentScorer.Load(EncoderModelFile.DefaultPath, threads);
            var rate = Rate(seconds, texts, b => e.Score(b), out var cores);
            Console.WriteLine($"| accurate tier, batch, {threads} thread(s) | {rate:N0} | {cores:F2} | {rate / cores:N0} | {rate / fastRate:F4} |");
        }
        var items = texts.Select(t => new TargetedText(t, [new SentimentTarget(0, Math.Min(5, t.Length))])).ToList();
        var targetRate = Rate(seconds, texts, b => encoder.ScoreTargets(items.Take(b.Count).ToList()), out var targetCores);
        Console.WriteLine($"| accurate tier, text + one party per text, batch | {targetRate:N0} | {targetCores:F2} | {targetRate / targetCores:N0} | {targetRate / fastRate:F4} |");

        // Growth with length: the same tweets repeated to 2× and 4× their length.
        Console.WriteLine();
        Console.WriteLine("| text length | mean word pieces | texts/s | × 1× length |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        double? first = null;
        foreach (var times in new[] { 1, 2, 4 })
        {
            var longer = texts.Take(500).Select(t => string.Join(' ', Enumerable.Repeat(t, times))).ToList();
            var rate = Rate(seconds / 2.0, longer, b => encoder.Score(b), out _);
            first ??= rate;
            Console.WriteLine($"| {times}× | {longer.Average(t => encoder.Tokenizer.Encode(t).Length):F0} | {rate:N0} | {rate / first:F2} |");
        }

        // One text per call.
        var ms = new List<double>();
        var singleCores = Machine.CoresUsed(() =>
        {
            foreach (var t in texts.Take(1000))
            {
                var start = Stopwatch.GetTimestamp();
                encoder.Score([t]);
                ms.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        });
        ms.Sort();
        Console.WriteLine();
        Console.WriteLine($"one text per call, {ms.Count:N0} calls: p50 {ms[ms.Count / 2]:F2} ms, p99 {ms[(int)(ms.Count * 0.99)]:F2} ms, max {ms[^1]:F2} ms (target p99 ≤ 30 ms); " +
            $"cores used {singleCores:F2}, so {ms.Average() * singleCores:F2} ms of CPU a text");
        Console.WriteLine($"total {clock.Elapsed.TotalSeconds:F0} s; {Machine.Load()}");
        return Task.CompletedTask;
    }

    private static double Rate(double seconds, List<string> texts, Action<List<string>> run, out double cores)
    {
        run(texts); // warm-up: JIT, ONNX Runtime's buffers, the fast tier's per-word cache
        long done = 0;
        var clock = Stopwatch.StartNew();
        cores = Machine.CoresUsed(() =>
        {
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                run(texts);
                done += texts.Count;
            }
        });
        return done / clock.Elapsed.TotalSeconds;
    }

    private static List<string> LoadTexts()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FusionMonitor.sln"))) dir = dir.Parent;
        var root = dir?.FullName ?? throw new InvalidOperationException("run from inside the repository");
        return LabelledTextFile.Read(Path.Combine(root, "..", "shared", "data", "sentiment", "tweeteval-val.tsv")).Select(r => r.Text).ToList();
    }
}
