using System.Text.Json;
using FusionMonitor.Cli;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Sentiment.Language;
using FusionMonitor.Sentiment.Scoring;

namespace FusionMonitor.Sentiment.Tests;

/// <summary>Reading posts per language, and <c>evaluate</c>'s per-language report.</summary>
public sealed class LanguageEvaluationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fusion-languages-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Code, string Out, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(args, new CliConsole(new StringReader(""), output, error));
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Answers the same fixed score for every text, and says which texts it was given.</summary>
    private sealed class FixedScorer(string version, SentimentScore score) : ISentimentScorer
    {
        public List<string> Seen { get; } = [];

        public string ModelVersion => version;

        public IReadOnlyList<SentimentScore> Score(IReadOnlyList<string> texts)
        {
            lock (Seen) Seen.AddRange(texts);
            return texts.Select(_ => score).ToList();
        }
    }

    [Fact]
    public void Each_post_goes_to_its_languages_model_and_the_rest_stay_unscored()
    {
        var english = new FixedScorer("en-1", new SentimentScore(0.1f, 0.1f, 0.8f));
        var german = new FixedScorer("de-1", new SentimentScore(0.8f, 0.1f, 0.1f));
        var reader = new MultilingualSentimentReader(LinguaLanguageDetector.Shared, english, new Dictionary<string, ISentimentScorer> { ["de"] = german });
        string[] texts =
        [
            "The new collection is lovely and the staff were so kind",
            "Die neue Kollektion ist furchtbar und das Personal war unfreundlich",
            "Новая коллекция ужасна, персонал был грубым",
            "🔥🔥🔥",
        ];

        var readings = reader.Read(texts);

        Assert.Equal(["en", "de", "ru", "und"], readings.Select(r => r.Lang));
        Assert.Equal([true, true, false, true], readings.Select(r => r.Scored));
        Assert.Equal(["en-1", "de-1", SentimentReading.NoModel, "en-1"], readings.Select(r => r.ModelVersion));
        Assert.Equal(SentimentReading.Unread, readings[2].Score);
        Assert.Equal([texts[0], texts[3]], english.Seen);
        Assert.Equal([texts[1]], german.Seen);
        Assert.Equal(["de", "en"], reader.ScoredLanguages);
    }

    [Fact]
    public void A_declared_language_reaches_the_detector_text_by_text()
    {
        var english = new FixedScorer("en-1", default);
        var portuguese = new FixedScorer("pt-1", default);
        var reader = new MultilingualSentimentReader(LinguaLanguageDetector.Shared, english, new Dictionary<string, ISentimentScorer> { ["pt"] = portuguese });

        var readings = reader.Read(["muito bom", "muito bom"], ["pt", null]);

        Assert.Equal("pt", readings[0].Lang);
        Assert.True(readings[0].Language.FromHint);
        Assert.Throws<ArgumentException>(() => reader.Read(["a", "b"], ["pt"]));
    }

    [Fact]
    public void The_shipped_models_cover_the_seven_further_languages()
    {
        var models = MultilingualSentimentReader.LoadShippedModels();
        Assert.Equal(["ar", "de", "es", "fr", "hi", "it", "pt"], models.Keys.Order());
        var german = (LinearSentimentScorer)models["de"];
        Assert.Equal(SentimentLabel.Negative, german.Score("Das ist wirklich schrecklich, ich bin total enttäuscht").Label);
        Assert.Equal(SentimentLabel.Positive, german.Score("Wunderbar, ich liebe es! Danke ❤").Label);
    }

    [Fact]
    public async Task Evaluate_with_a_lang_column_reports_each_language_and_leaves_languages_without_a_model_unscored()
    {
        var path = Path.Combine(_dir, "mixed.tsv");
        await File.WriteAllTextAsync(path,
            "label\ttext\tlang\n" +
            "positive\tI love this so much, wonderful!\ten\n" +
            "negative\tThis is awful, I hate it.\ten\n" +
            "negative\tDas ist wirklich schrecklich, ich bin total enttäuscht\tde\n" +
            "positive\tWunderbar, ich liebe es! Danke\tde\n" +
            "positive\tとても素晴らしい\tja\n");

        var (code, output, error) = await Run("evaluate", "--data", path, "--json");

        Assert.True(code == 0, error);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(4, root.GetProperty("count").GetInt32());
        Assert.Equal(1, root.GetProperty("unscored").GetInt32());
        var languages = root.GetProperty("perLanguage");
        Assert.Equal(["de", "en", "ja"], languages.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, languages.GetProperty("de").GetProperty("count").GetInt32());
        Assert.True(languages.GetProperty("de").GetProperty("scored").GetBoolean());
        Assert.InRange(languages.GetProperty("de").GetProperty("macroF1").GetDouble(), 0.0, 1.0);
        Assert.False(languages.GetProperty("ja").GetProperty("scored").GetBoolean());
        Assert.Equal(JsonValueKind.Null, languages.GetProperty("ja").GetProperty("macroF1").ValueKind);

        var (_, table, _) = await Run("evaluate", "--data", path);
        Assert.Contains(table.Split('\n'), line => line.StartsWith("ja ", StringComparison.Ordinal) && line.EndsWith("1   no model for this language: unscored", StringComparison.Ordinal));
        Assert.Contains("(unweighted, over the 2 scored languages)", table);
    }

    [Fact]
    public async Task Evaluate_without_a_lang_column_reads_every_row_in_its_detected_language()
    {
        var path = Path.Combine(_dir, "plain.tsv");
        await File.WriteAllTextAsync(path,
            "label\ttext\n" +
            "negative\tDas ist wirklich schrecklich, ich bin total enttäuscht\n" +
            "positive\tとても素晴らしい\n");

        var (code, output, error) = await Run("evaluate", "--data", path, "--json");

        Assert.True(code == 0, error);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(2, root.GetProperty("count").GetInt32()); // the Japanese row falls back to the English model
        Assert.Equal(0, root.GetProperty("unscored").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("perLanguage").ValueKind);
    }
}
