using FusionMonitor.Core.Sentiment;
using FusionMonitor.Sentiment.Data;
using FusionMonitor.Sentiment.Evaluation;
using FusionMonitor.Sentiment.Features;
using FusionMonitor.Sentiment.Scoring;

namespace FusionMonitor.Sentiment.Tests;

/// <summary>
/// Fails the build when the accurate tier (the shipped encoder, with the fast model blended in for whole texts)
/// falls below the quality it was accepted at (models/sentiment-encoder.json has the figures). It reads TweetEval
/// validation, the training tool's hold-outs and our own hand-written checks (models/checks/), never TweetEval
/// test, which was read once, for the model card.
/// </summary>
public sealed class EncoderQualityGateTests(ShippedEncoderFixture encoder, ShippedModelFixture fast)
    : IClassFixture<ShippedEncoderFixture>, IClassFixture<ShippedModelFixture>
{
    /// <summary>Each floor sits about 0.01 below what the shipped accurate tier scored.</summary>
    public static TheoryData<string, double> Floors => new()
    {
        { "tweeteval-val", GateFloors.TweetEvalVal },
        { "brand-talk", GateFloors.BrandTalk },
    };

    private static string Data(string file) => Path.Combine(RepoPaths.Shared, "data", "sentiment", file);

    private static IReadOnlyList<LabelledText> Rows(string set) => set switch
    {
        "tweeteval-val" => LabelledTextFile.Read(Data("tweeteval-val.tsv")),
        "brand-talk" => LabelledTextFile.Read(Path.Combine(RepoPaths.Root, "models", "checks", "brand-talk.tsv")),
        _ => throw new ArgumentOutOfRangeException(nameof(set)),
    };

    /// <summary>train.py's target hold-out: the rows whose text hashes into the first 15 % (seed 91).</summary>
    private static IReadOnlyList<LabelledText> TargetHoldOut(string file) =>
        LabelledTextFile.Read(Data(Path.Combine("targeted", file))).Where(r => FeatureHash.Of(r.Text, 91) % 1000 < 150).ToList();

    private static ClassificationReport Report(IReadOnlyList<LabelledText> rows, IReadOnlyList<SentimentScore> scores) =>
        ClassificationReport.FromPairs(rows.Select((r, i) => (r.Label, scores[i].Label)));

    private static ClassificationReport PerTarget(ITargetSentimentScorer scorer, IReadOnlyList<LabelledText> rows)
    {
        var scores = scorer.ScoreTargets(rows.Select(r => new TargetedText(r.Text, [TargetSpans.Find(r.Text, r.Target!)])).ToList());
        return ClassificationReport.FromPairs(rows.Select((r, i) => (r.Label, scores[i][0].Label)));
    }

    [Theory]
    [MemberData(nameof(Floors))]
    public void The_encoder_keeps_its_macro_recall_and_beats_the_fast_tier(string set, double floor)
    {
        var rows = Rows(set);
        var texts = rows.Select(r => r.Text).ToList();
        var tier = new AccurateSentimentScorer(encoder.Scorer, encoder.Scorer, fast.Scorer);
        var accurate = Report(rows, tier.Score(texts)).MacroRecall;
        var fastTier = Report(rows, fast.Scorer.Score(texts)).MacroRecall;
        Assert.True(accurate >= floor, $"{set}: macro-recall {accurate:F4} is below {floor}");
        Assert.True(accurate > fastTier, $"{set}: the encoder ({accurate:F4}) does not beat the fast tier ({fastTier:F4})");
    }

    [Fact]
    public void The_encoder_reads_target_dependent_tweets_per_party()
    {
        var rows = TargetHoldOut("twitter-train.tsv");
        Assert.InRange(rows.Count, 850, 1000); // the same split as the training tool's (912 rows)
        var accurate = PerTarget(encoder.Scorer, rows).MacroF1;
        var baseline = PerTarget(new ClauseTargetScorer(fast.Scorer), rows).MacroF1;
        Assert.True(accurate >= GateFloors.TargetedTwitter, $"macro-F1 {accurate:F4} is below {GateFloors.TargetedTwitter}");
        Assert.True(accurate > baseline + 0.05, $"the encoder ({accurate:F4}) is not clearly above the clause baseline ({baseline:F4})");
    }

    [Fact]
    public void Texts_that_praise_one_party_and_blame_another_stay_at_the_level_reached()
    {
        // The first encoder read each party's text mood here (0.44); the shipped one reads each party from a pass
        // with its word pieces marked (docs/sentiment.md).
        var rows = LabelledTextFile.Read(Path.Combine(RepoPaths.Root, "models", "checks", "praise-blame.tsv"));
        var report = PerTarget(encoder.Scorer, rows);
        Assert.True(report.Accuracy >= GateFloors.PraiseBlame, $"accuracy {report.Accuracy:F4} is below {GateFloors.PraiseBlame}");
    }
}

/// <summary>The levels the shipped encoder reached, less about 0.01 (models/sentiment-encoder.json).</summary>
internal static class GateFloors
{
    public const double TweetEvalVal = 0.716;    // reached 0.7268 (macro-recall; fast tier 0.7039)
    public const double BrandTalk = 0.783;       // reached 0.7933 (macro-recall; fast tier 0.6600)
    public const double TargetedTwitter = 0.674; // reached 0.6842 (macro-F1; clause baseline 0.5262)
    public const double PraiseBlame = 0.86;      // reached 0.8889 (accuracy over 36 rows, one row is 0.028; clause baseline 0.5278)
}
