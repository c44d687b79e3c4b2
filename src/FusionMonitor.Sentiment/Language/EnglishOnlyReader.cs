using FusionMonitor.Core.Sentiment;

namespace FusionMonitor.Sentiment.Language;

/// <summary>
/// The reader with language detection off (<c>Sentiment:DetectLanguages=false</c>): every post is read by the main
/// (English) scorer and counts, as before language detection existed; its language is the one its source declared,
/// or <c>und</c>. For English-only deployments, and the pipeline benchmark's baseline. Its model version says that no
/// language was detected (<see cref="Suffix"/>), so a <c>fusion rescore</c> with detection on reads those mentions again.
/// </summary>
public sealed class EnglishOnlyReader(ISentimentScorer english) : ISentimentReader
{
    /// <summary>Appended to the English model's version on every mention this reader reads.</summary>
    public const string Suffix = "+no-language-detection";

    private readonly string _version = english.ModelVersion + Suffix;

    public IReadOnlyCollection<string> ScoredLanguages { get; } = ["en"];

    public string? ModelVersionOf(string lang) => lang == "en" ? _version : null;

    public IReadOnlyList<SentimentReading> Read(IReadOnlyList<string> texts, IReadOnlyList<string?>? declared = null, IReadOnlyList<string>? detectIn = null)
    {
        var scores = english.Score(texts);
        return scores.Select((s, i) => new SentimentReading(s,
            new LanguageReading(LinguaLanguageDetector.Normalise(declared?[i]) ?? LanguageReading.Undetermined, 0, FromHint: declared?[i] is not null),
            true, _version)).ToList();
    }
}
