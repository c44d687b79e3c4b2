using System.Text.Json;
using FusionMonitor.Core.Scoring;

namespace FusionMonitor.Core.Tests.Scoring;

public sealed class ScoreUnitTests
{
    private static readonly ScoreOptions Options = ScoreOptions.Default;
    private static readonly DateTimeOffset T = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static ScoreEvidence Co(long id, DateTimeOffset t, double p, long? followers = 990, long engagement = 0) =>
        new(id, t, p, followers, engagement, [1], [10], null, $"user{id}");

    [Theory]
    [InlineData(null, 0, 1.0)]
    [InlineData(990L, 0, 3.0)]
    [InlineData(999_990L, 0, 6.0)]
    [InlineData(990L, 999, 4.5)]
    public void MentionWeight_IsLog10OfReachPlusHalfLog10OfEngagement(long? followers, long engagement, double expected) =>
        Assert.Equal(expected, MentionWeight.Of(followers, engagement, Options), 1e-12);

    [Fact]
    public void NoEvidence_ScoresNeutralWithZeroConfidence()
    {
        var s = new ScoreBook(Options).ScoreOf(1, 10, T);
        Assert.Equal(50, s.Score);
        Assert.Equal(0, s.Confidence);
    }

    [Fact]
    public void OneFullyPositiveCoMention_MatchesTheHandComputedScore()
    {
        // w = log10(10 + 990) = 3; it lands in the pair (α 1), the influencer (α 0.8) and the brand (α 0.25):
        // N = 3 × 2.05 = 6.15, D = 150 + 6.15, score = 50 + 50 × 6.15 / 156.15 = 51.9693…
        var book = new ScoreBook(Options);
        book.Apply(Co(1, T, 1.0));
        var s = book.ScoreOf(1, 10, T);
        Assert.Equal(50 + 50 * 6.15 / 156.15, s.Score, 1e-9);
        Assert.Equal(50 * 3 / 156.15, s.Components.CoMention, 1e-9);
        Assert.Equal(50 * 2.4 / 156.15, s.Components.Influencer, 1e-9);
        Assert.Equal(6.15 / 156.15, s.Confidence, 1e-9);

        // One half-life later the evidence counts half: 50 + 50 × 3.075 / 153.075.
        Assert.Equal(50 + 50 * 3.075 / 153.075, book.ScoreOf(1, 10, T + Options.HalfLife).Score, 1e-9);
    }

    [Fact]
    public void AnUnscoredMention_TouchesNoScope_AndNoRollup_ButIsCountedInItsScopes()
    {
        var unread = Co(1, T, -1.0) with { Scored = false };
        var book = new ScoreBook(Options);
        book.Apply(unread);
        Assert.Empty(book.Scopes);
        Assert.Equal(FusionScore.NeutralScore, book.ScoreOf(1, 10, T).Score);
        Assert.Empty(ScoreUpdate.AffectedScopes(unread));
        Assert.Equal(3, ScoreUpdate.CountedScopes(unread).Count);
        var rollups = Rollups.Fold([(unread, FusionMonitor.Core.Sentiment.SentimentLabel.Negative)], (_, _) => 7, Options);
        Assert.Empty(rollups.Brands);
        Assert.Empty(rollups.Volumes);
    }

    [Fact]
    public void OnePostFromATinyAccount_BarelyMovesTheScore()
    {
        var book = new ScoreBook(Options);
        book.Apply(Co(1, T, -1.0, followers: 12));
        Assert.InRange(book.ScoreOf(1, 10, T).Score, 48.5, 50);
    }

    [Fact]
    public void AMegaAccount_CountsMore_ButNotAMillionTimesMore()
    {
        var tiny = new ScoreBook(Options);
        tiny.Apply(Co(1, T, -1.0, followers: 10));
        var mega = new ScoreBook(Options);
        mega.Apply(Co(1, T, -1.0, followers: 10_000_000));
        var ratio = (50 - mega.ScoreOf(1, 10, T).Score) / (50 - tiny.ScoreOf(1, 10, T).Score);
        Assert.InRange(ratio, 3, 10);
    }

