using CsCheck;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Core.Text;
using static FusionMonitor.Core.Tests.Scoring.EvidenceGen;

namespace FusionMonitor.Core.Tests.Scoring;

/// <summary>The authenticity weight per author (docs/fusion-score.md, "Authenticity"): the rule and its invariants.</summary>
public sealed class AuthenticityTests
{
    private static readonly ScoreOptions Options = ScoreOptions.Default;
    private static readonly (long Brand, long Influencer)[] Pairs = [(1, 10), (1, 11), (2, 10), (2, 11)];

    /// <summary>Profile fields as a platform may give them, each one sometimes missing.</summary>
    private static readonly Gen<(long? Followers, long? Following, long? Posts, double? AgeDays)> Profile =
        Gen.Select(Gen.Long[0, 5_000_000].Nullable(), Gen.Long[0, 200_000].Nullable(), Gen.Long[0, 3_000_000].Nullable(), Gen.Double[0, 5_000].Nullable());

    private static ScoreEvidence WithProfile(ScoreEvidence e, (long? Followers, long? Following, long? Posts, double? AgeDays) p) =>
        e with
        {
            AuthorFollowers = p.Followers, AuthorFollowing = p.Following, AuthorPosts = p.Posts,
            AuthorSince = p.AgeDays is { } d ? e.CreatedAt.AddDays(-d) : null,
        };

    [Fact]
    public void TheWeight_StaysWithinTheFloorAndOne_AndSaysWhyWhenBelowOne()
    {
        Gen.Select(Mention(), Profile).Sample((e, p) =>
        {
            var a = Authenticity.Of(WithProfile(e, p), Options);
            Assert.InRange(a.Weight, Options.AuthenticityFloor, 1.0);
            Assert.Equal(a.Weight < 1, a.Doubts != AuthorDoubts.None);
            Assert.Equal(a.Weight < 1, a.Describe() is not null);
        });
    }

    [Fact]
    public void AnAuthorWithoutProfileFields_WeighsOne()
    {
        Gen.Select(Mention(), Gen.Long[0, 50_000_000].Nullable()).Sample((e, followers) =>
        {
            var a = Authenticity.Of(e with { AuthorFollowers = followers, AuthorFollowing = null, AuthorPosts = null, AuthorSince = null }, Options);
            Assert.Equal(AuthorWeight.Full, a);
        });
    }

    [Fact]
    public void TheRuleNeverRaisesAMentionsWeight_AndAddingADoubtNeverRaisesIt()
    {
        Gen.Select(Mention(), Profile, Gen.Int[0, 2]).Sample((e, p, which) =>
        {
            var plain = WithProfile(e, p);
            var without = Authenticity.Of(plain, Options).Weight;
            // Make the author more doubtful in one respect: younger, following more, or posting more.
            var worse = which switch
            {
                0 => plain with { AuthorSince = plain.CreatedAt.AddDays(-(p.AgeDays ?? 10_000) / 2) },
                1 => plain with { AuthorFollowing = (p.Following ?? 0) * 2 + 1_000 },
                _ => plain with { AuthorPosts = (p.Posts ?? 0) * 2 + 100_000 },
            };
            Assert.True(Authenticity.Of(worse, Options).Weight <= without + 1e-12, $"{without} → {Authenticity.Of(worse, Options).Weight}");

            // In a scope: the doubted mention adds at most what it adds at full weight, and exactly the weight's share of it.
            var doubted = new ScoreBook(Options);
            var full = new ScoreBook(Options);
            doubted.Apply(plain);
            full.Apply(plain with { AuthorFollowing = null, AuthorPosts = null, AuthorSince = null });
            foreach (var key in ScoreUpdate.AffectedScopes(plain))
            {
                var (d, f) = (doubted.Find(key)!, full.Find(key)!);
                Assert.True(d.Weight <= f.Weight + 1e-12);
                Assert.Equal(without * f.Weight, d.Weight, 1e-9 * Math.Max(1, f.Weight));
                Assert.Equal(without * f.Negative, d.Negative, 1e-9 * Math.Max(1, f.Negative));
                Assert.Equal(without * f.Positive, d.Positive, 1e-9 * Math.Max(1, f.Positive));
            }
        });
    }

