namespace FusionMonitor.Core.Sentiment;

/// <summary>
/// What the sentiment step makes of one post: its language, whether a model for that language read it, and the
/// reading. An unscored post (a language without a model, or one that could not be told) carries a neutral
/// <see cref="Score"/> that must move no score and raise no alert.
/// </summary>
public readonly record struct SentimentReading(SentimentScore Score, LanguageReading Language, bool Scored, string ModelVersion)
{
    public string Lang => Language.Code;

    /// <summary>The placeholder score of an unscored post.</summary>
    public static SentimentScore Unread { get; } = new(0f, 1f, 0f);

    /// <summary>The model version stored with an unscored post.</summary>
    public const string NoModel = "unscored";
}

/// <summary>
/// Reads posts in whatever language they come: detects each one's language and scores it with that language's
/// model, or leaves it unscored. Thread-safe, one instance for every caller.
/// </summary>
public interface ISentimentReader
{
    /// <summary>The languages (ISO 639-1) that have a model.</summary>
    IReadOnlyCollection<string> ScoredLanguages { get; }

    /// <summary>The version of the model that reads <paramref name="lang"/>, or null when none does.</summary>
    string? ModelVersionOf(string lang);

    /// <summary>One reading per text, in order. <paramref name="declared"/>, when given, has one entry per text:
    /// the language the source declared (or null), a hint the detector checks against the text.
    /// <paramref name="detectIn"/>, when given, has one entry per text: the text its language is read from, the text
    /// with the names of the brands and people it mentions blanked out (<see cref="Matching.MatchResult.WithoutNames"/>);
    /// the sentiment is still read from the whole text.</summary>
    IReadOnlyList<SentimentReading> Read(IReadOnlyList<string> texts, IReadOnlyList<string?>? declared = null, IReadOnlyList<string>? detectIn = null);
}
