using FusionMonitor.Core;
using System.Diagnostics;
using System.Numerics.Tensors;
using FusionMonitor.Sentiment.Features;
using FusionMonitor.Sentiment.Lexicon;
using FusionMonitor.Sentiment.Text;

namespace FusionMonitor.Sentiment.Neural;

/// <summary>One training example for the CNN: a text, its class (0 negative, 1 neutral, 2 positive) and its
/// weight (the set's weight times the class-balance weight, as for the linear model).</summary>
public readonly record struct WeightedText(string Text, int Label, float Weight);

/// <summary>
/// Trains a <see cref="PhraseCnn"/>: weighted cross-entropy, Adam, mini-batches of 32, dropout on the pooled
/// features. Back-propagation is written out by hand because the network is tiny and fixed (ML.NET has no trainer
/// for it, and a deep-learning runtime would be a large dependency for one small model). Each mini-batch is split
/// into a fixed number of shards worked on in parallel, so the result does not depend on the machine's core count.
/// </summary>
public static class PhraseCnnTrainer
{
    private const int BatchSize = 32;
    private const int Shards = 2;
    private const float Beta1 = 0.9f, Beta2 = 0.999f, Epsilon = 1e-8f;

    public static PhraseCnn Train(IReadOnlyList<WeightedText> rows, WordEmbeddings embeddings, ValenceLexicon lexicon, PhraseCnnSettings settings, Action<string> progress)
    {
        if (rows.Count == 0) throw new ArgumentException("no training rows", nameof(rows));
        if (settings.Filters < 1 || settings.Epochs < 1) throw new ArgumentOutOfRangeException(nameof(settings), "filters and epochs must be at least 1");
        if (settings.Dropout is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(settings), "dropout must be in [0, 1)");
        if (settings.Dimensions < 0 || settings.TuneEpochs < 0) throw new ArgumentOutOfRangeException(nameof(settings), "dimensions and tuning epochs must be 0 or more");
        var cnn = PhraseCnn.Initial(embeddings, lexicon, settings);
        var encoded = new TokenInput[rows.Count][];
        Parallel.For(0, rows.Count, () => (Tokens: new List<TextToken>(), Inputs: new List<TokenInput>()), (i, _, scratch) =>
        {
            SocialTextTokenizer.Tokenize(rows[i].Text, scratch.Tokens);
            cnn.Encode(scratch.Tokens, scratch.Inputs);
            encoded[i] = scratch.Inputs.ToArray();
            return scratch;
        }, _ => { });

        Run(cnn, rows, encoded, settings.Epochs, settings.LearningRate, settings.Dropout, settings.Seed, "phrase CNN", progress);
        if (settings.Dimensions > 0 && embeddings.Dimensions > settings.Dimensions)
        {
            // The compressed network keeps the word list and its order, so the encoded rows still hold.
            cnn = PhraseCnnCompression.Compress(cnn, settings.Dimensions, progress);
            if (settings.TuneEpochs > 0)
                Run(cnn, rows, encoded, settings.TuneEpochs, settings.TuneLearningRate, settings.Dropout, settings.Seed + 1, "phrase CNN after compression", progress);
        }
        // A fresh instance: what the constructor derives from the weights (the extra-input columns, the per-word
        // cache) must come from the final weights, not the initial ones.
        return new PhraseCnn(cnn.Embeddings, lexicon, cnn.Filters, cnn.Weight, cnn.FilterWeights, cnn.Biases, cnn.Output, cnn.OutputBiases);
    }

