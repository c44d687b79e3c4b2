using FusionMonitor.Core.Scoring;
using FusionMonitor.Core.Strategy;

namespace FusionMonitor.Core.Tests.Strategy;

public sealed class VoicesTests
{
    private static readonly ScoreOptions Options = ScoreOptions.Default;

    [Fact]
    public void A_prolific_positive_loud_author_outweighs_many_casual_ones_each_and_repetition_is_damped()
    {
        var mentions = Enumerable.Range(0, 10).Select(_ => new VoiceMention("bluesky", "bee", 200_000, 40, 0.8, null, true))
            .Concat(Enumerable.Range(0, 30).Select(i => new VoiceMention("bluesky", $"c{i}", 50, 0, 0.5, null, true)))
            .ToList();
        var voices = Voices.Rank(mentions, Options, 100);
        Assert.Equal("bee", voices[0].Handle);
        Assert.Equal(10, voices[0].Mentions);
        Assert.Equal(200_000, voices[0].Reach);
        Assert.Equal(0.8, voices[0].Polarity, 6);
        var once = Voices.Rank([mentions[0]], Options, 1)[0].Weight;
        var sum = Enumerable.Range(1, 10).Sum(Voices.Damping);
        Assert.Equal(once * sum, voices[0].Weight, 6); // ten times is Σ 1/√k ≈ 5.0 times once, not ten
        Assert.True(sum is > 4.9 and < 5.1);
        Assert.Equal(31, voices.Count);
        Assert.Equal(3, Voices.Rank(mentions, Options, 3).Count);
    }

    [Fact]
    public void Unread_mentions_count_nothing_neutral_ones_weigh_nothing_and_stars_count_as_for_the_brand()
    {
        var voices = Voices.Rank([
            new VoiceMention("x", "unread", 1_000_000, 0, 0.9, null, false),
            new VoiceMention("x", "flat", 1_000_000, 0, 0, null, true),
            new VoiceMention("x", "onestar", 100, 0, 0, 1, true),
        ], Options, 10);
        Assert.DoesNotContain(voices, v => v.Handle == "unread");
        Assert.Equal(0, voices.Single(v => v.Handle == "flat").Weight);
        var star = voices.Single(v => v.Handle == "onestar");
        Assert.Equal(-0.5, star.Polarity, 6); // (1 − 0.5)·0 + 0.5·(1 − 3)/2
        Assert.Equal("onestar", voices[0].Handle);
    }
}
