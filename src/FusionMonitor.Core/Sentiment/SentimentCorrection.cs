namespace FusionMonitor.Core.Sentiment;

/// <summary>
/// An analyst's correction of a mention's sentiment, and the one rule for what it means: from the moment it is made
/// it replaces the model's reading wherever a score, rollup or list reads the mention — as a certain reading of its
/// label (<see cref="Score"/>: probability 1 on the label, so the polarity is −1, 0 or +1) — and a re-read by a model
/// (<c>fusion rescore</c>, a new model) never replaces it back. The latest correction of a mention is the one in force.
/// </summary>
/// <param name="Label">The label the analyst gave.</param>
/// <param name="CorrectedBy">Who made it (the user's or API key's name).</param>
/// <param name="CorrectedAt">When.</param>
public sealed record SentimentCorrection(SentimentLabel Label, string CorrectedBy, DateTimeOffset CorrectedAt)
{
    /// <summary>The reading a correction stands for: all the probability on its label.</summary>
    public SentimentScore Score => ScoreOf(Label);

    public static SentimentScore ScoreOf(SentimentLabel label) => label switch
    {
        SentimentLabel.Negative => new SentimentScore(1, 0, 0),
        SentimentLabel.Neutral => new SentimentScore(0, 1, 0),
        SentimentLabel.Positive => new SentimentScore(0, 0, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(label), label, "not a sentiment label"),
    };

    /// <summary>The polarity the score engine reads for a corrected mention: pPos − pNeg of <see cref="ScoreOf"/>.</summary>
    public static double PolarityOf(SentimentLabel label) => ScoreOf(label).Polarity;

    /// <summary>The reading in force: the correction's when there is one, else the model's.</summary>
    public static SentimentScore InForce(SentimentScore model, SentimentCorrection? correction) => correction?.Score ?? model;
}
