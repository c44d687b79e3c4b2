using System.Collections.Frozen;

namespace FusionMonitor.Sentiment.Language;

/// <summary>
/// Recognises Hindi written in Latin letters ("yaar ye kya ho gaya"), as most Hindi posts are, which Lingua knows
/// only in Devanagari. It counts Hindi function words — picked from the Hindi training tweets as the words far more
/// frequent there than in the English, German, French, Spanish, Italian and Portuguese ones, leaving out every word
/// that is also common in those (<c>ho</c>, <c>mein</c>, <c>se</c>, <c>na</c>, <c>hi</c>…).
/// </summary>
internal static class RomanHindi
{
    /// <summary>The confidence reported for a text it recognises.</summary>
    public const double Confidence = 0.9;

    /// <summary>At least this many different function words…</summary>
    public const int MinDistinct = 2;

    /// <summary>…making up at least this share of the words.</summary>
    public const double MinShare = 0.15;

    private static readonly FrozenSet<string> Words = new[]
    {
        "hai", "hain", "hoga", "hogi", "hota", "hoti", "hote", "tha", "thi", "raha", "rahi", "rahe", "kya",
        "kyu", "kyun", "kyon", "nahi", "nahin", "nhi", "aap", "aapka", "aapko", "aur", "bhi", "kuch", "kuchh", "koi",
        "toh", "ki", "ke", "ka", "ko", "ek", "ye", "yeh", "vo", "woh", "mera", "meri", "mere", "mujhe", "tera",
        "teri", "tere", "tujhe", "hum", "humko", "tum", "tumhe", "apna", "apni", "apne", "unka", "unki", "unke",
        "kiya", "kiye", "diya", "liya", "gaya", "gayi", "gaye", "gya", "hua", "hui", "karo", "karna", "karke", "kar",
        "kr", "kaise", "kaisa", "kab", "kaha", "kahan", "yaha", "yahan", "waha", "wahan", "liye", "sab", "bahut",
        "bohot", "bhot", "yaar", "yar", "baat", "baar", "kaam", "wala", "wale", "wali", "agar", "lekin", "jab",
        "tab", "abhi", "aaj", "kal", "sirf", "matlab", "accha", "acha", "achha", "haan", "bhai", "ji",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Whether the (cleaned, Latin-script) text reads as romanised Hindi.</summary>
    public static bool Looks(string clean)
    {
        var words = 0;
        var hits = 0;
        HashSet<string>? distinct = null;
        foreach (var raw in clean.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            words++;
            var word = raw.ToLowerInvariant();
            if (!Words.Contains(word)) continue;
            hits++;
            (distinct ??= new HashSet<string>(StringComparer.Ordinal)).Add(word);
        }
        return distinct is { Count: >= MinDistinct } && hits >= MinShare * words;
    }
}
