using FusionMonitor.Core.Sentiment;
using FusionMonitor.Sentiment.Data;
using FusionMonitor.Sentiment.Evaluation;
using FusionMonitor.Sentiment.Features;
using FusionMonitor.Sentiment.Model;
using FusionMonitor.Sentiment.Scoring;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FusionMonitor.Sentiment.Tests;

/// <summary>Loads the shipped model once for every test in the class.</summary>
public sealed class ShippedModelFixture
{
    public LinearSentimentScorer Scorer { get; } = LinearSentimentScorer.LoadDefault();
}

public sealed class ShippedModelTests(ShippedModelFixture model) : IClassFixture<ShippedModelFixture>
{
    private readonly LinearSentimentScorer _scorer = model.Scorer;

    [Fact]
    public void The_shipped_model_is_copied_beside_every_host()
    {
        Assert.True(File.Exists(LinearSentimentScorer.DefaultModelPath));
        Assert.Equal(File.ReadAllBytes(RepoPaths.ShippedModel), File.ReadAllBytes(LinearSentimentScorer.DefaultModelPath));
    }

    [Fact]
    public void The_shipped_model_file_stays_within_25_MB()
    {
        Assert.InRange(new FileInfo(RepoPaths.ShippedModel).Length, 1, 25L * 1024 * 1024);
    }

    [Fact]
    public void The_model_version_names_the_model_its_date_and_content_hash()
    {
        Assert.Matches(@"^[a-z0-9-]+-\d{8}-[0-9a-f]{10}$", _scorer.ModelVersion);
    }

    [Theory]
    [InlineData("I love this, it is absolutely wonderful!", SentimentLabel.Positive)]
    [InlineData("This is the worst service ever. I hate it.", SentimentLabel.Negative)]
    [InlineData("The meeting is scheduled for Tuesday at 3pm.", SentimentLabel.Neutral)]
    [InlineData("The fabric is cheap and it fell apart after one wash.", SentimentLabel.Negative)]
    [InlineData("Great movie, the acting was superb :)", SentimentLabel.Positive)]
    // emoji: no training text had one, the lexicon's emoji table carries them
    [InlineData("@user see you tonight 😍😍", SentimentLabel.Positive)]
    [InlineData("@user see you tonight ❤️", SentimentLabel.Positive)]
    [InlineData("this again 😡", SentimentLabel.Negative)]
    public void Clear_texts_get_the_obvious_label(string text, SentimentLabel expected)
    {
        Assert.Equal(expected, _scorer.Score(text).Label);
    }

    [Fact]
    public void Emoji_move_the_polarity_of_the_same_words_their_way()
    {
        var plain = _scorer.Score("@user see you tonight").Polarity;
        Assert.True(_scorer.Score("@user see you tonight 😍😍").Polarity > plain + 0.2);
        Assert.True(_scorer.Score("@user see you tonight 😒😩").Polarity < plain - 0.2);
    }

    [Fact]
    public void Negation_lowers_polarity()
    {
        Assert.True(_scorer.Score("this phone is not good").Polarity < _scorer.Score("this phone is good").Polarity);
    }

    [Fact]
    public void Probabilities_sum_to_one_and_polarity_is_their_difference()
    {
        var s = _scorer.Score("meh, could be better I guess");
        Assert.Equal(1f, s.PNeg + s.PNeu + s.PPos, 3);
        Assert.Equal(s.PPos - s.PNeg, s.Polarity, 6);
    }

    [Fact]
    public void Batch_scores_match_single_scores_in_order_even_when_scored_in_parallel()
    {
        var texts = LabelledTextFile.Read(Path.Combine(RepoPaths.Shared, "data", "sentiment", "tweeteval-val.tsv"))
            .Select(r => r.Text).Take(1_000).ToList();
        var batch = _scorer.Score(texts);
        Assert.Equal(texts.Count, batch.Count);
        for (var i = 0; i < texts.Count; i++) Assert.Equal(_scorer.Score(texts[i]), batch[i]);
    }

    [Fact]
    public void Concurrent_callers_get_the_same_scores_as_one_caller()
    {
        var texts = Enumerable.Range(0, 400).Select(i => $"text {i}: {(i % 3 == 0 ? "awful" : i % 3 == 1 ? "okay" : "brilliant")} day #{i}").ToList();
        var expected = texts.Select(t => _scorer.Score(t)).ToList();
        var results = new IReadOnlyList<SentimentScore>[8];
        Parallel.For(0, results.Length, k => results[k] = _scorer.Score(texts));
        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void Huge_and_hostile_texts_get_a_score()
    {
        string[] texts =
        [
            new string('a', 40_000),
            string.Concat(Enumerable.Repeat("😡🏿\u200D", 13_000)),
            "\uD800\uDBFF\uDFFF\0\u202E",
            "",
            string.Concat(Enumerable.Repeat("not ", 10_000)),
        ];
        var scores = _scorer.Score(texts);
        Assert.All(scores, s => Assert.Equal(1f, s.PNeg + s.PNeu + s.PPos, 3));
        Assert.True(float.IsFinite(_scorer.Score((string?)null).Polarity));
    }

    [Fact]
    public void The_fast_scorer_computes_what_MLNET_computes_with_the_same_model()
    {
        var ml = new MLContext();
        var transformer = SentimentModelFile.LoadMlNetModel(RepoPaths.ShippedModel, ml, out _);
        var featurizer = new SentimentFeaturizer(_scorer.Manifest.Featurizer, _scorer.Lexicon, _scorer.Embeddings);
        string[] texts = ["I love it!", "not bad at all", "@user meh... #Mondays", "TERRIBLE!!! :("];
        var buffer = new FeatureBuffer();
        var rows = texts.Select(t => { featurizer.Featurize(t, buffer); return new FeatureRow { Features = buffer.ToVBuffer(featurizer.Dimension) }; }).ToList();
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featurizer.Dimension);
        var output = transformer.Transform(ml.Data.LoadFromEnumerable(rows, schema));
        var mlScores = output.GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().ToArray()).ToList();

        // The shipped model adds the tuned class balance to the logits, so compare with that removed.
        var adjust = _scorer.Manifest.BiasAdjustment;
        var unadjusted = new LinearSentimentScorer(_scorer.Manifest with { BiasAdjustment = [0, 0, 0] }, _scorer.Lexicon, _scorer.Embeddings,
            ReadWeights(), ReadBiases(), "test");
        for (var i = 0; i < texts.Length; i++)
        {
            var s = unadjusted.Score(texts[i]);
            Assert.Equal(mlScores[i][0], s.PNeg, 4);
            Assert.Equal(mlScores[i][1], s.PNeu, 4);
            Assert.Equal(mlScores[i][2], s.PPos, 4);
        }
        Assert.Equal(3, adjust.Length);
    }

    private static float[][] ReadWeights() => SentimentModelFile.Read(RepoPaths.ShippedModel).Weights;

    private static float[] ReadBiases() => SentimentModelFile.Read(RepoPaths.ShippedModel).Biases;

    private sealed class FeatureRow
    {
        public VBuffer<float> Features { get; set; }
    }
}
