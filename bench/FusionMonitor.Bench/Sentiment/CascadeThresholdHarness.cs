using System.Diagnostics;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Sentiment.Data;
using FusionMonitor.Sentiment.Encoder;
using FusionMonitor.Sentiment.Evaluation;
using FusionMonitor.Sentiment.Scoring;

namespace FusionMonitor.Bench.Sentiment;

/// <summary>
/// How the two tiers should be combined, measured: every text of the given labelled files is read by both tiers
/// once, then (1) blends of the two — softmax(log p_encoder + w · log p_fast) — and (2) cascade thresholds — the
/// fast reading where its top probability reaches the threshold, else the blend — are replayed, with the share of
/// texts the encoder re-reads and the throughput that share implies from the two tiers' rates in the same run. A
/// file with a <c>target</c> column is read per target (the clause reading for the fast tier). Pass tuning data
/// only (TweetEval validation, the training tool's hold-outs), never a test split.
/// </summary>
public sealed class CascadeThresholdHarness : IBenchHarness
{
    public string Name => "cascade";

    public string Description => "blend weight and cascade threshold sweep: encoder share, macro-recall / macro-F1, implied texts/s  <tsv> [<tsv> ...]";

    public Task RunAsync(string[] args, CancellationToken ct)
    {
        Console.WriteLine(Machine.Describe());
        var fast = LinearSentimentScorer.LoadDefault();
        var clause = new ClauseTargetScorer(fast);
        using var encoder = EncoderSentimentScorer.Load(EncoderModelFile.DefaultPath);
        Console.WriteLine($"fast {fast.ModelVersion}; encoder {encoder.ModelVersion}");
        var weights = new[] { 0f, 0.25f, 0.5f, 0.75f, 1f };
        var thresholds = new[] { 0f, 0.5f, 0.6f, 0.7f, 0.75f, 0.8f, 0.85f, 0.9f, 0.95f, 1.01f };
        foreach (var path in args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)))
        {
            var rows = LabelledTextFile.Read(path);
            var targeted = rows.All(r => r.Target is not null);
            var items = rows.Select(r => new TargetedText(r.Text, [targeted ? TargetSpans.Find(r.Text, r.Target!) : new SentimentTarget([])])).ToList();
            var texts = rows.Select(r => r.Text).ToList();
            var clock = Stopwatch.StartNew();
            var f = targeted ? clause.ScoreTargets(items).Select(s => s[0]).ToArray() : fast.Score(texts).ToArray();
            var fastRate = texts.Count / clock.Elapsed.TotalSeconds;
            clock.Restart();
            var a = targeted ? encoder.ScoreTargets(items).Select(s => s[0]).ToArray() : encoder.Score(texts).ToArray();
            var encoderRate = texts.Count / clock.Elapsed.TotalSeconds;
            string Measure(IEnumerable<SentimentLabel> labels)
            {
                var r = ClassificationReport.FromPairs(rows.Select((row, i) => row.Label).Zip(labels));
                return $"{r.MacroRecall:F4} | {r.MacroF1:F4} | {r.Accuracy:F4}";
            }
            Console.WriteLine();
            Console.WriteLine($"{Path.GetFileName(path)}: {rows.Count:N0} {(targeted ? "texts, each judged toward its target" : "texts")}; fast {fastRate:N0}/s, encoder {encoderRate:N0}/s here");
            Console.WriteLine("| fast tier's weight in the blend | macro-recall | macro-F1 | accuracy |");
            Console.WriteLine("| ---: | ---: | ---: | ---: |");
            foreach (var w in weights)
                Console.WriteLine($"| {w:0.00} | {Measure(a.Select((x, i) => AccurateSentimentScorer.Blend(x, f[i], w).Label))} |");
            Console.WriteLine($"| fast alone | {Measure(f.Select(x => x.Label))} |");
            Console.WriteLine();
            Console.WriteLine($"| cascade threshold (escalated: blend at {AccurateSentimentScorer.DefaultFastWeight:0.00}) | re-read by the encoder | macro-recall | macro-F1 | accuracy | implied texts/s |");
            Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var t in thresholds)
            {
                var unsure = f.Select(x => CascadeSentimentScorer.Confidence(x) < t).ToArray();
                var share = unsure.Count(u => u) / (double)rows.Count;
                var implied = 1 / (1 / fastRate + share / encoderRate);
                var name = t > 1 ? "1 (accurate)" : t == 0 ? "0 (fast)" : $"{t:0.00}";
                Console.WriteLine($"| {name} | {share:P1} | {Measure(f.Select((x, i) => (unsure[i] ? AccurateSentimentScorer.Blend(a[i], x, AccurateSentimentScorer.DefaultFastWeight) : x).Label))} | {implied:N0} |");
            }
        }
        return Task.CompletedTask;
    }
}
