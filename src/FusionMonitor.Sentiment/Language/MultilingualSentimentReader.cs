using System.Collections.Frozen;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Sentiment.Scoring;

namespace FusionMonitor.Sentiment.Language;

/// <summary>
/// Routes each post to the model of its language: English to the main sentiment scorer (whatever tier it is),
/// each other language to its own model (<c>models/sentiment-{code}.zip</c>, see docs/sentiment.md), and a post in
/// a language without a model, or whose language cannot be told, to no model at all (<c>scored</c> false). A post
/// with no letters (only emoji, emoticons, links) has no language (<c>und</c>) but is read by the English scorer,
/// whose lexicon rates emoji as they are used in any language.
/// </summary>
/// <remarks>Texts are grouped by model, so each model scores one batch: the cost of a batch is the detection
/// (a cache lookup per word) plus what each model costs for its own texts.</remarks>
public sealed class MultilingualSentimentReader : ISentimentReader
{
    private readonly ILanguageDetector _detector;
    private readonly ISentimentScorer _english;
    private readonly FrozenDictionary<string, ISentimentScorer> _models;

    public MultilingualSentimentReader(ILanguageDetector detector, ISentimentScorer english, IReadOnlyDictionary<string, ISentimentScorer> others)
    {
        _detector = detector;
        _english = english;
        _models = others.Where(p => p.Key != "en").Append(new KeyValuePair<string, ISentimentScorer>("en", english))
            .ToFrozenDictionary(StringComparer.Ordinal);
        ScoredLanguages = _models.Keys.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The file name of a language's shipped model.</summary>
    public static string ModelFileName(string code) => $"sentiment-{code}.zip";

    /// <summary>The shipped models of the other languages, loaded once per process and shared (they are read-only).</summary>
    public static IReadOnlyDictionary<string, ISentimentScorer> ShippedModels => SharedModels.Value;

    private static readonly Lazy<IReadOnlyDictionary<string, ISentimentScorer>> SharedModels = new(() => LoadShippedModels());

    /// <summary>The other languages' models found beside the application (<c>models/sentiment-xx.zip</c>), one per
    /// language the detector knows; a language without a file is simply unscored.</summary>
    public static IReadOnlyDictionary<string, ISentimentScorer> LoadShippedModels(string? directory = null)
    {
        directory ??= Path.GetDirectoryName(LinearSentimentScorer.DefaultModelPath)!;
        var models = new Dictionary<string, ISentimentScorer>(StringComparer.Ordinal);
        foreach (var code in LinguaLanguageDetector.Codes)
        {
            var path = Path.Combine(directory, ModelFileName(code));
            if (code != "en" && File.Exists(path)) models[code] = LinearSentimentScorer.Load(path);
        }
        return models;
    }

    public IReadOnlyCollection<string> ScoredLanguages { get; }

    public ISentimentScorer? ModelFor(string code) => _models.GetValueOrDefault(code);

    public string? ModelVersionOf(string lang) => ModelFor(lang)?.ModelVersion;

    public IReadOnlyList<SentimentReading> Read(IReadOnlyList<string> texts, IReadOnlyList<string?>? declared = null, IReadOnlyList<string>? detectIn = null)
    {
        if (declared is not null && declared.Count != texts.Count)
            throw new ArgumentException($"{declared.Count} declared languages for {texts.Count} texts", nameof(declared));
        if (detectIn is not null && detectIn.Count != texts.Count)
            throw new ArgumentException($"{detectIn.Count} texts to detect the language in for {texts.Count} texts", nameof(detectIn));
        var languages = new LanguageReading[texts.Count];
        var groups = new Dictionary<ISentimentScorer, List<int>>();
        for (var i = 0; i < texts.Count; i++)
        {
            var language = languages[i] = _detector.Detect(detectIn?[i] ?? texts[i] ?? "", declared?[i]);
            var model = language.Wordless ? _english : _models.GetValueOrDefault(language.Code);
            if (model is null) continue;
            if (!groups.TryGetValue(model, out var members)) groups[model] = members = [];
            members.Add(i);
        }

        var readings = new SentimentReading[texts.Count];
        for (var i = 0; i < texts.Count; i++) readings[i] = new SentimentReading(SentimentReading.Unread, languages[i], false, SentimentReading.NoModel);
        foreach (var (model, members) in groups)
        {
            var scores = model.Score(members.Select(i => texts[i]).ToList());
            for (var k = 0; k < members.Count; k++)
                readings[members[k]] = new SentimentReading(scores[k], languages[members[k]], true, model.ModelVersion);
        }
        return readings;
    }

    /// <summary>Scores texts whose language is known (an evaluation file's <c>lang</c> column): no detection;
    /// null where that language has no model.</summary>
    public IReadOnlyList<SentimentScore?> ScoreKnown(IReadOnlyList<string> texts, IReadOnlyList<string> languages)
    {
        var result = new SentimentScore?[texts.Count];
        foreach (var group in Enumerable.Range(0, texts.Count).GroupBy(i => LinguaLanguageDetector.Normalise(languages[i]) ?? LanguageReading.Undetermined))
        {
            if (!_models.TryGetValue(group.Key, out var model)) continue;
            var members = group.ToList();
            var scores = model.Score(members.Select(i => texts[i]).ToList());
            for (var k = 0; k < members.Count; k++) result[members[k]] = scores[k];
        }
        return result;
    }
}
