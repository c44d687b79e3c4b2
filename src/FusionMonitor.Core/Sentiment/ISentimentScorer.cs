namespace FusionMonitor.Core.Sentiment;

/// <summary>
/// Scores texts for sentiment. Implementations are thread-safe: one instance serves every caller at once.
/// </summary>
public interface ISentimentScorer
{
    /// <summary>Identifies the model, stored with every scored mention so a model change can be re-scored.</summary>
    string ModelVersion { get; }

    /// <summary>Scores a batch; the result has one entry per text, in order.</summary>
    IReadOnlyList<SentimentScore> Score(IReadOnlyList<string> texts);
}
