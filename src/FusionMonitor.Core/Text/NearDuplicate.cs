using System.Text.RegularExpressions;

namespace FusionMonitor.Core.Text;

/// <summary>
/// Near-duplicate texts (copy-paste campaigns) by MinHash over word shingles with locality-sensitive banding: a text's
/// words (lower case; links and @handles left out) form overlapping <see cref="ShingleWords"/>-word shingles; each of
/// <see cref="Bands"/> × <see cref="Rows"/> seeded hash functions keeps its smallest shingle hash (the MinHash
/// signature), and each band of <see cref="Rows"/> minima is hashed into one key. Two texts that share a key are near
/// duplicates: for texts whose shingle sets have Jaccard similarity J, the chance of sharing at least one key is
/// 1 − (1 − J⁵)⁵ — 0.99 at J = 0.9, 0.86 at 0.8, 0.15 at 0.5, 0.01 at 0.3. Texts under <see cref="MinWords"/> words
/// get no key ("love it" from two people is no campaign). Pure and deterministic: the same text gives the same keys in
/// every process (no per-process hash seeds).
/// </summary>
public static partial class NearDuplicate
{
    public const int ShingleWords = 3;
    public const int Bands = 5;
    public const int Rows = 5;
    public const int MinWords = 6;

    [GeneratedRegex(@"https?://\S+|www\.\S+|@[\p{L}\p{N}_.]+", RegexOptions.CultureInvariant)]
    private static partial Regex Noise();

    [GeneratedRegex(@"[\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    private static readonly ulong[] Seeds = MakeSeeds(Bands * Rows);

    /// <summary>The text's band keys (<see cref="Bands"/> of them), or none for a text too short to fingerprint.</summary>
    public static long[] Keys(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var words = Word().Matches(Noise().Replace(text, " ")).Select(m => m.Value.ToLowerInvariant()).ToList();
        if (words.Count < MinWords) return [];

        var mins = new ulong[Seeds.Length];
        Array.Fill(mins, ulong.MaxValue);
        for (var i = 0; i + ShingleWords <= words.Count; i++)
        {
            var h = Fnv(words, i, ShingleWords);
            for (var f = 0; f < Seeds.Length; f++)
            {
                var v = Mix(h ^ Seeds[f]);
                if (v < mins[f]) mins[f] = v;
            }
        }

        var keys = new long[Bands];
        for (var b = 0; b < Bands; b++)
        {
            var k = Mix(0x6E65_6172_6475_7000UL + (ulong)b);
            for (var r = 0; r < Rows; r++) k = Mix(k ^ mins[b * Rows + r]);
            keys[b] = (long)k;
        }
        return keys;
    }

    /// <summary>True when the two texts share a band key (see the class summary for what that means).</summary>
    public static bool Similar(string? a, string? b)
    {
        var ka = Keys(a);
        return ka.Length > 0 && Keys(b).Any(ka.Contains);
    }

    /// <summary>A 64-bit key for a string (an author's handle), in the same space as the band keys.</summary>
    public static long KeyOf(string prefix, string value)
    {
        var h = 0xCBF2_9CE4_8422_2325UL;
        foreach (var c in prefix) h = (h ^ c) * 0x100_0000_01B3UL;
        h = (h ^ 0x1F) * 0x100_0000_01B3UL;
        foreach (var c in value) h = (h ^ c) * 0x100_0000_01B3UL;
        return (long)Mix(h);
    }

    private static ulong Fnv(List<string> words, int start, int count)
    {
        var h = 0xCBF2_9CE4_8422_2325UL;
        for (var w = start; w < start + count; w++)
        {
            foreach (var c in words[w]) h = (h ^ c) * 0x100_0000_01B3UL;
            h = (h ^ ' ') * 0x100_0000_01B3UL;
        }
        return h;
    }

    /// <summary>SplitMix64's finaliser: a fixed bijection that spreads every input bit over the output.</summary>
    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
            return z ^ (z >> 31);
        }
    }

    private static ulong[] MakeSeeds(int n)
    {
        var seeds = new ulong[n];
        var s = 0x9E37_79B9_7F4A_7C15UL;
        for (var i = 0; i < n; i++)
        {
            s = unchecked(s + 0x9E37_79B9_7F4A_7C15UL);
            seeds[i] = Mix(s);
        }
        return seeds;
    }
}
