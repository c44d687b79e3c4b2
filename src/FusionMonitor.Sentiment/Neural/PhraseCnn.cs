using System.Numerics;
using System.Numerics.Tensors;
using FusionMonitor.Sentiment.Features;
using FusionMonitor.Sentiment.Lexicon;
using FusionMonitor.Sentiment.Text;

namespace FusionMonitor.Sentiment.Neural;

/// <summary>
/// How the phrase CNN is trained and how much it counts.
/// </summary>
/// <param name="Filters">Filters per width (widths 1, 2 and 3 words).</param>
/// <param name="Epochs">Passes over the training rows.</param>
/// <param name="LearningRate">Adam's step size.</param>
/// <param name="Dropout">Share of pooled features dropped at each training step.</param>
/// <param name="Weight">How much the CNN's log-probabilities add to the linear model's logits when scoring.</param>
/// <param name="Seed">Seeds the initial weights, the shuffling and the dropout, so a run can be repeated.</param>
/// <param name="Dimensions">When the CNN's word vectors are wider than this, what its filters read of each word is
/// compressed to this many numbers after training (<see cref="PhraseCnnCompression.Compress"/>), so the model file stays small;
/// 0 keeps the vectors as they are.</param>
/// <param name="TuneEpochs">Epochs of further training after that compression, to recover what it lost.</param>
/// <param name="TuneLearningRate">Adam's step size for those epochs.</param>
public sealed record PhraseCnnSettings(
    int Filters = 64, int Epochs = 5, float LearningRate = 1e-3f, float Dropout = 0.5f, float Weight = 0.5f, int Seed = 1,
    int Dimensions = 100, int TuneEpochs = 2, float TuneLearningRate = 3e-4f);

/// <summary>What the CNN reads of one token: its word-vector row (−1 for none) and four small features.</summary>
internal readonly record struct TokenInput(int Row, float Negated, float Unknown, float Valence, float Other);

/// <summary>
/// A small convolutional network over the model's frozen word vectors (Kim, 2014): filters one, two and three
/// words wide slide over the text, each keeps its strongest match (max-pooling), and a linear layer turns those
/// matches into class scores. It sees short phrases as units ("not bad at all", "could be worse") and generalises
/// them through the vectors, which the bag-of-n-grams model cannot; its log-probabilities are added to the linear
/// model's logits (<see cref="PhraseCnnSettings.Weight"/>).
/// </summary>
/// <remarks>
/// Fast because the vectors are frozen: what each filter sees of a word (a dot product) depends only on the word,
/// so it is computed once per word and cached, and scoring a text is additions and maxima. Read-only apart from
/// that cache, which threads fill without locks (a row is computed whole before it is published).
/// </remarks>
public sealed class PhraseCnn
{
    /// <summary>Filter widths, in tokens.</summary>
    public static readonly int[] Widths = [1, 2, 3];

    /// <summary>Extra inputs after the word vector: negated, unknown word, lexicon valence / 4, not a word.</summary>
    public const int Extras = 4;

    /// <summary>Tokens read per text, enough for a whole review; later ones are ignored (tweets have about 25).</summary>
    public const int MaxTokens = 256;

    private readonly float[]?[] _rowCache;
    private readonly float[] _extrasByColumn; // [i * Projections + j]: column E + i of the filter matrix

    internal PhraseCnn(WordEmbeddings embeddings, ValenceLexicon lexicon, int filters, float weight, float[] filterWeights, float[] biases, float[] output, float[] outputBiases)
    {
        if (embeddings.Dimensions == 0) throw new ArgumentException("The phrase CNN needs word vectors.", nameof(embeddings));
        if (filters < 1) throw new ArgumentOutOfRangeException(nameof(filters), "at least one filter per width");
        Embeddings = embeddings;
        Lexicon = lexicon;
        Filters = filters;
        Weight = weight;
        Inputs = embeddings.Dimensions + Extras;
        Projections = Widths.Sum() * filters;
        Pooled = Widths.Length * filters;
        if (filterWeights.Length != Projections * Inputs || biases.Length != Pooled || output.Length != 3 * Pooled || outputBiases.Length != 3)
            throw new ArgumentException("The CNN's weights do not match its shape.");
        FilterWeights = filterWeights;
        Biases = biases;
        Output = output;
        OutputBiases = outputBiases;
        _rowCache = new float[]?[embeddings.Count];
        _extrasByColumn = new float[Extras * Projections];
        for (var i = 0; i < Extras; i++)
        for (var j = 0; j < Projections; j++)
            _extrasByColumn[i * Projections + j] = filterWeights[j * Inputs + embeddings.Dimensions + i];
    }

