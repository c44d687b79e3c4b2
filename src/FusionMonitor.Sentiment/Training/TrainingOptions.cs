using FusionMonitor.Sentiment.Data;
using FusionMonitor.Sentiment.Features;

namespace FusionMonitor.Sentiment.Training;

/// <summary>
/// How to train. The defaults are the settings of the shipped model, chosen on validation data (see
/// <c>docs/sentiment.md</c>).
/// </summary>
/// <param name="Featurizer">Featurisation; stored in the model.</param>
/// <param name="L2">L2 regularisation of the maximum-entropy trainer.</param>
/// <param name="L1">L1 regularisation (keeps the weight table sparse, hence a smaller, faster model).</param>
/// <param name="MaxIterations">Upper bound on L-BFGS iterations.</param>
/// <param name="ClassBalance">0 = no class weights, 1 = fully balanced (each class weighs the same in each set).</param>
/// <param name="Name">The model's name, the first part of its version string.</param>
public sealed record TrainingOptions(
    FeaturizerSettings Featurizer,
    float L2 = 2f,
    float L1 = 0f,
    int MaxIterations = 200,
    float ClassBalance = 1f,
    string Name = "fusion-sentiment");

/// <summary>One source of training rows with its weight: reviews are labelled by stars, so noisier than tweets,
/// and should teach review language without drowning the tweets.</summary>
public sealed record TrainingSet(string Name, IReadOnlyList<LabelledText> Rows, float Weight = 1f);
