using System.Text.Json;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Sentiment.Data;
using FusionMonitor.Sentiment.Evaluation;
using FusionMonitor.Sentiment.Lexicon;
using FusionMonitor.Sentiment.Text;

namespace FusionMonitor.Cli.Verbs;

/// <summary><c>evaluate</c>: how well a model labels a labelled TSV file (contract: Command line).</summary>
public sealed class EvaluateVerb : ICliVerb
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "evaluate";

    public string Usage => "--data <tsv> [--model <zip>] [--json] [--baseline]";

    public string Summary => "Scores a labelled TSV (label, text) and reports accuracy, macro-recall and macro-F1.";

    public async Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken ct)
    {
        var dataPath = args.Required("data");
        var modelPath = args.Optional("model");
        var json = args.Flag("json");
        var baseline = args.Flag("baseline");
        args.EnsureNoUnknown();

        var rows = ReadData(dataPath);
        var scorer = SentimentModelLoader.Load(modelPath);
        ct.ThrowIfCancellationRequested();
        var scores = scorer.Score(rows.Select(r => r.Text).ToList());
        var report = ClassificationReport.FromPairs(rows.Select((r, i) => (r.Label, scores[i].Label)));
        var lexiconReport = baseline
            ? ClassificationReport.FromPairs(rows.Select(r => (r.Label, ValenceAnalyzer.Classify(ValenceAnalyzer.Analyze(SocialTextTokenizer.Tokenize(r.Text), scorer.Lexicon)))))
            : null;

        if (json)
        {
            await console.Out.WriteLineAsync(JsonSerializer.Serialize(ToJson(report, scorer.ModelVersion, lexiconReport), Json));
            return 0;
        }
        await console.Out.WriteLineAsync(Describe(report, scorer.ModelVersion));
        if (lexiconReport is not null)
            await console.Out.WriteLineAsync($"baseline (VADER-style lexicon rules): accuracy {lexiconReport.Accuracy:F4}, macro-recall {lexiconReport.MacroRecall:F4}, macro-F1 {lexiconReport.MacroF1:F4}");
        return 0;
    }

    internal static IReadOnlyList<LabelledText> ReadData(string path)
    {
        try
        {
            return LabelledTextFile.Read(path);
        }
        catch (LabelledDataException e)
        {
            throw new CliFailureException(e.Message);
        }
    }

    /// <summary>The contract's JSON shape, plus the confusion matrix and model version.</summary>
    public static object ToJson(ClassificationReport r, string modelVersion, ClassificationReport? baseline = null) => new
    {
        count = r.Count,
        accuracy = r.Accuracy,
        macroRecall = r.MacroRecall,
        macroF1 = r.MacroF1,
        perClass = r.PerClass.ToDictionary(
            p => SentimentScore.LabelName(p.Key),
            p => new { precision = p.Value.Precision, recall = p.Value.Recall, f1 = p.Value.F1, count = p.Value.Count }),
        confusion = new
        {
            rowsAreGold = new[] { "negative", "neutral", "positive" },
            matrix = Enumerable.Range(0, 3).Select(g => Enumerable.Range(0, 3).Select(p => r.Confusion[g, p]).ToArray()).ToArray(),
        },
        modelVersion,
        baseline = baseline is null ? null : new { accuracy = baseline.Accuracy, macroRecall = baseline.MacroRecall, macroF1 = baseline.MacroF1 },
    };

    internal static string Describe(ClassificationReport r, string modelVersion)
    {
        var lines = new List<string>
        {
            $"model {modelVersion}, {r.Count:N0} texts",
            $"accuracy {r.Accuracy:F4}   macro-recall {r.MacroRecall:F4}   macro-F1 {r.MacroF1:F4}",
            "",
            $"{"class",-10} {"precision",9} {"recall",9} {"f1",9} {"count",8}",
        };
        foreach (var (label, m) in r.PerClass)
            lines.Add($"{SentimentScore.LabelName(label),-10} {m.Precision,9:F4} {m.Recall,9:F4} {m.F1,9:F4} {m.Count,8}");
        lines.Add("");
        lines.Add("confusion (rows gold, columns predicted: negative neutral positive)");
        for (var g = 0; g < 3; g++)
            lines.Add($"{SentimentScore.LabelName((SentimentLabel)g),-10} {r.Confusion[g, 0],8} {r.Confusion[g, 1],8} {r.Confusion[g, 2],8}");
        return string.Join('\n', lines);
    }
}
