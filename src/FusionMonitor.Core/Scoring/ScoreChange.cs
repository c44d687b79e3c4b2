namespace FusionMonitor.Core.Scoring;

/// <summary>
/// One voice's share in a change, in score points (signed), across the scopes that hold it: its strongest mention, and
/// with <see cref="Accounts"/> above 1 a coordinated group of that many accounts posting near-identical text, shown as
/// one. <see cref="Text"/> is filled by a reader that has the mention's text (the pair view). <see cref="Polarity"/> is what the
/// mention counted for in its strongest scope; <see cref="TowardBrand"/> and <see cref="TowardInfluencer"/> its reading toward
/// each party, as the brand's and the influencer's scopes read it (docs/fusion-score.md, "Each party read apart"), when
/// those scopes' top lists hold it. <see cref="Authenticity"/> is its author's authenticity weight (<see cref="Scoring.Authenticity"/>),
/// already in <see cref="Points"/>, and <see cref="AuthenticityNote"/> says why it is below 1 ("new account, weighed ×0.4").
/// </summary>
public sealed record Driver(long MentionId, DateTimeOffset CreatedAt, string? Author, long? Followers, double Polarity, double Points,
    int Accounts = 1, int Mentions = 1, string? Text = null, double? TowardBrand = null, double? TowardInfluencer = null,
    double Authenticity = 1, string? AuthenticityNote = null)
{
    public bool Coordinated => Accounts > 1;
}

/// <summary>
/// Why a pair's score moved between two moments: the change per component, what new evidence arrived, the top
/// contributing mentions, and a one-line <see cref="Summary"/> such as
/// "−8.2: three negative co-mentions, reach 2.1M; influencer reputation −3.0; top: @star (−4.1), @fan (−1.2)".
/// </summary>
public sealed record ScoreChange(
    FusionScore Before,
    FusionScore After,
    ScoreComponents ComponentDelta,
    long NewCoMentions,
    long NewNegativeCoMentions,
    long NewPositiveCoMentions,
    double NewCoMentionReach,
    IReadOnlyList<Driver> Drivers,
    string Summary)
{
    public double Delta => After.Score - Before.Score;
}
