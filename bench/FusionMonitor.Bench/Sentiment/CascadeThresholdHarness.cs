using System.Diagnostics;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Sentiment.Data;
using FusionMonitor.Sentiment.Encoder;
using FusionMonitor.Sentiment.Evaluation;
using FusionMonitor.Sentiment.Scoring;

namespace FusionMonitor.Bench.Sentiment;

/// <summary>
/// Where the cascade's threshold belongs: every text of the given labelled files is read by both tiers once, then
/// each threshold is replayed — the share of texts the encoder would re-read, the macro-recall that gives, and the
/// throughput that share implies from the two tiers' rates measured in the same run. Pass tuning data only
/// (TweetEval validation, the training tool's hold-outs), never a test split.
/// </summary>
public sealed class CascadeThresholdHarness : IBenchHarness
{
    public string Name => "cascade";

    public string Description => "cascade threshold sweep: escalated share, macro-recall, implied texts/s  <tsv> [<tsv> ...]";

    public Task RunAsync(string[] args, CancellationToken ct)
    {
        Console.WriteLine(Machine.Describe());
        var fast = LinearSentimentScorer.LoadDefault();
        using var accurate = EncoderSentimentScorer.Load(EncoderModelFile.DefaultPath);
        Console.WriteLine($"fast {fast.ModelVersion}; accurate {accurate.ModelVersion}");
        var thresholds = new[] { 0f, 0.5f, 0.6f, 0.7f, 0.75f, 0.8f, 0.85f, 0.9f, 0.95f, 1.01f };
        foreach (var path in args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)))
        {
            var rows = LabelledTextFile.Read(path);
            var texts = rows.Select(r => r.Text).ToList();
            var clock = Stopwatch.StartNew();
            var f = fast.Score(texts);
            var fastRate = texts.Count / clock.Elapsed.TotalSeconds;
            clock.Restart();
            var a = accurate.Score(texts);
            var accurateRate = texts.Count / clock.Elapsed.TotalSeconds;
            Console.WriteLine();
            Console.WriteLine($"{Path.GetFileName(path)}: {rows.Count:N0} texts; fast {fastRate:N0}/s, accurate {accurateRate:N0}/s here");
            Console.WriteLine("| threshold | re-read by the encoder | macro-recall | accuracy | implied texts/s |");
            Console.WriteLine("| ---: | ---: | ---: | ---: | ---: |");
            foreach (var t in thresholds)
            {
                var labels = new SentimentLabel[rows.Count];
                var escalated = 0;
                for (var i = 0; i < rows.Count; i++)
                {
                    var unsure = CascadeSentimentScorer.Confidence(f[i]) < t;
                    if (unsure) escalated++;
                    labels[i] = (unsure ? a[i] : f[i]).Label;
                }
                var r = ClassificationReport.FromPairs(rows.Select((row, i) => (row.Label, labels[i])));
                var share = escalated / (double)rows.Count;
                var implied = 1 / (1 / fastRate + share / accurateRate);
                var name = t > 1 ? "1 (accurate)" : t == 0 ? "0 (fast)" : $"{t:0.00}";
                Console.WriteLine($"| {name} | {share:P1} | {r.MacroRecall:F4} | {r.Accuracy:F4} | {implied:N0} |");
            }
        }
        return Task.CompletedTask;
    }
}
