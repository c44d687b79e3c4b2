namespace FusionMonitor.Core.Scoring;

/// <summary>
/// One mention's share in an accumulator, kept in its small top-K for explanations ("top: …").
/// <see cref="RankKey"/> = log2(weight·|polarity|) + createdAt in half-lives since 1970: ranking on it equals ranking
/// by decayed impact at any read time, and it never needs rebasing. <see cref="Accounts"/> above 1: the mention
/// stands for a coordinated group of that many accounts posting near-identical text. <see cref="Weight"/> is the weight it
/// counted with, its <see cref="Authenticity"/> (below 1 for the <see cref="Doubts"/> named) included.
/// </summary>
public sealed record Contribution(
    long MentionId,
    DateTimeOffset CreatedAt,
    double Weight,
    double Polarity,
    long? Followers,
    string? Author,
    double RankKey,
    int Accounts = 1,
    double Authenticity = 1,
    AuthorDoubts Doubts = AuthorDoubts.None)
{
    /// <summary>Signed weight·polarity decayed to <paramref name="now"/>, in evidence units.</summary>
    public double DecayedAt(DateTimeOffset now, TimeSpan halfLife) =>
        Weight * Polarity * Math.Pow(2, (CreatedAt - now).Ticks / (double)halfLife.Ticks);
}

