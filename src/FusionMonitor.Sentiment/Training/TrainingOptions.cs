using FusionMonitor.Sentiment.Data;
using FusionMonitor.Sentiment.Features;
using FusionMonitor.Sentiment.Neural;

namespace FusionMonitor.Sentiment.Training;

/// <summary>
/// How to train. With <c>EmbeddingWeight</c> and <c>ClusterWeight</c> at 1 in the featuriser (the
/// <c>train</c> verb's defaults), these are the settings of the shipped model, chosen on held-out data (see
/// <c>docs/sentiment.md</c>).
/// </summary>
/// <param name="Featurizer">Featurisation; stored in the model.</param>
/// <param name="L2">L2 regularisation of the maximum-entropy trainer.</param>
/// <param name="L1">L1 regularisation (keeps the weight table sparse, hence a smaller, faster model).</param>
/// <param name="MaxIterations">Upper bound on L-BFGS iterations.</param>
/// <param name="ClassBalance">0 = no class weights, 1 = fully balanced (each class weighs the same in each set).</param>
/// <param name="Name">The model's name, the first part of its version string.</param>
/// <param name="TuneClassBalance">Searches per-class logit offsets for the best macro-recall on the validation rows.
/// Off by default: on 2,000 validation tweets the search fits noise (on a 19,649-tweet hold-out from a later year,
/// tuned offsets did worse than none for 8 models of 11; see docs/sentiment.md), and balanced class weights already
/// aim the model at macro-recall.</param>
/// <param name="Cnn">Trains a phrase CNN over the word vectors to join the linear model; null for none.</param>
public sealed record TrainingOptions(
    FeaturizerSettings Featurizer,
    float L2 = 2f,
    float L1 = 0f,
    int MaxIterations = 200,
    float ClassBalance = 1f,
    string Name = "fusion-sentiment",
    bool TuneClassBalance = false,
    PhraseCnnSettings? Cnn = null);

/// <summary>One source of training rows with its weight: reviews are labelled by stars, so noisier than tweets,
/// and should teach review language without drowning the tweets. <paramref name="CnnWeight"/> is the weight for
/// the phrase CNN (null: the same): reading whole reviews takes it more review examples than the linear model.</summary>
public sealed record TrainingSet(string Name, IReadOnlyList<LabelledText> Rows, float Weight = 1f, float? CnnWeight = null);
