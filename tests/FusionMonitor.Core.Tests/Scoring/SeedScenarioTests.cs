using FusionMonitor.Core.Scoring;
using static FusionMonitor.Core.Tests.Scoring.SeedStory;

namespace FusionMonitor.Core.Tests.Scoring;

/// <summary>The seed story (seeds/002) through the engine's public API, with the numbers docs/fusion-score.md quotes.</summary>
public sealed class SeedScenarioTests
{
    private static readonly ScoreOptions Options = ScoreOptions.Default;
    private static readonly List<ScoreEvidence> Story = [.. Background(), .. ConcertMentions(), .. PettyMentions()];

    private static ScoreBook BookAt(DateTimeOffset t) => ScoreBook.Rebuild(Story.Where(e => e.CreatedAt <= t), Options);

    private static double Move(long brand, DateTimeOffset from, DateTimeOffset to) =>
        BookAt(to).ScoreOf(brand, Artist, to).Score - BookAt(from).ScoreOf(brand, Artist, from).Score;

    [Fact]
    public void Concert_WithTheSweaterAndTheFollowerJump_MovesArtistSweaterUpAFewPoints()
    {
        var move = Move(Sweater, Concert.AddHours(-3), Concert.AddHours(24));
        Assert.InRange(move, 2, 9);
    }

    [Fact]
    public void FollowerJumpAcrossJointPosts_ShowsAsPositiveLift_OnlyForTheSweaterPair()
    {
        var after = BookAt(Concert.AddHours(24));
        Assert.InRange(after.ScoreOf(Sweater, Artist, Concert.AddHours(24)).Components.Lift, 0.5, 4);
        Assert.Equal(0, after.ScoreOf(Restaurant, Artist, Concert.AddHours(24)).Components.Lift);
    }

    [Fact]
    public void PettyTweet_DropsArtistRestaurantClearly()
    {
        var move = Move(Restaurant, PettyTweet.AddHours(-1), PettyTweet.AddHours(8));
        Assert.InRange(move, -13, -5);
    }

    [Fact]
    public void PettyTweet_AlsoDropsArtistSweater_ThroughHerOwnReputation_ButLessThanTheRestaurant()
    {
        var sweater = Move(Sweater, PettyTweet.AddHours(-1), PettyTweet.AddHours(8));
        var restaurant = Move(Restaurant, PettyTweet.AddHours(-1), PettyTweet.AddHours(8));
        Assert.InRange(sweater, -8, -2);
        Assert.True(sweater > restaurant);

        var before = BookAt(PettyTweet.AddHours(-1)).ScoreOf(Sweater, Artist, PettyTweet.AddHours(-1));
        var after = BookAt(PettyTweet.AddHours(8)).ScoreOf(Sweater, Artist, PettyTweet.AddHours(8));
        Assert.Equal(before.CoMentions, after.CoMentions);
        Assert.True(after.Components.Influencer < before.Components.Influencer - 2);
    }

    [Fact]
    public void PettyTweet_IsExplained_ByItsNegativeCoMentionsAndItsAuthors()
    {
        var t0 = PettyTweet.AddHours(-1);
        var t1 = PettyTweet.AddHours(8);
        var before = BookAt(t0).StateOf(Restaurant, Artist).Snapshot();
        var after = BookAt(t1).StateOf(Restaurant, Artist);

        var change = ScoreExplainer.Explain(before, t0, after, t1, Options);

        Assert.True(change.Delta < -5);
        Assert.Equal(6, change.NewNegativeCoMentions);
        Assert.StartsWith("\u2212", change.Summary);
        Assert.Contains("six negative co-mentions, reach 2.1M", change.Summary);
        Assert.Contains("influencer reputation \u2212", change.Summary);
        Assert.Equal("popstar", change.Drivers[0].Author);
        Assert.True(change.Drivers[0].Points < 0);
        Assert.Contains("top: @popstar (\u2212", change.Summary);
    }

    [Fact]
    public void AWeekOfSilenceAfterwards_LetsTheRestaurantPairRecoverTowardNeutral()
    {
        var day = BookAt(PettyTweet.AddHours(8)).ScoreOf(Restaurant, Artist, PettyTweet.AddHours(8)).Score;
        var quiet = ScoreBook.Rebuild(Story.Where(e => e.CreatedAt <= PettyTweet.AddHours(8)), Options)
            .ScoreOf(Restaurant, Artist, PettyTweet.AddDays(30)).Score;
        Assert.True(Math.Abs(quiet - 50) < Math.Abs(day - 50));
    }
}
