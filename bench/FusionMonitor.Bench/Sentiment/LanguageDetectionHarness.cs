using System.Diagnostics;
using FusionMonitor.Sentiment.Language;
using Lingua;

namespace FusionMonitor.Bench.Sentiment;

/// <summary>
/// How well and how fast posts get their language: the UMSAB validation tweets of the eight languages read
/// (TweetEval's validation split for English), whole, cut to their first three words (short posts), and with their
/// language declared (a feed's hint); each text's cost, the first time its words are met and once they are cached;
/// against Lingua reading each whole text itself, on the same texts, in the same run.
/// </summary>
public sealed class LanguageDetectionHarness : IBenchHarness
{
    public string Name => "languages";

    public string Description => "language detection: accuracy on whole, 3-word and declared tweets of 8 languages; cost per text vs Lingua's own";

    private static readonly (string File, string Code)[] Sets =
    [
        ("tweeteval-val.tsv", "en"), ("multilingual/arabic-val.tsv", "ar"), ("multilingual/german-val.tsv", "de"),
        ("multilingual/spanish-val.tsv", "es"), ("multilingual/french-val.tsv", "fr"), ("multilingual/hindi-val.tsv", "hi"),
        ("multilingual/italian-val.tsv", "it"), ("multilingual/portuguese-val.tsv", "pt"),
    ];

    public Task RunAsync(string[] args, CancellationToken ct)
    {
        Console.WriteLine(Machine.Describe());
        var dir = Path.Combine(Directory.GetCurrentDirectory(), "..", "shared", "data", "sentiment");
        var load = Stopwatch.StartNew();
        var detector = new LinguaLanguageDetector();
        Console.WriteLine($"detector built (models of {LinguaLanguageDetector.Languages.Count} languages) in {load.Elapsed.TotalSeconds:F1} s");

        var sets = Sets.Select(s => (s.Code, Texts: File.ReadLines(Path.Combine(dir, s.File)).Skip(1).Select(l => l.Split('\t', 2)[1]).ToList())).ToList();
        var all = sets.SelectMany(s => s.Texts).ToList();

        var cold = Stopwatch.StartNew();
        foreach (var t in all) detector.Detect(t);
        cold.Stop();
        var warm = Stopwatch.StartNew();
        foreach (var t in all) detector.Detect(t);
        warm.Stop();

        var whole = LanguageDetectorBuilder.FromLanguages([.. LinguaLanguageDetector.Languages])
            .WithLanguageModelsDirectory(LinguaLanguageDetector.ModelsDirectory).WithPreloadedLanguageModels().WithLowAccuracyMode().Build();
        foreach (var t in all.Take(200)) whole.DetectLanguageOf(t);
        var lingua = Stopwatch.StartNew();
        var linguaRight = 0;
        foreach (var (code, texts) in sets)
        foreach (var t in texts)
            if (whole.DetectLanguageOf(t) is var l && l != Lingua.Language.Unknown && l.IsoCode6391().ToString().Equals(code, StringComparison.OrdinalIgnoreCase)) linguaRight++;
        lingua.Stop();

        Console.WriteLine($"{"lang",-5} {"texts",6} {"whole",7} {"3 words",8} {"declared",9} {"5w decl.",9} {"5w as en",9} {"as en",7}   most frequent answers (whole)");
        double sumWhole = 0, sumShort = 0, sumHint = 0, sumShortHint = 0, sumShortWrong = 0, sumWrong = 0;
        var rightWhole = 0;
        foreach (var (code, texts) in sets)
        {
            var answers = texts.Select(t => detector.Detect(t).Code).ToList();
            var shortAnswers = texts.Select(t => detector.Detect(FirstWords(t, 3)).Code).ToList();
            var hinted = texts.Select(t => detector.Detect(t, code).Code).ToList();
            // A short post with its language declared, and (for the other languages) declared English by mistake.
            var shortHinted = texts.Select(t => detector.Detect(FirstWords(t, 5), code).Code).ToList();
            var shortWrong = texts.Select(t => detector.Detect(FirstWords(t, 5), "en").Code).ToList();
            var wrong = texts.Select(t => detector.Detect(t, "en").Code).ToList();
            double Share(List<string> a) => a.Count(x => x == code) / (double)a.Count;
            sumWhole += Share(answers); sumShort += Share(shortAnswers); sumHint += Share(hinted);
            sumShortHint += Share(shortHinted); sumShortWrong += Share(shortWrong); sumWrong += Share(wrong);
            rightWhole += answers.Count(x => x == code);
            var top = string.Join(" ", answers.GroupBy(a => a).OrderByDescending(g => g.Count()).Take(5).Select(g => $"{g.Key}:{g.Count()}"));
            Console.WriteLine($"{code,-5} {texts.Count,6} {Share(answers),7:P1} {Share(shortAnswers),8:P1} {Share(hinted),9:P1} {Share(shortHinted),9:P1} {Share(shortWrong),9:P1} {Share(wrong),7:P1}   {top}");
        }
        Console.WriteLine($"{"mean",-5} {"",6} {sumWhole / sets.Count,7:P1} {sumShort / sets.Count,8:P1} {sumHint / sets.Count,9:P1} {sumShortHint / sets.Count,9:P1} {sumShortWrong / sets.Count,9:P1} {sumWrong / sets.Count,7:P1}");
        Console.WriteLine($"of all {all.Count:N0} whole texts right: {rightWhole / (double)all.Count:P1}; Lingua reading each whole text itself (low accuracy mode, same languages): {linguaRight / (double)all.Count:P1}");
        Console.WriteLine($"cost per text, one thread: {cold.Elapsed.TotalMicroseconds / all.Count:F1} µs the first time its words are met, " +
                          $"{warm.Elapsed.TotalMicroseconds / all.Count:F1} µs once they are cached; Lingua on the whole text {lingua.Elapsed.TotalMicroseconds / all.Count:F1} µs " +
                          $"(× {lingua.Elapsed.TotalMicroseconds / warm.Elapsed.TotalMicroseconds:F0} the cached cost)");
        return Task.CompletedTask;
    }

    private static string FirstWords(string text, int n) =>
        string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w[0] != '@' && !w.StartsWith("http", StringComparison.Ordinal)).Take(n));
}
