using FusionMonitor.Sentiment.Text;
using Microsoft.ML.Data;

namespace FusionMonitor.Sentiment.Features;

/// <summary>
/// Scratch space for featurising one text at a time: reused across texts by one thread, never shared, so the hot
/// path allocates little. Holds feature occurrences (a slot may appear more than once; consumers add them up).
/// </summary>
public sealed class FeatureBuffer
{
    internal readonly List<TextToken> Tokens = new(64);
    internal uint[] TokenHashes = new uint[64];
    internal char[] Chars = new char[512];
    internal float[] Dense = [];
    internal readonly List<Neural.TokenInput> CnnInputs = new(64);
    internal float[] CnnProjections = [];
    internal float[] CnnPooled = [];
    private int[] _indices = new int[1024];
    private float[] _values = new float[1024];

    public int Count { get; private set; }

    public ReadOnlySpan<int> Indices => _indices.AsSpan(0, Count);

    public ReadOnlySpan<float> Values => _values.AsSpan(0, Count);

    internal void Clear() => Count = 0;

    internal void Add(int index, float value)
    {
        if (Count == _indices.Length)
        {
            Array.Resize(ref _indices, Count * 2);
            Array.Resize(ref _values, Count * 2);
        }
        _indices[Count] = index;
        _values[Count++] = value;
    }

    /// <summary>Multiplies the values of occurrences [from, Count) by <paramref name="scale"/>.</summary>
    internal void Scale(int from, float scale)
    {
        for (var k = from; k < Count; k++) _values[k] *= scale;
    }

    /// <summary>The occurrences as an ML.NET sparse vector: sorted, duplicates summed.</summary>
    public VBuffer<float> ToVBuffer(int dimension)
    {
        var indices = _indices.AsSpan(0, Count).ToArray();
        var values = _values.AsSpan(0, Count).ToArray();
        Array.Sort(indices, values);
        var n = 0;
        for (var k = 0; k < indices.Length; k++)
        {
            if (n > 0 && indices[n - 1] == indices[k]) { values[n - 1] += values[k]; continue; }
            indices[n] = indices[k];
            values[n++] = values[k];
        }
        return new VBuffer<float>(dimension, n, values[..n], indices[..n]);
    }
}
