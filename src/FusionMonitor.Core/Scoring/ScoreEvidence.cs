using FusionMonitor.Core.Mentions;

namespace FusionMonitor.Core.Scoring;

/// <summary>
/// What the score engine needs to know about one stored mention. Plain data: the pipeline builds it in the
/// transaction that stores the mention, and the recompute job builds it again from stored rows.
/// </summary>
/// <param name="MentionId">The stored mention's id; ties in rankings break on it, so results are deterministic.</param>
/// <param name="Polarity">pPos − pNeg in [−1, 1]; values outside are clamped.</param>
/// <param name="AuthorFollowers">Null when the source does not say; counts as a tiny account.</param>
/// <param name="Engagement">Likes + reposts + replies.</param>
/// <param name="AuthorInfluencerId">Set when the author is one of the matched influencers (their own post).</param>
/// <param name="AuthorHandle">For explanations and alert evidence only.</param>
/// <param name="Scored">False for a mention no model read (its language has none): see <see cref="Moves"/>.</param>
/// <param name="Rating">A review's stars (1–5) when the source gives them; see <see cref="MentionWeight.PolarityFor"/>.</param>
/// <param name="IngestedAt">When the store took the mention: one created more than <see cref="ScoreOptions.VoiceMemory"/> before it counts as a voice of its own (<see cref="VoiceRule.Groups"/>).</param>
/// <param name="Targets">The polarity toward each brand and influencer it names (<see cref="Sentiment.TargetReading"/>), read by
/// each party's scope (<see cref="MentionWeight.TextPolarityFor"/>); null (stored before per-party readings, or an analyst's
/// correction in force) reads <paramref name="Polarity"/> everywhere.</param>
/// <param name="AuthorFollowing">How many accounts the author follows, when the platform says (<see cref="Authenticity"/>).</param>
/// <param name="AuthorPosts">How many posts the author's account has made, when the platform says.</param>
/// <param name="AuthorSince">When the author's account was created, when the platform says.</param>
/// <param name="TextKeys">The text's near-duplicate keys (<see cref="Text.NearDuplicate.Keys"/>), which tie copies of one text into one voice (<see cref="VoiceRule"/>).</param>
public sealed record ScoreEvidence(
    long MentionId,
    DateTimeOffset CreatedAt,
    double Polarity,
    long? AuthorFollowers,
    long Engagement,
    IReadOnlyList<long> BrandIds,
    IReadOnlyList<long> InfluencerIds,
    long? AuthorInfluencerId = null,
    string? AuthorHandle = null,
    bool Scored = true,
    int? Rating = null,
    IReadOnlyList<long>? TextKeys = null,
    DateTimeOffset? IngestedAt = null,
    IReadOnlyList<Sentiment.TargetReading>? Targets = null,
    long? AuthorFollowing = null,
    long? AuthorPosts = null,
    DateTimeOffset? AuthorSince = null)
{
    /// <summary>
    /// The rule for mentions in a language without a model: they are stored and listed, and counted apart as
    /// unscored, but they feed no scope (<see cref="ScoreUpdate.AffectedScopes"/>) and no rollup
    /// (<see cref="Rollups.Fold"/>), so they move no score and raise no alert. Their placeholder sentiment means
    /// nothing.
    /// </summary>
    public bool Moves => Scored;

    /// <summary>Builds the evidence of a scored mention once the store has given it an id.</summary>
    public static ScoreEvidence From(long mentionId, ScoredMention m) => new(
        mentionId,
        m.Mention.CreatedAt,
        m.Sentiment.Polarity,
        m.Mention.Author.Followers,
        m.Mention.Engagement?.Total ?? 0,
        m.BrandIds,
        m.InfluencerIds,
        m.AuthorInfluencerId,
        m.Mention.Author.Handle,
        m.IsScored,
        m.Mention.Rating,
        Text.NearDuplicate.Keys(m.Mention.Text),
        m.IngestedAt,
        m.Targets,
        m.Mention.Author.Following,
        m.Mention.Author.Posts,
        m.Mention.Author.CreatedAt);
}
