namespace FusionMonitor.Core.Sentiment;

public enum SentimentLabel { Negative = 0, Neutral = 1, Positive = 2 }

/// <summary>Class probabilities of one text; they sum to 1. <see cref="Polarity"/> = pPos − pNeg, in [−1, 1].</summary>
public readonly record struct SentimentScore(float PNeg, float PNeu, float PPos)
{
    public float Polarity => PPos - PNeg;

    public SentimentLabel Label =>
        PNeg >= PNeu && PNeg >= PPos ? SentimentLabel.Negative
        : PPos >= PNeu ? SentimentLabel.Positive
        : SentimentLabel.Neutral;

    public static string LabelName(SentimentLabel label) => label switch
    {
        SentimentLabel.Negative => "negative",
        SentimentLabel.Neutral => "neutral",
        SentimentLabel.Positive => "positive",
        _ => throw new ArgumentOutOfRangeException(nameof(label)),
    };

    public static bool TryParseLabel(string? text, out SentimentLabel label)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "negative": label = SentimentLabel.Negative; return true;
            case "neutral": label = SentimentLabel.Neutral; return true;
            case "positive": label = SentimentLabel.Positive; return true;
            default: label = default; return false;
        }
    }
}
