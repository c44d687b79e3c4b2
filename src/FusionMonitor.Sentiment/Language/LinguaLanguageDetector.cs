using System.Collections.Frozen;
using System.Text;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Sentiment.Text;
using Lingua;

namespace FusionMonitor.Sentiment.Language;

/// <summary>
/// Detects the language of a post with Lingua (n-gram models of each language, built for short texts), restricted
/// to <see cref="Languages"/>: the languages the product scores, and the ones most often posted that it does not,
/// so that those are named rather than mistaken for a scored one. Fewer candidates make it both faster and surer on
/// a few words. Thread-safe; the models load once, when built.
/// </summary>
/// <remarks>
/// The rules, in order (measured in docs/sentiment.md, "Which language"):
/// <list type="number">
/// <item>links, <c>@handles</c>, numbers, emoji and punctuation are removed first; a text with no letters left is
///   <see cref="LanguageReading.Wordless"/> (<c>und</c>);</item>
/// <item>romanised Hindi (Hinglish), which Lingua knows only in Devanagari, is recognised by its function words
///   (<see cref="RomanHindi"/>);</item>
/// <item>the source's declared language is kept unless the text clearly says otherwise: it is a hint, checked
///   against the text, not the answer (a short text needs to be all but certain, <see cref="ShortText"/>);</item>
/// <item>otherwise the most likely language, if Lingua gives it at least <see cref="MinConfidence"/>; else
///   <c>und</c>.</item>
/// </list>
/// </remarks>
public sealed class LinguaLanguageDetector : ILanguageDetector
{
    /// <summary>The languages told apart. The eight first are those with a sentiment model; the others are the
    /// most posted of the rest, there to be recognised (and left unscored) instead of read as a scored language.</summary>
    public static readonly IReadOnlyList<Lingua.Language> Languages =
    [
        Lingua.Language.English, Lingua.Language.Arabic, Lingua.Language.German, Lingua.Language.Spanish,
        Lingua.Language.French, Lingua.Language.Hindi, Lingua.Language.Italian, Lingua.Language.Portuguese,
        Lingua.Language.Japanese, Lingua.Language.Chinese, Lingua.Language.Korean, Lingua.Language.Russian,
        Lingua.Language.Ukrainian, Lingua.Language.Turkish, Lingua.Language.Dutch, Lingua.Language.Polish,
        Lingua.Language.Indonesian, Lingua.Language.Persian,
        Lingua.Language.Urdu, Lingua.Language.Hebrew, Lingua.Language.Greek, Lingua.Language.Thai,
    ];

    /// <summary>Below this confidence in the most likely language, the text is <c>und</c>.</summary>
    public const double MinConfidence = 0.5;

    /// <summary>Words are not independent evidence (adding their log-probabilities, as Lingua does, makes a
    /// three-word text look certain), so the summed votes are divided by this before they become probabilities.</summary>
    public const float Temperature = 1.5f;

    /// <summary>A one-word text needs more: "lol" or a name reads as some language by chance.</summary>
    public const double MinConfidenceOneWord = 0.8;

    /// <summary>A declared language is kept while Lingua gives it at least this much…</summary>
    public const double HintFloor = 0.1;

    /// <summary>…and no other language this much.</summary>
    public const double HintOverrule = 0.9;

    /// <summary>A text of fewer words than this keeps its declared language while Lingua gives it at least
    /// <see cref="ShortHintFloor"/> (and no other language 1 − that): "my new beanie, so cosy", declared English,
    /// read as Polish at 0.9 and went unscored. Five-word tweets declared in their language: 92.2 % kept at the
    /// general floor, 97.3 % at this one (English 94.5 → 99.1 %); five words of another language declared English by
    /// mistake still get their own language 70.6 % of the time (75.8 %), docs/sentiment.md.</summary>
    public const int ShortText = 6;

    /// <summary>See <see cref="ShortText"/>.</summary>
    public const double ShortHintFloor = 0.01;

    /// <summary>Where the language models are copied with every host (see the Sentiment project file).</summary>
    public static string ModelsDirectory => Path.Combine(AppContext.BaseDirectory, "Lingua", "LanguageModels");

    /// <summary>The lowest confidence a word gives any language (Lingua gives 0 to a language whose alphabet
    /// lacks the word's letters).</summary>
    public const float WordFloor = 1e-4f;