    /// <summary>A network with small random weights, as training starts.</summary>
    internal static PhraseCnn Initial(WordEmbeddings embeddings, ValenceLexicon lexicon, PhraseCnnSettings settings)
    {
        var random = new Random(settings.Seed);
        var inputs = embeddings.Dimensions + Extras;
        var f = settings.Filters;
        var filterWeights = new float[Widths.Sum() * f * inputs];
        var at = 0;
        foreach (var w in Widths)
        {
            var scale = MathF.Sqrt(2f / (w * inputs)); // He initialisation for ReLU
            for (var k = 0; k < w * f * inputs; k++) filterWeights[at++] = Gaussian(random) * scale;
        }
        var pooled = Widths.Length * f;
        var output = new float[3 * pooled];
        for (var k = 0; k < output.Length; k++) output[k] = Gaussian(random) * MathF.Sqrt(1f / pooled);
        return new PhraseCnn(embeddings, lexicon, f, settings.Weight, filterWeights, new float[pooled], output, new float[3]);
    }

    private static float Gaussian(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

    public WordEmbeddings Embeddings { get; }

    public ValenceLexicon Lexicon { get; }

    public int Filters { get; }

    /// <summary>How much the log-probabilities count next to the linear model's logits.</summary>
    public float Weight { get; }

    /// <summary>Inputs per token: the word vector and <see cref="Extras"/>.</summary>
    public int Inputs { get; }

    /// <summary>One dot product per filter and position within it: Σ widths × filters.</summary>
    public int Projections { get; }

    /// <summary>Max-pooled features: widths × filters.</summary>
    public int Pooled { get; }

    /// <summary>[j * Inputs + d], where j = (first slot of the width + position in the filter) * Filters + filter.</summary>
    internal float[] FilterWeights { get; }

    internal float[] Biases { get; }

    /// <summary>[class * Pooled + feature].</summary>
    internal float[] Output { get; }

    internal float[] OutputBiases { get; }

    /// <summary>Words whose filter dot products are cached so far (each costs <see cref="Projections"/> floats);
    /// the cache grows with the distinct words scored, up to every kept word.</summary>
    public int CachedWords => _rowCache.Count(r => r is not null);

    /// <summary>The first projection slot of width number <paramref name="widthIndex"/>.</summary>
    internal static int FirstSlot(int widthIndex)
    {
        var slot = 0;
        for (var u = 0; u < widthIndex; u++) slot += Widths[u];
        return slot;
    }

    /// <summary>What the network reads of each token (at most <see cref="MaxTokens"/>).</summary>
    internal void Encode(List<TextToken> tokens, List<TokenInput> into)
    {
        into.Clear();
        var n = Math.Min(tokens.Count, MaxTokens);
        for (var k = 0; k < n; k++)
        {
            var t = tokens[k];
            var row = t.IsWordLike ? Embeddings.RowOf(t.Text) : -1;
            var valence = Lexicon.TryGet(t.Text, out var v) ? v / 4f : 0f;
            into.Add(new TokenInput(row, t.Negated ? 1f : 0f, t.IsWordLike && row < 0 ? 1f : 0f, valence, t.IsWordLike ? 0f : 1f));
        }
    }

    /// <summary>Writes what the network reads of one token: its word vector, then the <see cref="Extras"/>.</summary>
    internal void Input(TokenInput input, Span<float> vector)
    {
        var e = Embeddings.Dimensions;
        if (input.Row >= 0) Embeddings.CopyRow(input.Row, vector);
        else vector[..e].Clear();
        vector[e] = input.Negated;
        vector[e + 1] = input.Unknown;
        vector[e + 2] = input.Valence;
        vector[e + 3] = input.Other;
    }

    /// <summary>The filters' dot products with one token's inputs, computed from the weights (training).</summary>
    internal void Project(TokenInput input, Span<float> vector, Span<float> destination)
    {
        Input(input, vector);
        for (var j = 0; j < Projections; j++)
            destination[j] = TensorPrimitives.Dot(FilterWeights.AsSpan(j * Inputs, Inputs), vector[..Inputs]);
    }

    /// <summary>The same as <see cref="Project"/>, from the per-word cache (scoring).</summary>
    private void ProjectCached(TokenInput input, Span<float> destination)
    {
        if (input.Row >= 0) RowProjection(input.Row).CopyTo(destination);
        else destination.Clear();
        AddExtra(0, input.Negated, destination);
        AddExtra(1, input.Unknown, destination);
        AddExtra(2, input.Valence, destination);
        AddExtra(3, input.Other, destination);
    }

    private void AddExtra(int extra, float value, Span<float> destination)
    {
        if (value != 0) TensorPrimitives.MultiplyAdd(_extrasByColumn.AsSpan(extra * Projections, Projections), value, destination, destination);
    }

    private float[] RowProjection(int row)
    {
        if (Volatile.Read(ref _rowCache[row]) is { } cached) return cached;
        var projection = WordProjection(row);
        Volatile.Write(ref _rowCache[row], projection);
        return projection;
    }

    /// <summary>The filters' dot products with the word vector of row <paramref name="row"/> (no extras).</summary>
    internal float[] WordProjection(int row)
    {
        var e = Embeddings.Dimensions;
        var vector = new float[e];
        Embeddings.CopyRow(row, vector);
        var projection = new float[Projections];
        for (var j = 0; j < Projections; j++)
            projection[j] = TensorPrimitives.Dot(FilterWeights.AsSpan(j * Inputs, e), vector);
        return projection;
    }

    /// <summary>Class log-probabilities of the tokens (already tokenised into <paramref name="buffer"/>).</summary>
    internal (float Neg, float Neu, float Pos) LogProbabilities(FeatureBuffer buffer)
    {
        Encode(buffer.Tokens, buffer.CnnInputs);
        var inputs = buffer.CnnInputs;
        var length = inputs.Count + 2; // a zero position before and after the text
        if (buffer.CnnProjections.Length < length * Projections) buffer.CnnProjections = new float[Math.Min(2 * length, MaxTokens + 2) * Projections];
        if (buffer.CnnPooled.Length < Pooled) buffer.CnnPooled = new float[Pooled];
        var projections = buffer.CnnProjections.AsSpan(0, length * Projections);
        projections[..Projections].Clear();
        projections[^Projections..].Clear();
        for (var p = 0; p < inputs.Count; p++) ProjectCached(inputs[p], projections.Slice((p + 1) * Projections, Projections));
        var pooled = buffer.CnnPooled.AsSpan(0, Pooled);
        Pool(projections, length, pooled);
        return LogSoftmax(Logits(pooled));
    }

    /// <summary>Max-pooled ReLU activations of every filter over the positions of a text.</summary>
    internal void Pool(ReadOnlySpan<float> projections, int length, Span<float> pooled)
    {
        var f = Filters;
        var lanes = Vector<float>.Count;
        for (var wi = 0; wi < Widths.Length; wi++)
        {
            var w = Widths[wi];
            var first = FirstSlot(wi);
            var best = pooled.Slice(wi * f, f);
            best.Fill(0f); // ReLU: nothing below zero survives
            var biases = Biases.AsSpan(wi * f, f);
            for (var p = 0; p + w <= length; p++)
            {
                var v = 0;
                for (; v <= f - lanes; v += lanes) // the filters of one width side by side, a vector at a time
                {
                    var h = new Vector<float>(biases[v..]);
                    for (var k = 0; k < w; k++) h += new Vector<float>(projections[((p + k) * Projections + (first + k) * f + v)..]);
                    Vector.Max(h, new Vector<float>(best[v..])).CopyTo(best[v..]);
                }
                for (; v < f; v++)
                {
                    var h = biases[v];
                    for (var k = 0; k < w; k++) h += projections[(p + k) * Projections + (first + k) * f + v];
                    best[v] = MathF.Max(best[v], h);
                }
            }
        }
    }

    internal (float Neg, float Neu, float Pos) Logits(ReadOnlySpan<float> pooled) =>
        (OutputBiases[0] + TensorPrimitives.Dot(Output.AsSpan(0, Pooled), pooled),
         OutputBiases[1] + TensorPrimitives.Dot(Output.AsSpan(Pooled, Pooled), pooled),
         OutputBiases[2] + TensorPrimitives.Dot(Output.AsSpan(2 * Pooled, Pooled), pooled));

    internal static (float Neg, float Neu, float Pos) LogSoftmax((float Neg, float Neu, float Pos) z)
    {
        var max = MathF.Max(z.Neg, MathF.Max(z.Neu, z.Pos));
        var log = max + MathF.Log(MathF.Exp(z.Neg - max) + MathF.Exp(z.Neu - max) + MathF.Exp(z.Pos - max));
        return (z.Neg - log, z.Neu - log, z.Pos - log);
    }
}
