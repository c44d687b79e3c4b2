using System.Collections.Concurrent;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Sentiment.Features;
using FusionMonitor.Sentiment.Lexicon;
using FusionMonitor.Sentiment.Model;
using FusionMonitor.Sentiment.Neural;

namespace FusionMonitor.Sentiment.Scoring;

/// <summary>
/// Serves a model trained by ML.NET without ML.NET's generic pipeline: our featuriser plus the trained
/// maximum-entropy weights, read once from the model file. That is the same arithmetic as ML.NET's prediction
/// (softmax of per-class dot products), at a fraction of the cost, which the throughput target needs. When the
/// model file has a phrase CNN (<see cref="PhraseCnn"/>), its weighted log-probabilities join the logits before
/// the softmax, over the same tokens.
/// </summary>
/// <remarks>
/// Thread-safe: the weights are read-only and every thread featurises into its own <see cref="FeatureBuffer"/>
/// (nothing like a shared <c>PredictionEngine</c>). Large batches are spread over the cores. Never throws on a text:
/// null, empty, 40,000 characters or odd Unicode all get a score.
/// </remarks>
public sealed class LinearSentimentScorer : ISentimentScorer
{
    private const int Classes = 3;
    private const int ParallelThreshold = 256;

    [ThreadStatic] private static FeatureBuffer? t_buffer;

    private readonly SentimentFeaturizer _featurizer;
    private readonly float[] _weights; // [slot * 3 + class], so one text's slot reads one cache line
    private readonly float[] _biases;
    private readonly PhraseCnn? _cnn;

    public LinearSentimentScorer(ModelManifest manifest, ValenceLexicon lexicon, WordEmbeddings embeddings, float[][] weights, float[] biases, string contentHash, PhraseCnn? cnn = null)
    {
        _cnn = cnn;
        if (weights.Length != Classes || biases.Length != Classes) throw new ArgumentException("A sentiment model has 3 classes.");
        Manifest = manifest;
        _featurizer = new SentimentFeaturizer(manifest.Featurizer, lexicon, embeddings);
        if (weights.Any(w => w.Length != _featurizer.Dimension))
            throw new ArgumentException($"Weights have {weights[0].Length} features, the featuriser makes {_featurizer.Dimension}.");
        _weights = new float[_featurizer.Dimension * Classes];
        for (var slot = 0; slot < _featurizer.Dimension; slot++)
        for (var c = 0; c < Classes; c++)
            _weights[slot * Classes + c] = weights[c][slot];
        _biases = biases.Select((b, c) => b + (manifest.BiasAdjustment.Length == Classes ? manifest.BiasAdjustment[c] : 0f)).ToArray();
        ModelVersion = $"{manifest.Name}-{manifest.TrainedAt.UtcDateTime:yyyyMMdd}-{contentHash}";
    }

    /// <summary>Where hosts find the shipped model: <c>models/sentiment.zip</c> beside the application.</summary>
    public static string DefaultModelPath => Path.Combine(AppContext.BaseDirectory, "models", "sentiment.zip");

    /// <summary><c>name-yyyyMMdd-hash</c>: the hash is of the model file, so any retraining changes it.</summary>
    public string ModelVersion { get; }

    public ModelManifest Manifest { get; }

    /// <summary>The valence lexicon the model carries (also what the rule-based baseline reads).</summary>
    public ValenceLexicon Lexicon => _featurizer.Lexicon;

    /// <summary>The phrase CNN that joins the linear model, or null when the model has none.</summary>
    public PhraseCnn? Cnn => _cnn;

    /// <summary>The word vectors the model carries (empty for a model without them).</summary>
    public WordEmbeddings Embeddings => _featurizer.Embeddings;

    /// <summary>Loads the shipped model from <see cref="DefaultModelPath"/>.</summary>
    public static LinearSentimentScorer LoadDefault() => Load(DefaultModelPath);

    /// <summary>Loads a model file written by <c>fusion train</c>. Slow (ML.NET start-up): load once, share.</summary>
    public static LinearSentimentScorer Load(string path)
    {
        var c = SentimentModelFile.Read(path);
        return new LinearSentimentScorer(c.Manifest, c.Lexicon, c.Embeddings, c.Weights, c.Biases, c.ContentHash, c.Cnn);
    }

    public SentimentScore Score(string? text)
    {
        var buffer = t_buffer ??= new FeatureBuffer();
        _featurizer.Featurize(text, buffer);
        return Softmax(Logits(buffer));
    }

    public IReadOnlyList<SentimentScore> Score(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var scores = new SentimentScore[texts.Count];
        if (texts.Count < ParallelThreshold)
        {
            for (var i = 0; i < scores.Length; i++) scores[i] = Score(texts[i]);
            return scores;
        }
        Parallel.ForEach(Partitioner.Create(0, texts.Count, 128), range =>
        {
            for (var i = range.Item1; i < range.Item2; i++) scores[i] = Score(texts[i]);
        });
        return scores;
    }

    /// <summary>The raw class scores before the softmax, for calibration during training.</summary>
    internal (float Neg, float Neu, float Pos) Logits(string? text)
    {
        var buffer = t_buffer ??= new FeatureBuffer();
        _featurizer.Featurize(text, buffer);
        return Logits(buffer);
    }

    private (float Neg, float Neu, float Pos) Logits(FeatureBuffer buffer)
    {
        float n = _biases[0], u = _biases[1], p = _biases[2];
        var w = _weights;
        var indices = buffer.Indices;
        var values = buffer.Values;
        for (var k = 0; k < indices.Length; k++)
        {
            var at = indices[k] * Classes;
            var v = values[k];
            n += v * w[at];
            u += v * w[at + 1];
            p += v * w[at + 2];
        }
        if (_cnn is not null)
        {
            var (cn, cu, cp) = _cnn.LogProbabilities(buffer);
            var k = _cnn.Weight;
            n += k * cn;
            u += k * cu;
            p += k * cp;
        }
        return (n, u, p);
    }

    internal static SentimentScore Softmax((float Neg, float Neu, float Pos) z)
    {
        var max = MathF.Max(z.Neg, MathF.Max(z.Neu, z.Pos));
        var en = MathF.Exp(z.Neg - max);
        var eu = MathF.Exp(z.Neu - max);
        var ep = MathF.Exp(z.Pos - max);
        var sum = en + eu + ep;
        return new SentimentScore(en / sum, eu / sum, ep / sum);
    }
}