    /// <summary>Trains <paramref name="cnn"/>'s weights in place for <paramref name="epochs"/> passes.</summary>
    private static void Run(PhraseCnn cnn, IReadOnlyList<WeightedText> rows, TokenInput[][] encoded, int epochs, float learningRate, float dropout, int seed, string name, Action<string> progress)
    {
        // All parameters as one vector for Adam: filter weights, filter biases, output weights, output biases.
        var blocks = new[] { cnn.FilterWeights, cnn.Biases, cnn.Output, cnn.OutputBiases };
        var size = blocks.Sum(b => b.Length);
        var moment1 = new float[size];
        var moment2 = new float[size];
        var workers = Enumerable.Range(0, Shards).Select(_ => new Worker(cnn)).ToArray();
        var order = Enumerable.Range(0, rows.Count).ToArray();
        var random = new Random(seed);
        var step = 0;
        var clock = Stopwatch.StartNew();
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            random.Shuffle(order);
            double loss = 0, weight = 0;
            for (var start = 0; start < order.Length; start += BatchSize)
            {
                var end = Math.Min(order.Length, start + BatchSize);
                Parallel.For(0, Shards, s =>
                {
                    var worker = workers[s];
                    worker.Begin(StepSeed(seed, epoch, start, s));
                    for (var k = start + s; k < end; k += Shards)
                    {
                        var row = rows[order[k]];
                        worker.Learn(encoded[order[k]], row.Label, row.Weight, dropout);
                    }
                });
                step++;
                var count = end - start;
                var correction1 = 1 - MathF.Pow(Beta1, step);
                var correction2 = 1 - MathF.Pow(Beta2, step);
                var at = 0;
                foreach (var block in blocks)
                {
                    for (var k = 0; k < block.Length; k++, at++)
                    {
                        var g = 0f;
                        foreach (var worker in workers) g += worker.Gradient[at];
                        g /= count;
                        moment1[at] = Beta1 * moment1[at] + (1 - Beta1) * g;
                        moment2[at] = Beta2 * moment2[at] + (1 - Beta2) * g * g;
                        block[k] -= learningRate * (moment1[at] / correction1) / (MathF.Sqrt(moment2[at] / correction2) + Epsilon);
                    }
                }
                foreach (var worker in workers) { loss += worker.Loss; weight += worker.Weight; }
            }
            progress($"{name} epoch {epoch}/{epochs}: weighted loss {loss / weight:F3} ({clock.Elapsed.TotalSeconds:F0} s)");
        }
    }

    /// <summary>The dropout seed of one shard of one mini-batch: the same in every process and on every machine
    /// (unlike <see cref="HashCode"/>, which is seeded per process), so a training run can be repeated.</summary>
    private static int StepSeed(int seed, int epoch, int batchStart, int shard) => StableHash.Of(seed, epoch, batchStart, shard);

    /// <summary>One shard's scratch space and gradient sum for the current mini-batch.</summary>
    internal sealed class Worker(PhraseCnn cnn)
    {
        private readonly float[] _vector = new float[cnn.Inputs];
        private readonly float[] _projections = new float[(PhraseCnn.MaxTokens + 2) * cnn.Projections];
        private readonly float[] _pooled = new float[cnn.Pooled];
        private readonly int[] _argmax = new int[cnn.Pooled];
        private readonly float[] _mask = new float[cnn.Pooled];
        private readonly float[] _dPooled = new float[cnn.Pooled];
        private Random _random = new(0);

        public float[] Gradient { get; } = new float[cnn.FilterWeights.Length + cnn.Biases.Length + cnn.Output.Length + cnn.OutputBiases.Length];

        public double Loss { get; private set; }

        public double Weight { get; private set; }

        public void Begin(int seed)
        {
            Array.Clear(Gradient);
            _random = new Random(seed);
            Loss = 0;
            Weight = 0;
        }

        public void Learn(TokenInput[] inputs, int label, float weight, float dropout)
        {
            var j = cnn.Projections;
            var f = cnn.Filters;
            var length = inputs.Length + 2;
            var projections = _projections.AsSpan(0, length * j);
            projections[..j].Clear();
            projections[^j..].Clear();
            for (var p = 0; p < inputs.Length; p++) cnn.Project(inputs[p], _vector, projections.Slice((p + 1) * j, j));
            PoolWithArgmax(projections, length);

            var keep = 1f / (1 - dropout);
            for (var i = 0; i < _pooled.Length; i++)
            {
                _mask[i] = _random.NextSingle() < dropout ? 0f : keep;
                _pooled[i] *= _mask[i];
            }
            var (n, u, p2) = PhraseCnn.LogSoftmax(cnn.Logits(_pooled));
            Span<float> probabilities = [MathF.Exp(n), MathF.Exp(u), MathF.Exp(p2)];
            Loss -= weight * (label == 0 ? n : label == 1 ? u : p2);
            Weight += weight;

            // Output layer.
            int outputAt = cnn.FilterWeights.Length + cnn.Biases.Length, outputBiasAt = outputAt + cnn.Output.Length;
            Array.Clear(_dPooled);
            for (var c = 0; c < 3; c++)
            {
                var d = weight * (probabilities[c] - (c == label ? 1f : 0f));
                Gradient[outputBiasAt + c] += d;
                TensorPrimitives.MultiplyAdd(_pooled, d, Gradient.AsSpan(outputAt + c * cnn.Pooled, cnn.Pooled), Gradient.AsSpan(outputAt + c * cnn.Pooled, cnn.Pooled));
                TensorPrimitives.MultiplyAdd(cnn.Output.AsSpan(c * cnn.Pooled, cnn.Pooled), d, _dPooled, _dPooled);
            }

            // Filters: only the position that won the max-pooling, and only when the ReLU let it through.
            var biasAt = cnn.FilterWeights.Length;
            for (var wi = 0; wi < PhraseCnn.Widths.Length; wi++)
            {
                var first = PhraseCnn.FirstSlot(wi);
                for (var filter = 0; filter < f; filter++)
                {
                    var z = wi * f + filter;
                    if (_argmax[z] < 0 || _mask[z] == 0) continue;
                    var g = _dPooled[z] * _mask[z];
                    Gradient[biasAt + z] += g;
                    for (var k = 0; k < PhraseCnn.Widths[wi]; k++)
                    {
                        var position = _argmax[z] + k - 1; // position 0 is the zero padding before the text
                        if (position < 0 || position >= inputs.Length) continue;
                        cnn.Input(inputs[position], _vector);
                        var row = ((first + k) * f + filter) * cnn.Inputs;
                        TensorPrimitives.MultiplyAdd(_vector, g, Gradient.AsSpan(row, cnn.Inputs), Gradient.AsSpan(row, cnn.Inputs));
                    }
                }
            }
        }


        /// <summary><see cref="PhraseCnn.Pool"/> that also remembers where each maximum was (−1: the ReLU was 0).</summary>
        private void PoolWithArgmax(ReadOnlySpan<float> projections, int length)
        {
            var f = cnn.Filters;
            var j = cnn.Projections;
            for (var wi = 0; wi < PhraseCnn.Widths.Length; wi++)
            {
                var w = PhraseCnn.Widths[wi];
                var first = PhraseCnn.FirstSlot(wi);
                for (var filter = 0; filter < f; filter++)
                {
                    var z = wi * f + filter;
                    float best = 0;
                    var at = -1;
                    for (var p = 0; p + w <= length; p++)
                    {
                        var h = cnn.Biases[z];
                        for (var k = 0; k < w; k++) h += projections[(p + k) * j + (first + k) * f + filter];
                        if (h > best) { best = h; at = p; }
                    }
                    _pooled[z] = best;
                    _argmax[z] = at;
                }
            }
        }
    }
}
