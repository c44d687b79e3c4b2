using System.Diagnostics;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Sentiment.Data;
using FusionMonitor.Sentiment.Evaluation;
using FusionMonitor.Sentiment.Features;
using FusionMonitor.Sentiment.Lexicon;
using FusionMonitor.Sentiment.Model;
using FusionMonitor.Sentiment.Neural;
using FusionMonitor.Sentiment.Scoring;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace FusionMonitor.Sentiment.Training;

/// <summary>
/// Trains the sentiment model with ML.NET: our featuriser turns texts into sparse vectors once, ML.NET's L-BFGS
/// maximum-entropy trainer learns the weights with balanced class weights, and (only when asked) per-class offsets
/// are then tuned for macro-recall on the validation texts. The result is saved as a <see cref="SentimentModelFile"/> and served by
/// <see cref="LinearSentimentScorer"/>.
/// </summary>
public static class SentimentTrainer
{
    private sealed class Row
    {
        public uint Label { get; set; }
        public float Weight { get; set; }
        public VBuffer<float> Features { get; set; }
    }

    /// <summary>A trained model, ready to save or to score with.</summary>
    public sealed class Result(MLContext ml, ITransformer model, DataViewSchema schema, ModelManifest manifest, ValenceLexicon lexicon, WordEmbeddings embeddings, PhraseCnn? cnn, LinearSentimentScorer scorer)
    {
        public ModelManifest Manifest { get; } = manifest;

        /// <summary>Scores with the trained weights and the tuned class balance (not yet saved).</summary>
        public LinearSentimentScorer Scorer { get; } = scorer;

        public void Save(string path) => SentimentModelFile.Save(path, Manifest, lexicon, embeddings, cnn, ml, model, schema);
    }

    /// <summary>Trains the linear model (and the phrase CNN when <paramref name="options"/> asks for one).
    /// <paramref name="cnnVectors"/> are the word vectors the CNN reads, when not <paramref name="embeddings"/>.</summary>
    public static Result Train(
        IReadOnlyList<TrainingSet> sets,
        IReadOnlyList<LabelledText>? validation,
        ValenceLexicon lexicon,
        WordEmbeddings embeddings,
        TrainingOptions options,
        Action<string> progress,
        WordEmbeddings? cnnVectors = null)
    {
        if (sets.Sum(s => s.Rows.Count) == 0) throw new LabelledDataException("no training rows");
        if (options.Featurizer is { EmbeddingWeight: 0, ClusterWeight: 0 } && (options.Cnn is null || cnnVectors is not null)) embeddings = WordEmbeddings.Empty;
        if (options.Cnn is not null && (cnnVectors ?? embeddings).Dimensions == 0) throw new LabelledDataException("the phrase CNN needs word vectors");
        var featurizer = new SentimentFeaturizer(options.Featurizer, lexicon, embeddings);
        var clock = Stopwatch.StartNew();

        var rows = new List<Row>();
        var weighted = new List<WeightedText>();
        foreach (var set in sets)
        {
            var classWeights = ClassWeights(set.Rows, options.ClassBalance);
            var cnnWeight = set.CnnWeight ?? set.Weight;
            if (cnnWeight > 0) weighted.AddRange(set.Rows.Select(r => new WeightedText(r.Text, (int)r.Label, cnnWeight * classWeights[(int)r.Label])));
            var featurised = Featurize(featurizer, set.Rows);
            for (var i = 0; i < set.Rows.Count; i++)
            {
                var label = set.Rows[i].Label;
                // LoadFromEnumerable reads a key-typed uint as 0-based (0 = first class), unlike the 1-based raw key values.
                rows.Add(new Row { Label = (uint)label, Weight = set.Weight * classWeights[(int)label], Features = featurised[i] });
            }
            progress($"featurised {set.Name}: {set.Rows.Count:N0} rows, weight {set.Weight} ({clock.Elapsed.TotalSeconds:F0} s)");
        }

        var ml = new MLContext(seed: 1);
        var schemaDefinition = SchemaDefinition.Create(typeof(Row));
        schemaDefinition[nameof(Row.Label)].ColumnType = new KeyDataViewType(typeof(uint), 3);
        schemaDefinition[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featurizer.Dimension);
        var data = ml.Data.LoadFromEnumerable(rows, schemaDefinition);

        var trainerOptions = new LbfgsMaximumEntropyMulticlassTrainer.Options
        {
            LabelColumnName = nameof(Row.Label),
            FeatureColumnName = nameof(Row.Features),
            ExampleWeightColumnName = nameof(Row.Weight),
            L2Regularization = options.L2,
            L1Regularization = options.L1,
            MaximumNumberOfIterations = options.MaxIterations,
            OptimizationTolerance = 1e-6f,
            HistorySize = 20,
            NumberOfThreads = Environment.ProcessorCount,
        };
        progress($"training L-BFGS maximum entropy on {rows.Count:N0} rows × {featurizer.Dimension:N0} features (L2 {options.L2}, L1 {options.L1})");
        var model = ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(trainerOptions).Fit(data);
        progress($"trained ({clock.Elapsed.TotalSeconds:F0} s)");

        VBuffer<float>[] weights = [];
        model.Model.GetWeights(ref weights, out _);
        var dense = weights.Select(w => w.DenseValues().ToArray()).ToArray();
        var biases = model.Model.GetBiases().ToArray();

        var manifest = new ModelManifest(
            options.Name,
            DateTimeOffset.UtcNow,
            options.Featurizer,
            [0f, 0f, 0f],
            $"ML.NET LbfgsMaximumEntropy L2={options.L2} L1={options.L1} maxIterations={options.MaxIterations} classBalance={options.ClassBalance}",
            sets.Select(s => $"{s.Name}: {s.Rows.Count} rows, weight {s.Weight}" + (options.Cnn is not null && s.CnnWeight is { } c && c != s.Weight ? $" (phrase CNN: {c})" : "")).ToList(),
            options.Cnn);
        PhraseCnn? cnn = null;
        if (options.Cnn is not null)
        {
            progress($"training the phrase CNN ({options.Cnn.Filters} filters per width, {options.Cnn.Epochs} epochs) on {weighted.Count:N0} rows");
            cnn = PhraseCnnTrainer.Train(weighted, cnnVectors ?? embeddings, lexicon, options.Cnn, progress);
        }
        var raw = new LinearSentimentScorer(manifest, lexicon, embeddings, dense, biases, "unsaved", cnn);

        if (options.TuneClassBalance && validation is { Count: > 0 })
        {
            var adjustment = TuneClassBalance(raw, validation);
            manifest = manifest with { BiasAdjustment = adjustment };
            progress($"class balance tuned on {validation.Count:N0} validation rows: [{string.Join(", ", adjustment.Select(a => a.ToString("F2")))}]");
        }
        var scorer = new LinearSentimentScorer(manifest, lexicon, embeddings, dense, biases, "unsaved", cnn);
        return new Result(ml, model, data.Schema, manifest, lexicon, embeddings, cnn, scorer);
    }

