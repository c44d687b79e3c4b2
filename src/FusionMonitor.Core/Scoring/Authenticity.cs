using System.Globalization;

namespace FusionMonitor.Core.Scoring;

/// <summary>What about an author's profile lowered their weight (<see cref="Authenticity"/>); several may hold at once.</summary>
[Flags]
public enum AuthorDoubts
{
    None = 0,

    /// <summary>The account is younger than <see cref="ScoreOptions.NewAccountAge"/> when it posted.</summary>
    NewAccount = 1,

    /// <summary>It follows far more accounts than follow it (<see cref="ScoreOptions.FollowRatio"/>).</summary>
    FollowsMany = 2,

    /// <summary>It has posted more than <see cref="ScoreOptions.MaxPostsPerDay"/> a day over its whole life.</summary>
    PostsALot = 4,
}

/// <summary>An author's authenticity weight in [<see cref="ScoreOptions.AuthenticityFloor"/>, 1] and why it is below 1.</summary>
public readonly record struct AuthorWeight(double Weight, AuthorDoubts Doubts)
{
    public static readonly AuthorWeight Full = new(1, AuthorDoubts.None);

    /// <summary>"new account, follows far more than follow it, weighed ×0.2"; null at full weight.</summary>
    public string? Describe() => Authenticity.Describe(Weight, Doubts);
}

/// <summary>
/// The authenticity rule, pure (docs/fusion-score.md, "Authenticity"): how much a mention's author is believed, from the
/// profile fields the platform gives with the post. Each signal known gives a factor in (0, 1], their product is floored
/// at <see cref="ScoreOptions.AuthenticityFloor"/>:
/// <list type="bullet">
/// <item>account age a at the time of the post: below <see cref="ScoreOptions.NewAccountAge"/> A the factor rises linearly
/// from <see cref="ScoreOptions.NewAccountWeight"/> (a = 0) to 1 (a = A);</item>
/// <item>following f ≫ followers F: with f ≥ <see cref="ScoreOptions.FollowRatioMinFollowing"/> and f / max(1, F) = r above
/// <see cref="ScoreOptions.FollowRatio"/> R, the factor is R / r (follow-for-follow and bought-account farms follow thousands
/// and are followed by nobody);</item>
/// <item>posting rate: posts over the account's life (at least a day) above <see cref="ScoreOptions.MaxPostsPerDay"/> M a
/// day, the factor is M / rate (a person does not post hundreds of times a day for months).</item>
/// </list>
/// A field the platform does not give is unknown and weighs nothing down: an author with no profile fields weighs 1. The
/// weight depends only on the mention itself (its author's fields and its time), never on other mentions or on when it
/// arrived, so it keeps the accumulator's order independence, and costs the same for every mention.
/// </summary>
public static class Authenticity
{
    /// <summary>The weight of the author of <paramref name="e"/>, as they were when they posted it.</summary>
    public static AuthorWeight Of(ScoreEvidence e, ScoreOptions options) =>
        Of(e.AuthorFollowers, e.AuthorFollowing, e.AuthorPosts, e.AuthorSince, e.CreatedAt, options);

    /// <summary>The rule itself: followers, following, posts and account creation as the platform gave them (null: not given), at the post's time.</summary>
    public static AuthorWeight Of(long? followers, long? following, long? posts, DateTimeOffset? since, DateTimeOffset postedAt, ScoreOptions options)
    {
        if (options.AuthenticityFloor >= 1) return AuthorWeight.Full;
        var factor = 1.0;
        var doubts = AuthorDoubts.None;
        double? ageDays = since is { } s ? Math.Max(0, (postedAt - s).TotalDays) : null;

        if (ageDays is { } age && options.NewAccountAge > TimeSpan.Zero && age < options.NewAccountAge.TotalDays)
        {
            var f = options.NewAccountWeight + (1 - options.NewAccountWeight) * age / options.NewAccountAge.TotalDays;
            if (f < 1) { factor *= f; doubts |= AuthorDoubts.NewAccount; }
        }
        if (following is { } fo && fo >= options.FollowRatioMinFollowing && fo > 0)
        {
            var ratio = fo / (double)Math.Max(1, followers ?? 0);
            if (ratio > options.FollowRatio) { factor *= options.FollowRatio / ratio; doubts |= AuthorDoubts.FollowsMany; }
        }
        if (posts is { } n && ageDays is { } life && n > 0)
        {
            var rate = n / Math.Max(1.0, life);
            if (rate > options.MaxPostsPerDay) { factor *= options.MaxPostsPerDay / rate; doubts |= AuthorDoubts.PostsALot; }
        }
        return doubts == AuthorDoubts.None ? AuthorWeight.Full : new AuthorWeight(Math.Clamp(factor, options.AuthenticityFloor, 1), doubts);
    }

    /// <summary>"new account, follows far more than follow it, weighed ×0.2": the doubts in words and the weight; null when nothing was doubted.</summary>
    public static string? Describe(double weight, AuthorDoubts doubts)
    {
        if (doubts == AuthorDoubts.None || !(weight < 1)) return null;
        var words = new List<string>(3);
        if (doubts.HasFlag(AuthorDoubts.NewAccount)) words.Add("new account");
        if (doubts.HasFlag(AuthorDoubts.FollowsMany)) words.Add("follows far more than follow it");
        if (doubts.HasFlag(AuthorDoubts.PostsALot)) words.Add("posts unusually often");
        return $"{string.Join(", ", words)}, weighed \u00d7{weight.ToString("0.0#", CultureInfo.InvariantCulture)}";
    }
}
