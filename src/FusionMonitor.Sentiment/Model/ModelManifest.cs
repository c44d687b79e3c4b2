using FusionMonitor.Sentiment.Features;
using FusionMonitor.Sentiment.Neural;

namespace FusionMonitor.Sentiment.Model;

/// <summary>
/// What a model file says about itself (its <c>manifest.json</c> entry): enough to rebuild the featuriser that the
/// weights were trained on, plus provenance.
/// </summary>
/// <param name="Name">A short name, the first part of the model version.</param>
/// <param name="TrainedAt">When training finished (UTC).</param>
/// <param name="Featurizer">The featurisation the weights belong to.</param>
/// <param name="BiasAdjustment">Added to the [negative, neutral, positive] logits: the class balance chosen on
/// validation data for the best macro-recall (trainers optimise likelihood, not that metric).</param>
/// <param name="Trainer">The ML.NET trainer and its settings, for the record.</param>
/// <param name="TrainingData">Names and row counts of the training files, for the record.</param>
/// <param name="Cnn">How the phrase CNN that joins the linear model was trained; null for a linear model alone.</param>
public sealed record ModelManifest(
    string Name,
    DateTimeOffset TrainedAt,
    FeaturizerSettings Featurizer,
    float[] BiasAdjustment,
    string Trainer,
    IReadOnlyList<string> TrainingData,
    PhraseCnnSettings? Cnn = null);
