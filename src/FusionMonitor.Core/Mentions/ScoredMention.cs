using FusionMonitor.Core.Sentiment;

namespace FusionMonitor.Core.Mentions;

/// <summary>
/// A validated mention with its sentiment and the brands and influencers it refers to, ready to store.
/// <see cref="AuthorInfluencerId"/>: the matched influencer who wrote it (their own post), as the matcher decided.
/// <see cref="IsScored"/>: whether a model for the mention's language (<c>Mention.Lang</c>, as detected) read it; an
/// unscored mention is stored and listed but moves no score and raises no alert (<see cref="Scoring.ScoreEvidence.Moves"/>).
/// <see cref="Targets"/>: the polarity toward each brand and influencer in <see cref="BrandIds"/> and <see cref="InfluencerIds"/>
/// (empty for an unscored mention; null when not read per party, which reads the whole text everywhere).
/// </summary>
public sealed record ScoredMention(
    IncomingMention Mention,
    SentimentScore Sentiment,
    string ModelVersion,
    IReadOnlyList<long> BrandIds,
    IReadOnlyList<long> InfluencerIds,
    DateTimeOffset IngestedAt,
    long? AuthorInfluencerId = null,
    bool IsScored = true,
    IReadOnlyList<TargetReading>? Targets = null);
