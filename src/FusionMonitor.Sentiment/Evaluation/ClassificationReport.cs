using FusionMonitor.Core.Sentiment;

namespace FusionMonitor.Sentiment.Evaluation;

/// <summary>Precision, recall and F1 of one class; <see cref="Count"/> is how many examples truly have it.</summary>
public sealed record ClassMetrics(double Precision, double Recall, double F1, int Count);

/// <summary>
/// Quality of three-way predictions against gold labels. Macro averages are over the classes present in the gold
/// labels (the contract's rule), so a file without neutrals is not punished for them; a prediction of an absent
/// class still counts as wrong. <see cref="MacroRecall"/> is TweetEval's official sentiment metric: unlike
/// accuracy, it does not reward ignoring a rare class.
/// </summary>
public sealed record ClassificationReport(
    int Count,
    double Accuracy,
    double MacroRecall,
    double MacroF1,
    IReadOnlyDictionary<SentimentLabel, ClassMetrics> PerClass,
    int[,] Confusion)
{
    private const int Classes = 3;

    /// <summary>Builds the report from a confusion matrix indexed [gold, predicted] by <see cref="SentimentLabel"/>.</summary>
    public static ClassificationReport FromConfusion(int[,] confusion)
    {
        if (confusion.GetLength(0) != Classes || confusion.GetLength(1) != Classes)
            throw new ArgumentException("The confusion matrix must be 3×3.", nameof(confusion));
        var total = 0;
        var correct = 0;
        for (var g = 0; g < Classes; g++)
        for (var p = 0; p < Classes; p++)
        {
            total += confusion[g, p];
            if (g == p) correct += confusion[g, p];
        }

        var perClass = new Dictionary<SentimentLabel, ClassMetrics>();
        double recallSum = 0, f1Sum = 0;
        var present = 0;
        for (var c = 0; c < Classes; c++)
        {
            int gold = 0, predicted = 0;
            for (var k = 0; k < Classes; k++) { gold += confusion[c, k]; predicted += confusion[k, c]; }
            var tp = confusion[c, c];
            var precision = predicted == 0 ? 0 : (double)tp / predicted;
            var recall = gold == 0 ? 0 : (double)tp / gold;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass[(SentimentLabel)c] = new ClassMetrics(precision, recall, f1, gold);
            if (gold == 0) continue;
            present++;
            recallSum += recall;
            f1Sum += f1;
        }
        return new ClassificationReport(
            total,
            total == 0 ? 0 : (double)correct / total,
            present == 0 ? 0 : recallSum / present,
            present == 0 ? 0 : f1Sum / present,
            perClass,
            (int[,])confusion.Clone());
    }

    public static ClassificationReport FromPairs(IEnumerable<(SentimentLabel Gold, SentimentLabel Predicted)> pairs)
    {
        var confusion = new int[Classes, Classes];
        foreach (var (gold, predicted) in pairs) confusion[(int)gold, (int)predicted]++;
        return FromConfusion(confusion);
    }
}