    /// <summary>Words whose reading is kept (about 150 bytes each): everyday vocabulary fits many times over;
    /// past it, new words are read by Lingua each time.</summary>
    public const int MaxCachedWords = 200_000;

    private static readonly FrozenDictionary<string, int> IndexByCode =
        Languages.Select((l, i) => (Code(l), i)).ToFrozenDictionary(p => p.Item1, p => p.i, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<Lingua.Language, int> IndexByLanguage =
        Languages.Select((l, i) => (l, i)).ToFrozenDictionary(p => p.l, p => p.i);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, float[]> _words = new(StringComparer.Ordinal);

    private readonly LanguageDetector _detector;

    /// <summary>One detector per process: its models take about 150 MB and a second to load, and it is
    /// thread-safe, so every host and test in the process shares it.</summary>
    public static LinguaLanguageDetector Shared => SharedInstance.Value;

    private static readonly Lazy<LinguaLanguageDetector> SharedInstance = new(() => new LinguaLanguageDetector());

    /// <summary>Loads Lingua's trigram models of <see cref="Languages"/> ("low accuracy mode": its high accuracy
    /// mode adds the 1-, 2-, 4- and 5-gram models, 1.5 GB in memory for these languages against 0.2 GB, and 12 s to
    /// load instead of 1 s; the word cache below recovers most of the accuracy, docs/sentiment.md).</summary>
    public LinguaLanguageDetector()
    {
        if (!Directory.Exists(ModelsDirectory))
            throw new InvalidOperationException($"Lingua's language models are missing: expected them in {ModelsDirectory}");
        var builder = LanguageDetectorBuilder.FromLanguages([.. Languages])
            .WithLanguageModelsDirectory(ModelsDirectory)
            .WithPreloadedLanguageModels()
            .WithLowAccuracyMode();
        _detector = builder.Build();
    }

    /// <summary>The ISO 639-1 codes this detector can answer, besides <c>und</c>.</summary>
    public static IReadOnlyList<string> Codes { get; } = Languages.Select(Code).ToArray();

    public LanguageReading Detect(string text, string? declared = null)
    {
        var (letters, latinLetters) = Clean(text, out var clean);
        if (letters == 0) return new LanguageReading(LanguageReading.Undetermined, 0, Wordless: true);
        var hint = Normalise(declared);

        var latin = latinLetters * 2 > letters;
        if (latin && RomanHindi.Looks(clean))
            return new LanguageReading("hi", RomanHindi.Confidence, FromHint: hint == "hi");

        var confidences = Confidences(clean, out var words);
        var top = 0;
        for (var l = 1; l < confidences.Length; l++) if (confidences[l] > confidences[top]) top = l;
        if (hint is not null && IndexByCode.TryGetValue(hint, out var hinted))
        {
            // Lingua knows Hindi only in Devanagari: a Latin-script post declared Hindi is taken at its word unless
            // the text is clearly something else.
            var hintConfidence = hint == "hi" && latin ? Math.Max(confidences[hinted], HintFloor) : confidences[hinted];
            // A few words are little evidence against what the author declared: a short post is overruled only when
            // the text all but rules its declared language out.
            var (floor, overrule) = words < ShortText ? (ShortHintFloor, 1 - ShortHintFloor) : (HintFloor, HintOverrule);
            if (hintConfidence >= floor && !(top != hinted && confidences[top] >= overrule))
                return new LanguageReading(hint, hintConfidence, FromHint: true);
        }
        return confidences[top] >= (words == 1 ? MinConfidenceOneWord : MinConfidence) ? new LanguageReading(Codes[top], confidences[top]) : LanguageReading.Unknown;
    }

    /// <summary>
    /// The probability of each of <see cref="Languages"/> for the whole text, from Lingua's reading of each word
    /// on its own: Lingua scores a text by adding the log-probabilities of its character n-grams, which never
    /// cross a space, so the sum over words of the log of each word's confidences ranks the languages as the whole
    /// text does (each word's own normalisation is a constant that drops out). A word is read by Lingua once and
    /// then taken from a cache, so the cost of a text is a lookup per word, not Lingua's whole-text pass, which
    /// costs some 20 to 100 times as much (docs/benchmarks.md). A run of a script written without spaces
    /// (Chinese, Japanese, Thai) votes as the words it holds, <see cref="LettersPerUnspacedWord"/> letters each.
    /// </summary>
    internal float[] Confidences(string clean, out int words)
    {
        var sum = new float[Languages.Count];
        words = 0;
        foreach (var word in clean.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            // A script written without spaces makes a whole clause one "word", which a Latin brand name of two
            // words would otherwise outvote; such a run votes as the words it holds (about two letters each).
            var weight = WrittenWithoutSpaces(word) ? MathF.Max(1, word.Length / LettersPerUnspacedWord) : 1;
            words += (int)MathF.Ceiling(weight);
            var votes = WordVotes(word.ToLowerInvariant());
            for (var l = 0; l < sum.Length; l++) sum[l] += weight * votes[l];
        }
        var max = sum.Max();
        var total = 0f;
        for (var l = 0; l < sum.Length; l++) total += sum[l] = MathF.Exp((sum[l] - max) / Temperature);
        for (var l = 0; l < sum.Length; l++) sum[l] /= total;
        return sum;
    }

    /// <summary>About how many letters a word of Chinese, Japanese or Thai has (1.5–2.5 by the usual counts).</summary>
    public const float LettersPerUnspacedWord = 2f;

    /// <summary>Whether the run is mostly Han, kana or Thai, scripts that do not separate words by spaces.</summary>
    private static bool WrittenWithoutSpaces(string word)
    {
        var unspaced = 0;
        foreach (var c in word)
            if (c is >= '\u3040' and <= '\u30FF' or >= '\u3400' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF' or >= '\u0E00' and <= '\u0E7F')
                unspaced++;
        return unspaced * 2 > word.Length;
    }

    /// <summary>Log of Lingua's confidence in each language for one word, floored so that a language the word's
    /// letters rule out costs a lot without ruling it out for the whole text.</summary>
    private float[] WordVotes(string word)
    {
        if (_words.TryGetValue(word, out var cached)) return cached;
        var votes = new float[Languages.Count];
        Array.Fill(votes, MathF.Log(WordFloor));
        foreach (var (language, confidence) in _detector.ComputeLanguageConfidenceValues(word))
            if (IndexByLanguage.TryGetValue(language, out var l)) votes[l] = MathF.Log(MathF.Max((float)confidence, WordFloor));
        if (_words.Count < MaxCachedWords) _words.TryAdd(word, votes);
        return votes;
    }

    private static string Code(Lingua.Language language) => language.IsoCode6391().ToString().ToLowerInvariant();

    /// <summary>"pt-BR", "EN", "de_DE" → "pt", "en", "de"; null for nothing usable.</summary>
    public static string? Normalise(string? declared)
    {
        if (string.IsNullOrWhiteSpace(declared)) return null;
        var code = declared.Trim();
        var cut = code.IndexOfAny(['-', '_']);
        if (cut > 0) code = code[..cut];
        return code.Length is 2 or 3 && code.All(char.IsAsciiLetter) ? code.ToLowerInvariant() : null;
    }

    /// <summary>Keeps the words of a post: drops links, handles, the <c>#</c> of hashtags, digits, emoji and
    /// punctuation, which tell nothing of the language and, on a short text, drown what does.</summary>
    internal static (int Letters, int Latin) Clean(string text, out string clean)
    {
        var s = SocialTextTokenizer.Prepare(text);
        var sb = new StringBuilder(s.Length);
        int letters = 0, latin = 0;
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c)) { sb.Append(' '); i++; continue; }
            var end = i;
            while (end < s.Length && !char.IsWhiteSpace(s[end])) end++;
            var word = s.AsSpan(i, end - i);
            var skip = word[0] == '@'
                || word.StartsWith("http", StringComparison.OrdinalIgnoreCase)
                || word.StartsWith("www.", StringComparison.OrdinalIgnoreCase);
            if (!skip)
            {
                foreach (var ch in word)
                {
                    if (char.IsLetter(ch))
                    {
                        sb.Append(ch);
                        letters++;
                        if (ch < 0x250) latin++;
                    }
                    else if (ch is '\'' or '’' && sb.Length > 0 && char.IsLetter(sb[^1])) sb.Append(ch);
                    else if (char.GetUnicodeCategory(ch) is System.Globalization.UnicodeCategory.NonSpacingMark
                             or System.Globalization.UnicodeCategory.SpacingCombiningMark) sb.Append(ch); // Devanagari vowel signs
                    else sb.Append(' ');
                }
            }
            sb.Append(' ');
            i = end;
        }
        clean = sb.ToString();
        return (letters, latin);
    }
}