    [Fact]
    public void ALateMention_LandsExactlyWhereItWouldHaveOnTime()
    {
        var onTime = new ScoreBook(Options);
        onTime.Apply(Co(1, T.AddDays(-3), -0.5));
        onTime.Apply(Co(2, T, 0.8));
        var late = new ScoreBook(Options);
        late.Apply(Co(2, T, 0.8));
        late.Apply(Co(1, T.AddDays(-3), -0.5));
        Assert.Equal(onTime.ScoreOf(1, 10, T).Score, late.ScoreOf(1, 10, T).Score, 1e-12);
    }

    [Fact]
    public void MovingTheAnchor_OnlyRescalesTheSums()
    {
        var h = Options.HalfLife;
        var book = new ScoreBook(Options);
        book.Apply(Co(1, T, 0.6));
        var anchor = book.Find(ScopeKey.ForPair(1, 10))!.AnchorTicks;
        var far = T + h * (ScopeAccumulator.RebaseHalfLives + 1);
        var before = book.ScoreOf(1, 10, far).Score;
        book.Apply(Co(2, far, 0.0));
        Assert.NotEqual(anchor, book.Find(ScopeKey.ForPair(1, 10))!.AnchorTicks);
        Assert.Equal(before, book.ScoreOf(1, 10, far).Score, 1e-12);
    }

    [Fact]
    public void Accumulators_RoundTripThroughJson()
    {
        var book = new ScoreBook(Options);
        book.Apply(Co(1, T, 0.6, engagement: 50));
        book.Apply(new ScoreEvidence(2, T.AddHours(1), -0.4, 2_000_000, 900, [1], [10], 10, "star"));
        book.Apply(new ScoreEvidence(3, T.AddDays(1), 0.4, 2_100_000, 900, [1], [10], 10, "star"));

        var copy = new ScoreBook(Options);
        foreach (var (key, acc) in book.Scopes)
        {
            var json = JsonSerializer.Serialize(acc);
            copy.Load(key, JsonSerializer.Deserialize<ScopeAccumulator>(json)!);
        }
        Assert.Equal(book.ScoreOf(1, 10, T.AddDays(2)), copy.ScoreOf(1, 10, T.AddDays(2)));
        Assert.Equal(book.Find(ScopeKey.ForPair(1, 10))!.Top, copy.Find(ScopeKey.ForPair(1, 10))!.Top);
    }

    [Fact]
    public void AudienceGrowthAcrossJointOwnPosts_IsPositiveLift_AndFlatAudienceIsNone()
    {
        ScoreEvidence Own(long id, DateTimeOffset t, long followers) => new(id, t, 0.0, followers, 0, [1], [10], 10, "star");
        var growing = new ScoreBook(Options);
        growing.Apply(Own(1, T, 1_000_000));
        growing.Apply(Own(2, T.AddDays(2), 1_100_000));
        var flat = new ScoreBook(Options);
        flat.Apply(Own(1, T, 1_000_000));
        flat.Apply(Own(2, T.AddDays(2), 1_000_000));

        Assert.Equal(Math.Log(1.1) / 2, growing.Find(ScopeKey.ForPair(1, 10))!.LiftGrowthPerDay(), 1e-9);
        Assert.True(growing.ScoreOf(1, 10, T.AddDays(2)).Components.Lift > 0);
        Assert.Equal(0, flat.ScoreOf(1, 10, T.AddDays(2)).Components.Lift, 1e-6);
        Assert.Equal(50, flat.ScoreOf(1, 10, T.AddDays(2)).Score, 1e-6);
    }

