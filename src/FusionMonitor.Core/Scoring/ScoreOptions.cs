namespace FusionMonitor.Core.Scoring;

/// <summary>
/// The parameters of the Fusion Score (docs/fusion-score.md explains each and why its default).
/// Changing <see cref="HalfLife"/> changes what stored accumulators mean: rebuild them (a recompute) afterwards.
/// The other parameters are applied at read time and take effect at once.
/// </summary>
public sealed record ScoreOptions
{
    public static ScoreOptions Default { get; } = new();

    /// <summary>After one half-life a mention counts half as much: the score is a rolling one.</summary>
    public TimeSpan HalfLife { get; init; } = TimeSpan.FromDays(14);

    /// <summary>
    /// Weight of the neutral prior (score 50) in the same units as evidence: roughly how much opinionated
    /// evidence it takes before the score is halfway to what the evidence alone says (TrustScore's 7 reviews).
    /// </summary>
    public double PriorWeight { get; init; } = 150;

    /// <summary>Weight of mentions of the brand and the influencer together (incl. third parties).</summary>
    public double PairWeight { get; init; } = 1.0;

    /// <summary>Weight of the influencer's own reputation, which spills onto every pair they are in.</summary>
    public double InfluencerWeight { get; init; } = 0.8;

    /// <summary>Weight of the brand's reputation: less than the influencer's, the pair is about the person.</summary>
    public double BrandWeight { get; init; } = 0.25;

    /// <summary>Weight of mutual lift (audience growth across joint appearances), per unit of their evidence.</summary>
    public double LiftWeight { get; init; } = 0.5;

    /// <summary>Audience growth per week (as a log ratio; 0.05 ≈ +5 %) that counts as full lift.</summary>
    public double LiftFullGrowthPerWeek { get; init; } = 0.05;

    /// <summary>How much engagement adds to a mention's weight beside reach (both damped by log10).</summary>
    public double EngagementWeight { get; init; } = 0.5;

    /// <summary>
    /// How much a review's star rating counts in the polarity it brings to the brand and the pair, against the text's
    /// sentiment (0: stars ignored, 1: stars alone). Applied when evidence is accumulated: recompute after a change.
    /// </summary>
    public double RatingWeight { get; init; } = 0.5;

    /// <summary>
    /// Repeats and coordination (<see cref="VoiceRule"/>): the mentions of one voice — one account, or accounts posting
    /// near-identical text — within one <see cref="VoiceWindow"/> count as the strongest of them plus this share of each
    /// other one. 1 counts every mention in full (no grouping). Applied when evidence is accumulated: recompute after a change.
    /// </summary>
    public double RepeatWeight { get; init; } = 0.05;

    /// <summary>The window voices are grouped in (aligned to 1970 UTC): repeats a window apart count as two voices.</summary>
    public TimeSpan VoiceWindow { get; init; } = TimeSpan.FromDays(1);

    /// <summary>How long a scope remembers its voices behind its newest mention: a repeat arriving later than that counts as a new voice.</summary>
    public TimeSpan VoiceMemory { get; init; } = TimeSpan.FromDays(3);

    /// <summary>At most this many author and text keys are remembered per scope and window; beyond, new voices count in full.</summary>
    public int MaxVoiceKeys { get; init; } = 5_000;

    /// <summary>
    /// The lowest authenticity weight (<see cref="Authenticity"/>) an author's mentions can be multiplied by, however many
    /// signals doubt them; 1 turns the rule off. Applied when evidence is accumulated: recompute after a change (as for
    /// the other authenticity parameters below).
    /// </summary>
    public double AuthenticityFloor { get; init; } = 0.2;

    /// <summary>An account younger than this when it posted is new: its weight rises linearly from <see cref="NewAccountWeight"/> to 1 over this age.</summary>
    public TimeSpan NewAccountAge { get; init; } = TimeSpan.FromDays(30);

    /// <summary>The authenticity factor of an account created the moment it posted.</summary>
    public double NewAccountWeight { get; init; } = 0.4;

    /// <summary>Following more than this many times its followers weighs an author down, by this ratio over its own.</summary>
    public double FollowRatio { get; init; } = 10;

    /// <summary>An author following fewer accounts than this is never doubted for its ratio (a newcomer follows a few people and has no followers yet).</summary>
    public long FollowRatioMinFollowing { get; init; } = 200;

    /// <summary>Posting more than this many times a day over the account's whole life weighs an author down, by this rate over its own.</summary>
    public double MaxPostsPerDay { get; init; } = 50;

    /// <summary>How many top contributing mentions each accumulator keeps for explanations.</summary>
    public int TopContributions { get; init; } = 5;

    /// <summary>
    /// How far (in points) a change of a shared scope — an influencer's or a brand's accumulator, read by all their
    /// pairs — may move those pairs before they are re-read, recorded and pushed (<see cref="SpillOver"/>). Smaller
    /// moves add up until they reach it. 0 re-reads every pair of every changed shared scope.
    /// </summary>
    public double SpillOverPoints { get; init; } = 0.25;

    /// <summary>Every problem at once, empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (HalfLife < TimeSpan.FromMinutes(1)) errors.Add("HalfLife must be at least one minute");
        if (!(PriorWeight > 0) || double.IsInfinity(PriorWeight)) errors.Add("PriorWeight must be positive");
        foreach (var (name, v) in new[]
                 {
                     (nameof(PairWeight), PairWeight), (nameof(InfluencerWeight), InfluencerWeight),
                     (nameof(BrandWeight), BrandWeight), (nameof(LiftWeight), LiftWeight),
                     (nameof(EngagementWeight), EngagementWeight),
                 })
        {
            if (!(v >= 0) || double.IsInfinity(v)) errors.Add($"{name} must be zero or positive");
        }
        if (!(LiftFullGrowthPerWeek > 0)) errors.Add("LiftFullGrowthPerWeek must be positive");
        if (!(RatingWeight is >= 0 and <= 1)) errors.Add("RatingWeight must be 0 to 1");
        if (!(RepeatWeight is >= 0 and <= 1)) errors.Add("RepeatWeight must be 0 to 1");
        if (VoiceWindow < TimeSpan.FromMinutes(1)) errors.Add("VoiceWindow must be at least one minute");
        if (VoiceMemory < VoiceWindow) errors.Add("VoiceMemory must be at least VoiceWindow");
        if (MaxVoiceKeys is < 0 or > 1_000_000) errors.Add("MaxVoiceKeys must be 0 to 1,000,000");
        if (TopContributions is < 0 or > 100) errors.Add("TopContributions must be 0 to 100");
        if (!(AuthenticityFloor is > 0 and <= 1)) errors.Add("AuthenticityFloor must be above 0 and at most 1");
        if (NewAccountAge < TimeSpan.Zero || NewAccountAge > TimeSpan.FromDays(3650)) errors.Add("NewAccountAge must be 0 to 3650 days");
        if (!(NewAccountWeight is > 0 and <= 1)) errors.Add("NewAccountWeight must be above 0 and at most 1");
        if (!(FollowRatio >= 1) || double.IsInfinity(FollowRatio)) errors.Add("FollowRatio must be at least 1");
        if (FollowRatioMinFollowing < 0) errors.Add("FollowRatioMinFollowing must be zero or positive");
        if (!(MaxPostsPerDay > 0) || double.IsInfinity(MaxPostsPerDay)) errors.Add("MaxPostsPerDay must be positive");
        if (SpillOverPoints is not (>= 0 and <= 50)) errors.Add("SpillOverPoints must be 0 to 50");
        return errors;
    }
}