    /// <summary>Searches the logit offsets of the negative and positive classes (neutral fixed at 0) that give the
    /// best macro-recall on <paramref name="validation"/>. A coarse grid on purpose: fine offsets fit noise.</summary>
    public static float[] TuneClassBalance(LinearSentimentScorer scorer, IReadOnlyList<LabelledText> validation)
    {
        var logits = validation.Select(v => scorer.Logits(v.Text)).ToArray();
        var best = (Score: -1.0, Neg: 0f, Pos: 0f);
        for (var neg = -1.5f; neg <= 1.501f; neg += 0.1f)
        for (var pos = -1.5f; pos <= 1.501f; pos += 0.1f)
        {
            var confusion = new int[3, 3];
            for (var i = 0; i < logits.Length; i++)
            {
                var (n, u, p) = logits[i];
                var score = new SentimentScore(n + neg, u, p + pos); // argmax is all that matters here
                confusion[(int)validation[i].Label, (int)score.Label]++;
            }
            var macroRecall = ClassificationReport.FromConfusion(confusion).MacroRecall;
            // prefer the smaller adjustment among near-ties, so a flat optimum does not drift
            if (macroRecall > best.Score + 1e-9 || Math.Abs(macroRecall - best.Score) < 1e-9 && Math.Abs(neg) + Math.Abs(pos) < Math.Abs(best.Neg) + Math.Abs(best.Pos))
                best = (macroRecall, neg, pos);
        }
        return [MathF.Round(best.Neg, 2), 0f, MathF.Round(best.Pos, 2)];
    }

    private static float[] ClassWeights(IReadOnlyList<LabelledText> rows, float balance)
    {
        var counts = new int[3];
        foreach (var r in rows) counts[(int)r.Label]++;
        var present = counts.Count(c => c > 0);
        return counts.Select(c => c == 0 ? 0f : MathF.Pow((float)rows.Count / (present * c), balance)).ToArray();
    }

    private static VBuffer<float>[] Featurize(SentimentFeaturizer featurizer, IReadOnlyList<LabelledText> rows)
    {
        var result = new VBuffer<float>[rows.Count];
        Parallel.For(0, rows.Count, () => new FeatureBuffer(), (i, _, buffer) =>
        {
            featurizer.Featurize(rows[i].Text, buffer);
            result[i] = buffer.ToVBuffer(featurizer.Dimension);
            return buffer;
        }, _ => { });
        return result;
    }
}
