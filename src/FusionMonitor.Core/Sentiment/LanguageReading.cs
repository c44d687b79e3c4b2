namespace FusionMonitor.Core.Sentiment;

/// <summary>
/// The language of one text: an ISO 639-1 code, or <see cref="Undetermined"/> when the text does not say
/// clearly enough. <paramref name="Confidence"/> is the detector's belief in <paramref name="Code"/> (0 … 1);
/// <paramref name="FromHint"/> is true when the source's declared language was confirmed rather than detected.
/// <paramref name="Wordless"/> marks a text with no letters at all (only emoji, emoticons, numbers, links): it has
/// no language, yet its emoji can still be read.
/// </summary>
public readonly record struct LanguageReading(string Code, double Confidence, bool FromHint = false, bool Wordless = false)
{
    /// <summary>ISO 639-2's code for "undetermined".</summary>
    public const string Undetermined = "und";

    public bool IsDetermined => Code != Undetermined;

    public static LanguageReading Unknown { get; } = new(Undetermined, 0);
}

/// <summary>Decides the language of texts. Implementations are thread-safe and pure (no I/O per call).</summary>
public interface ILanguageDetector
{
    /// <summary>The language of <paramref name="text"/>. <paramref name="declared"/> is what the source says
    /// (a feed's or a platform's language tag), a hint that is taken when the text does not contradict it.</summary>
    LanguageReading Detect(string text, string? declared = null);
}
