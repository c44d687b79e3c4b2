namespace FusionMonitor.Sentiment.Features;

/// <summary>
/// The hash behind feature slots: FNV-1a over UTF-16 units, finished with MurmurHash3's mixer. Fixed forever for a
/// given model (changing it silently scrambles every saved model), hence no use of randomised string hashing.
/// </summary>
public static class FeatureHash
{
    private const uint FnvOffset = 2166136261;
    private const uint FnvPrime = 16777619;

    public static uint Of(ReadOnlySpan<char> text, uint seed)
    {
        var h = FnvOffset ^ seed;
        foreach (var c in text) h = (h ^ c) * FnvPrime;
        return Mix(h);
    }

    public static uint Combine(uint a, uint b, uint seed) => Mix(a * 0x9E3779B1u ^ b ^ seed * 0x85EBCA77u);

    public static uint Mix(uint h)
    {
        h ^= h >> 16;
        h *= 0x85EBCA6Bu;
        h ^= h >> 13;
        h *= 0xC2B2AE35u;
        h ^= h >> 16;
        return h;
    }

    /// <summary>One step of <see cref="Of"/>, for rolling character n-grams.</summary>
    public static uint Step(uint h, char c) => (h ^ c) * FnvPrime;

    public static uint Start(uint seed) => FnvOffset ^ seed;
}