    [Fact]
    public void Components_AddUpToTheScore()
    {
        var book = EvidenceGen.Book(SeedStory.Background().Concat(SeedStory.ConcertMentions()));
        var s = book.ScoreOf(SeedStory.Sweater, SeedStory.Artist, SeedStory.Concert.AddDays(1));
        var c = s.Components;
        Assert.Equal(s.Score - 50, c.CoMention + c.Influencer + c.Brand + c.Lift, 1e-9);
    }

    [Fact]
    public void TopContributions_KeepTheStrongestMentions_BoundedInSize()
    {
        var book = new ScoreBook(Options);
        for (var i = 1; i <= 50; i++) book.Apply(Co(i, T, i % 2 == 0 ? 0.1 : -0.1, followers: i == 37 ? 5_000_000 : 100));
        var top = book.Find(ScopeKey.ForPair(1, 10))!.Top;
        Assert.Equal(Options.TopContributions, top.Count);
        Assert.Contains(top, c => c.MentionId == 37);
    }

    [Fact]
    public void Options_ReportEveryProblemAtOnce()
    {
        var errors = (Options with { HalfLife = TimeSpan.Zero, PriorWeight = 0, BrandWeight = -1 }).Validate();
        Assert.Equal(3, errors.Count);
        Assert.Empty(Options.Validate());
    }

    [Fact]
    public void AffectedScopes_AreEveryPairEveryInfluencerAndEveryBrand()
    {
        var e = new ScoreEvidence(1, T, 0, null, 0, [1, 2, 2], [10], null);
        Assert.Equal(
            ["pair:1:10", "pair:2:10", "influencer:10", "brand:1", "brand:2"],
            ScoreUpdate.AffectedScopes(e).Select(k => k.ToString()));
    }

    [Fact]
    public void ChangingTheHalfLife_WithoutARebuild_IsRefused()
    {
        var acc = new ScopeAccumulator();
        var e = Co(1, T, 0.5);
        ScoreUpdate.Apply(e, ScopeKey.ForPair(1, 10), acc, Options);
        Assert.Throws<InvalidOperationException>(() =>
            ScoreUpdate.Apply(e with { MentionId = 2 }, ScopeKey.ForPair(1, 10), acc, Options with { HalfLife = TimeSpan.FromDays(3) }));
    }

    [Fact]
    public void UpdatingScopeByScope_GivesBitIdenticalStateToTheScoreBook()
    {
        // The lead's pipeline loads each affected accumulator, applies the mention and stores it back.
        var history = SeedStory.Background().Concat(SeedStory.ConcertMentions()).Concat(SeedStory.PettyMentions()).ToList();
        var book = EvidenceGen.Book(history);
        var store = new Dictionary<ScopeKey, ScopeAccumulator>();
        foreach (var e in history)
        {
            foreach (var key in ScoreUpdate.AffectedScopes(e))
            {
                var acc = store.TryGetValue(key, out var a) ? a : store[key] = new ScopeAccumulator();
                ScoreUpdate.Apply(e, key, acc, Options);
            }
        }
        Assert.Equal(book.Scopes.Keys.Select(k => k.ToString()).Order(), store.Keys.Select(k => k.ToString()).Order());
        foreach (var (key, acc) in store)
        {
            Assert.Equal(JsonSerializer.Serialize(book.Find(key)), JsonSerializer.Serialize(acc));
        }
    }
}

public sealed class ScoreUpdateTests
{
    private static readonly DateTimeOffset T = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AffectedScopes_AreEachMatchedPairInfluencerAndBrand_OnceEach()
    {
        var e = new ScoreEvidence(1, T, -0.5, null, 0, [2, 2, 3], [10], null);
        Assert.Equal([ScopeKey.ForPair(2, 10), ScopeKey.ForPair(3, 10), ScopeKey.ForInfluencer(10), ScopeKey.ForBrand(2), ScopeKey.ForBrand(3)],
            ScoreUpdate.AffectedScopes(e));
    }
}

