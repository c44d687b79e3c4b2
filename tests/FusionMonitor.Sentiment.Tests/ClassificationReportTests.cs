using FusionMonitor.Core.Sentiment;
using FusionMonitor.Sentiment.Evaluation;

namespace FusionMonitor.Sentiment.Tests;

public sealed class ClassificationReportTests
{
    [Fact]
    public void Metrics_of_a_hand_checked_confusion_matrix()
    {
        // rows gold, columns predicted: negative, neutral, positive
        var report = ClassificationReport.FromConfusion(new[,]
        {
            { 8, 2, 0 },  // 10 negative: recall 0.8
            { 1, 6, 3 },  // 10 neutral: recall 0.6
            { 1, 2, 17 }, // 20 positive: recall 0.85
        });
        Assert.Equal(40, report.Count);
        Assert.Equal(31 / 40.0, report.Accuracy, 10);
        Assert.Equal((0.8 + 0.6 + 0.85) / 3, report.MacroRecall, 10);

        var neg = report.PerClass[SentimentLabel.Negative];
        Assert.Equal(0.8, neg.Precision, 10); // 8 of 10 predicted negative
        Assert.Equal(0.8, neg.F1, 10);
        var neu = report.PerClass[SentimentLabel.Neutral];
        Assert.Equal(0.6, neu.Precision, 10); // 6 of 10
        var pos = report.PerClass[SentimentLabel.Positive];
        Assert.Equal(0.85, pos.Precision, 10); // 17 of 20
        Assert.Equal(20, pos.Count);
        Assert.Equal((0.8 + 0.6 + 0.85) / 3, report.MacroF1, 10);
    }

    [Fact]
    public void Macro_averages_skip_classes_absent_from_the_gold_labels_but_count_their_predictions_as_wrong()
    {
        var report = ClassificationReport.FromConfusion(new[,]
        {
            { 3, 1, 0 },
            { 0, 0, 0 }, // no neutral in the data
            { 0, 1, 3 },
        });
        Assert.Equal(0.75, report.MacroRecall, 10);
        Assert.Equal(6 / 8.0, report.Accuracy, 10);
        Assert.Equal(0, report.PerClass[SentimentLabel.Neutral].Precision);
        Assert.Equal(0.75 * 2 * 1 / 1.75, report.MacroF1, 10); // both present classes: p = 1, r = 0.75
    }

    [Fact]
    public void A_constant_predictor_scores_one_third_macro_recall()
    {
        var pairs = new[] { SentimentLabel.Negative, SentimentLabel.Neutral, SentimentLabel.Positive, SentimentLabel.Positive }
            .Select(g => (g, SentimentLabel.Positive));
        var report = ClassificationReport.FromPairs(pairs);
        Assert.Equal(1 / 3.0, report.MacroRecall, 10);
        Assert.Equal(0.5, report.Accuracy, 10);
    }

    [Fact]
    public void An_empty_matrix_gives_zeros_not_a_division_error()
    {
        var report = ClassificationReport.FromConfusion(new int[3, 3]);
        Assert.Equal(0, report.Count);
        Assert.Equal(0, report.MacroRecall);
    }
}
