using System.Diagnostics;
using System.Text.Json;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Sentiment;
using FusionMonitor.Sentiment.Data;
using FusionMonitor.Sentiment.Evaluation;
using FusionMonitor.Sentiment.Language;
using FusionMonitor.Sentiment.Lexicon;
using FusionMonitor.Sentiment.Scoring;
using FusionMonitor.Sentiment.Text;

namespace FusionMonitor.Cli.Verbs;

/// <summary>
/// <c>evaluate</c>: how well a model labels a labelled TSV file (contract: Command line). With a <c>target</c>
/// column, each row is judged on the polarity toward that target (contract v2); with a <c>lang</c> column, it also
/// reports each language. Reports the mode used and what the scoring cost: the whole file as one batch, and a sample
/// of texts scored one at a time.
/// </summary>
public sealed class EvaluateVerb : ICliVerb
{
    private const int SingleSample = 200;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "evaluate";

    public string Usage => "--data <tsv> [--mode accurate|fast|cascade] [--model <zip>] [--encoder <zip>] [--json] [--baseline]";

    public string Summary => "Scores a labelled TSV (label, text[, target][, lang]) and reports accuracy, macro-recall, macro-F1 (per language with a lang column) and latency.";

    public async Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken ct)
    {
        var dataPath = args.Required("data");
        var modelGiven = args.Optional("model") is not null;
        var json = args.Flag("json");
        var baseline = args.Flag("baseline");
        await using var services = CliServices.OpenSentiment(args);
        args.EnsureNoUnknown();

        var rows = ReadData(dataPath);
        var mode = services.SentimentMode;
        var targeted = rows.Count > 0 && rows.All(r => r.Target is not null);
        ct.ThrowIfCancellationRequested();
        var byLanguage = rows.Any(r => r.Lang is not null);
        var (predicted, version, latency, notFound) = targeted
            ? ScoreTargets(services.TargetScorer(), rows)
            : ScoreTexts(services.Scorer(), rows, routeByLanguage: !modelGiven, byLanguage);
        var scored = Enumerable.Range(0, rows.Count).Where(i => predicted[i] is not null).ToList();
        var report = ClassificationReport.FromPairs(scored.Select(i => (rows[i].Label, predicted[i]!.Value)));
        var languages = byLanguage ? PerLanguage(rows, predicted) : null;
        var lexiconReport = baseline
            ? ClassificationReport.FromPairs(rows.Select(r => (r.Label, ValenceAnalyzer.Classify(ValenceAnalyzer.Analyze(SocialTextTokenizer.Tokenize(r.Text), services.Get<LinearSentimentScorer>().Lexicon)))))
            : null;

        if (json)
        {
            await console.Out.WriteLineAsync(JsonSerializer.Serialize(ToJson(report, version, lexiconReport, languages, rows.Count - scored.Count, mode, latency, targeted ? notFound : null), Json));
            return 0;
        }
        await console.Out.WriteLineAsync(Describe(report, version));
        if (languages is not null) await console.Out.WriteLineAsync(DescribeLanguages(languages));
        await console.Out.WriteLineAsync($"mode {ModeName(mode)}{(targeted ? $", judged per target ({notFound} targets not found in their text: read as the whole text)" : "")}; " +
            $"{latency.BatchTextsPerSecond:N0} texts/s as one batch; one at a time p50 {latency.SingleP50Ms:F2} ms, p99 {latency.SingleP99Ms:F2} ms ({latency.SingleSample} texts)");
        if (lexiconReport is not null)
            await console.Out.WriteLineAsync($"baseline (VADER-style lexicon rules): accuracy {lexiconReport.Accuracy:F4}, macro-recall {lexiconReport.MacroRecall:F4}, macro-F1 {lexiconReport.MacroF1:F4}");
        return 0;
    }

    /// <summary>What scoring cost: the whole file as one batch, then the first texts one call each.</summary>
    public sealed record Latency(double BatchSeconds, double BatchTextsPerSecond, double SingleP50Ms, double SingleP99Ms, int SingleSample);

    public static string ModeName(SentimentMode mode) => mode.ToString().ToLowerInvariant();

    private static (SentimentLabel?[] Labels, string Version, Latency Latency, int NotFound) ScoreTexts(ISentimentScorer scorer, IReadOnlyList<LabelledText> rows, bool routeByLanguage, bool byLanguage)
    {
        var texts = rows.Select(r => r.Text).ToList();
        var clock = Stopwatch.StartNew();
        var labels = Predict(rows, scorer, routeByLanguage, byLanguage);
        var batch = clock.Elapsed.TotalSeconds;
        var single = Time(texts.Take(SingleSample), t => scorer.Score([t]));
        return (labels, scorer.ModelVersion, Summarise(batch, rows.Count, single), 0);
    }

    /// <summary>
    /// The label each row gets, or null for a row no model reads. With <c>--model</c>, that model reads every row.
    /// Otherwise each row goes to the shipped model of its language (English: the configured tier): the file's
    /// <c>lang</c> cell when it has that column (a language without a model leaves the row unscored, as the product
    /// leaves such a post), else the detected language, falling back to the English tier where detection finds no
    /// model, so a file without a <c>lang</c> column is read whole, as before.
    /// </summary>
    private static SentimentLabel?[] Predict(IReadOnlyList<LabelledText> rows, ISentimentScorer scorer, bool routeByLanguage, bool byLanguage)
    {
        var texts = rows.Select(r => r.Text).ToList();
        if (!routeByLanguage) return scorer.Score(texts).Select(s => (SentimentLabel?)s.Label).ToArray();
        var reader = new MultilingualSentimentReader(LinguaLanguageDetector.Shared, scorer, MultilingualSentimentReader.LoadShippedModels());
        if (byLanguage)
            return reader.ScoreKnown(texts, rows.Select(r => r.Lang ?? LanguageReading.Undetermined).ToList()).Select(s => s?.Label).ToArray();
        var readings = reader.Read(texts);
        var fallback = rows.Select((_, i) => i).Where(i => !readings[i].Scored).ToList();
        var english = scorer.Score(fallback.Select(i => texts[i]).ToList());
        var labels = readings.Select(r => (SentimentLabel?)r.Score.Label).ToArray();
        for (var k = 0; k < fallback.Count; k++) labels[fallback[k]] = english[k].Label;
        return labels;
    }

    /// <summary>The report of each language of the file's <c>lang</c> column; null where no model read it.</summary>
    internal static SortedDictionary<string, (int Count, ClassificationReport? Report)> PerLanguage(IReadOnlyList<LabelledText> rows, IReadOnlyList<SentimentLabel?> predicted)
    {
        var result = new SortedDictionary<string, (int, ClassificationReport?)>(StringComparer.Ordinal);
        foreach (var group in Enumerable.Range(0, rows.Count).GroupBy(i => rows[i].Lang ?? LanguageReading.Undetermined))
        {
            var read = group.Where(i => predicted[i] is not null).ToList();
            result[group.Key] = (group.Count(), read.Count == 0 ? null : ClassificationReport.FromPairs(read.Select(i => (rows[i].Label, predicted[i]!.Value))));
        }
        return result;
    }

    private static (SentimentLabel?[] Labels, string Version, Latency Latency, int NotFound) ScoreTargets(ITargetSentimentScorer scorer, IReadOnlyList<LabelledText> rows)
    {
        var items = rows.Select(r => new TargetedText(r.Text, [TargetSpans.Find(r.Text, r.Target!)])).ToList();
        var clock = Stopwatch.StartNew();
        var scores = scorer.ScoreTargets(items);
        var batch = clock.Elapsed.TotalSeconds;
        var single = Time(items.Take(SingleSample), t => scorer.ScoreTargets([t]));
        return (scores.Select(s => (SentimentLabel?)s[0].Label).ToArray(), scorer.ModelVersion, Summarise(batch, rows.Count, single), items.Count(i => i.Targets[0].Spans.Count == 0));
    }

    private static List<double> Time<T>(IEnumerable<T> items, Action<T> score)
    {
        var ms = new List<double>();
        foreach (var item in items)
        {
            var clock = Stopwatch.StartNew();
            score(item);
            ms.Add(clock.Elapsed.TotalMilliseconds);
        }
        return ms;
    }

    private static Latency Summarise(double batchSeconds, int count, List<double> singleMs)
    {
        singleMs.Sort();
        double At(double q) => singleMs.Count == 0 ? 0 : singleMs[Math.Min(singleMs.Count - 1, (int)Math.Ceiling(q * singleMs.Count) - 1)];
        return new Latency(batchSeconds, batchSeconds > 0 ? count / batchSeconds : 0, At(0.5), At(0.99), singleMs.Count);
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

    /// <summary>The contract's JSON shape, plus the confusion matrix, model version, mode, latency and, when judged per
    /// target, how many targets were not found in their text.</summary>
    public static object ToJson(ClassificationReport r, string modelVersion, ClassificationReport? baseline = null,
        SortedDictionary<string, (int Count, ClassificationReport? Report)>? languages = null, int unscored = 0,
        SentimentMode? mode = null, Latency? latency = null, int? targetsNotFound = null) => new
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
        mode = mode is { } m ? ModeName(m) : null,
        latency = latency is null ? null : new
        {
            batchSeconds = latency.BatchSeconds,
            batchTextsPerSecond = latency.BatchTextsPerSecond,
            singleP50Ms = latency.SingleP50Ms,
            singleP99Ms = latency.SingleP99Ms,
            singleSample = latency.SingleSample,
        },
        perTarget = targetsNotFound is not null,
        targetsNotFound,
        baseline = baseline is null ? null : new { accuracy = baseline.Accuracy, macroRecall = baseline.MacroRecall, macroF1 = baseline.MacroF1 },
        unscored,
        perLanguage = languages?.ToDictionary(p => p.Key, p => new
        {
            count = p.Value.Count,
            scored = p.Value.Report is not null,
            accuracy = p.Value.Report?.Accuracy,
            macroRecall = p.Value.Report?.MacroRecall,
            macroF1 = p.Value.Report?.MacroF1,
        }),
    };

    internal static string DescribeLanguages(SortedDictionary<string, (int Count, ClassificationReport? Report)> languages)
    {
        var lines = new List<string> { "", $"{"lang",-6} {"count",8} {"accuracy",9} {"macro-R",9} {"macro-F1",9}" };
        foreach (var (lang, (count, r)) in languages)
            lines.Add(r is null ? $"{lang,-6} {count,8}   no model for this language: unscored" : $"{lang,-6} {count,8} {r.Accuracy,9:F4} {r.MacroRecall,9:F4} {r.MacroF1,9:F4}");
        var read = languages.Values.Where(v => v.Report is not null && v.Count > 0).ToList();
        if (read.Count > 1) lines.Add($"{"mean",-6} {"",8} {read.Average(v => v.Report!.Accuracy),9:F4} {read.Average(v => v.Report!.MacroRecall),9:F4} {read.Average(v => v.Report!.MacroF1),9:F4}   (unweighted, over the {read.Count} scored languages)");
        return string.Join('\n', lines);
    }

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