public sealed class SpillOverTests
{
    private static readonly DateTimeOffset T = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ScoreOptions Options = ScoreOptions.Default;

    [Fact]
    public void ABusyBrandsNextMention_BarelyMovesItsPairs_AQuietBrandsMovesThemMore()
    {
        var quiet = Brand(mentions: 1);
        var busy = Brand(mentions: 5_000);
        var quietMark = SpillOverMark.Of(quiet);
        var busyMark = SpillOverMark.Of(busy);
        Add(quiet, 99_999);
        Add(busy, 99_999);

        var quietBound = SpillOver.Bound(ScopeKind.Brand, quiet, quietMark, T, Options);
        var busyBound = SpillOver.Bound(ScopeKind.Brand, busy, busyMark, T, Options);
        Assert.InRange(quietBound, 0.1, 1); // one mention of weight ~4 at α 0.25 against W₀ 150
        Assert.True(busyBound < quietBound / 10, $"{busyBound} vs {quietBound}");
        Assert.True(SpillOver.Reached(ScopeKind.Brand, quiet, quietMark, T, Options));
        Assert.False(SpillOver.Reached(ScopeKind.Brand, busy, busyMark, T, Options));
    }

    [Fact]
    public void TheBound_IsZeroWithNothingNew_InfiniteForPairScopesAndForMassThatWentAway()
    {
        var brand = Brand(mentions: 10);
        Assert.Equal(0, SpillOver.Bound(ScopeKind.Brand, brand, SpillOverMark.Of(brand), T, Options));
        Assert.False(SpillOver.Reached(ScopeKind.Brand, brand, SpillOverMark.Of(brand), T, Options with { SpillOverPoints = 0 }));
        Assert.Equal(double.PositiveInfinity, SpillOver.Bound(ScopeKind.Pair, brand, null, T, Options));
        var smaller = Brand(mentions: 3);
        Assert.Equal(double.PositiveInfinity, SpillOver.Bound(ScopeKind.Brand, smaller, SpillOverMark.Of(brand), T, Options));
    }

    private static ScopeAccumulator Brand(int mentions)
    {
        var a = new ScopeAccumulator();
        for (var i = 0; i < mentions; i++) Add(a, i, T.AddMinutes(-i));
        return a;
    }

    private static void Add(ScopeAccumulator a, long id, DateTimeOffset? at = null)
    {
        var e = new ScoreEvidence(id, at ?? T, id % 2 == 0 ? 0.6 : -0.4, 5_000, 10, [1], [], null, "fan");
        a.Add(e, MentionWeight.Of(e, Options), false, Options);
    }
}

public sealed class TimeBucketTests
{
    [Fact]
    public void Buckets_StartOnTheirUtcBoundaries_WeeksOnMonday()
    {
        var t = new DateTimeOffset(2026, 11, 26, 13, 47, 12, TimeSpan.FromHours(2)); // a Thursday, 11:47 UTC
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 11, 45, 0, TimeSpan.Zero), TimeBuckets.FiveMinutesOf(t));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 11, 0, 0, TimeSpan.Zero), TimeBuckets.StartOf(t, TimeBuckets.Hour));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero), TimeBuckets.StartOf(t, TimeBuckets.Day));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), TimeBuckets.StartOf(t, TimeBuckets.Week));
    }

    [Theory]
    [InlineData("b:3", VolumeScopeKind.Brand, 3)]
    [InlineData("p:120", VolumeScopeKind.Pair, 120)]
    public void VolumeScopes_RoundTripThroughTheirStoredKey(string key, VolumeScopeKind kind, long id)
    {
        var scope = VolumeScope.Parse(key);
        Assert.Equal(new VolumeScope(kind, id), scope);
        Assert.Equal(key, scope.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("x:3")]
    [InlineData("b:")]
    [InlineData("b:-1")]
    public void AMalformedVolumeScope_IsRejected(string key) => Assert.Throws<FormatException>(() => VolumeScope.Parse(key));
}