    [Fact]
    public void ArrivalOrder_DoesNotChangeTheResult_WithDoubtedAuthors()
    {
        var history = Gen.Select(Mention(), Profile, Gen.OneOfConst("a", "b", "c", "d"))
            .Select((e, p, author) => WithProfile(e, p) with { AuthorHandle = author, CreatedAt = Now.AddMinutes(-(e.CreatedAt.Minute + 60 * e.CreatedAt.Hour)) })
            .List[0, 50].Select(list => list.Select((e, i) => e with { MentionId = i + 1 }).ToList());
        Gen.Select(history, Gen.Int).Sample((h, seed) =>
        {
            var shuffled = h.ToArray();
            new Random(seed).Shuffle(shuffled);
            var inOrder = Book(h.OrderBy(e => e.CreatedAt).ThenBy(e => e.MentionId));
            var mixed = Book(shuffled);
            var rebuilt = ScoreBook.Rebuild(shuffled, Options);
            foreach (var (b, i) in Pairs)
            {
                var a = inOrder.ScoreOf(b, i, Now).Score;
                Assert.Equal(a, mixed.ScoreOf(b, i, Now).Score, 1e-6);
                Assert.Equal(a, rebuilt.ScoreOf(b, i, Now).Score, 1e-6);
            }
        });
    }

    [Fact]
    public void ADayOldAccount_FollowingThousandsAndFollowedByNobody_WeighsTheFloor_AndAnEstablishedOneWeighsOne()
    {
        var at = Now;
        var bot = Authenticity.Of(0, 3_000, 40, at.AddDays(-1), at, Options);
        Assert.Equal(Options.AuthenticityFloor, bot.Weight, 1e-12);
        Assert.Equal(AuthorDoubts.NewAccount | AuthorDoubts.FollowsMany, bot.Doubts);
        Assert.Equal("new account, follows far more than follow it, weighed \u00d70.2", bot.Describe());

        Assert.Equal(AuthorWeight.Full, Authenticity.Of(800, 300, 4_000, at.AddYears(-3), at, Options));
        // A day-old account that follows a few people: new, nothing else. 0.4 + 0.6 · 1/30.
        var newcomer = Authenticity.Of(0, 12, 3, at.AddDays(-1), at, Options);
        Assert.Equal(0.42, newcomer.Weight, 1e-9);
        Assert.Equal("new account, weighed \u00d70.42", newcomer.Describe());
        // Thirty thousand posts in 300 days: 100 a day against 50.
        var fast = Authenticity.Of(900, 100, 30_000, at.AddDays(-300), at, Options);
        Assert.Equal(AuthorDoubts.PostsALot, fast.Doubts);
        Assert.Equal(0.5, fast.Weight, 1e-9);
        // Off: a floor of 1.
        Assert.Equal(AuthorWeight.Full, Authenticity.Of(0, 3_000, 40, at.AddDays(-1), at, Options with { AuthenticityFloor = 1 }));
    }

    [Fact]
    public void TheExplanation_AndTheDriver_SayWhyAnAuthorWeighsLess()
    {
        var book = new ScoreBook(Options);
        var e = new ScoreEvidence(1, Now.AddHours(-1), -0.9, 0, 0, [1], [10], null, "freshbot",
            TextKeys: NearDuplicate.Keys("this brand ruined my whole week and nobody there even cares at all"),
            AuthorFollowing: 4_000, AuthorPosts: 30, AuthorSince: Now.AddHours(-20));
        var before = book.StateOf(1, 10).Snapshot();
        book.Apply(e);
        var change = ScoreExplainer.Explain(before, Now, book.StateOf(1, 10), Now, Options);
        var driver = Assert.Single(change.Drivers);
        Assert.Equal(Options.AuthenticityFloor, driver.Authenticity, 1e-12);
        Assert.Equal("new account, follows far more than follow it, weighed \u00d70.2", driver.AuthenticityNote);
        Assert.Contains("@freshbot (\u22120.", change.Summary);
        Assert.Contains("; new account, follows far more than follow it, weighed \u00d70.2)", change.Summary);

        var evidence = Core.Alerts.AlertEvidenceBuilder.FromScopes([book.Find(ScopeKey.ForPair(1, 10))!], Options);
        Assert.Equal("new account, follows far more than follow it, weighed \u00d70.2", Assert.Single(evidence.TopMentions).AuthenticityNote);
    }

    [Fact]
    public void Options_RefuseAuthenticityParametersOutOfRange()
    {
        var errors = (Options with { AuthenticityFloor = 0, NewAccountWeight = 1.5, FollowRatio = 0.5, MaxPostsPerDay = 0, FollowRatioMinFollowing = -1 }).Validate();
        Assert.Contains(errors, x => x.StartsWith("AuthenticityFloor"));
        Assert.Contains(errors, x => x.StartsWith("NewAccountWeight"));
        Assert.Contains(errors, x => x.StartsWith("FollowRatio must"));
        Assert.Contains(errors, x => x.StartsWith("MaxPostsPerDay"));
        Assert.Contains(errors, x => x.StartsWith("FollowRatioMinFollowing"));
        Assert.Empty(Options.Validate());
    }
}
