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
        Assert.Equal(once * Math.Sqrt(10), voices[0].Weight, 6); // ten times is √10 ≈ 3.2 times once, not ten
        Assert.Equal(31, voices.Count);
        Assert.Equal(3, Voices.Rank(mentions, Options, 3).Count);
    }

    [Fact]
    public void A_doubted_author_s_evidence_carries_the_score_s_authenticity_weight_and_an_unknown_profile_weighs_in_full()
    {
        var at = DateTimeOffset.UnixEpoch.AddDays(20_000);
        VoiceMention Post(string handle, long? following, long? posts, DateTimeOffset? since) =>
            new("x", handle, 0, 3, 0.8, null, true, at, following, posts, since);
        var genuine = Enumerable.Range(0, 5).Select(_ => Post("genuine", 60, 1_800, at.AddYears(-3))).ToList();
        var fresh = Enumerable.Range(0, 5).Select(_ => Post("fresh", 3_000, 25, at.AddDays(-1))).ToList();
        var unknown = Enumerable.Range(0, 5).Select(_ => Post("unknown", null, null, null)).ToList();
        var voices = Voices.Rank(genuine.Concat(fresh).Concat(unknown), Options, 10).ToDictionary(v => v.Handle);
        var a = Authenticity.Of(0, 3_000, 25, at.AddDays(-1), at, Options).Weight;
        Assert.True(a < 1, $"{a}");
        Assert.Equal(a * voices["genuine"].Weight, voices["fresh"].Weight, 9);
        Assert.Equal(voices["genuine"].Weight, voices["unknown"].Weight, 12);
        Assert.Equal(voices["genuine"].Polarity, voices["fresh"].Polarity, 12); // belief weighs how much, not which way
    }

    [Fact]
    public void An_author_s_weight_is_the_root_of_the_squares_so_a_further_mention_only_adds_and_order_does_not_matter()
    {
        var loud = new VoiceMention("x", "a", 100_000, 0, 0.9, null, true);
        var quiet = new VoiceMention("x", "a", 10, 0, 0.1, null, true);
        var alone = Voices.Rank([loud], Options, 1)[0].Weight;
        var both = Voices.Rank([quiet, loud], Options, 1)[0].Weight;
        Assert.True(both > alone, $"{both} {alone}");                            // a neutral-ish post never lowers the weight
        Assert.Equal(both, Voices.Rank([loud, quiet], Options, 1)[0].Weight, 12);
        var q = Voices.Rank([quiet], Options, 1)[0].Weight;
        Assert.Equal(Math.Sqrt(alone * alone + q * q), both, 9);
    }

    [Fact]
    public void Summed_days_rank_as_the_mentions_they_hold()
    {
        var mentions = Enumerable.Range(0, 40).Select(i => new VoiceMention("bluesky", $"u{i % 7}", 100 * i, i % 5, (i % 9 - 4) / 4.0, i % 6 == 0 ? 1 + i % 5 : null, i % 11 != 0))
            .ToList();
        var direct = Voices.Rank(mentions, Options, 100);
        // The same mentions spread over days, rolled up per day and summed per author as the store does.
        var days = StrategyRollups.Fold(mentions.Select((m, i) => new StrategyMention(DateTimeOffset.UnixEpoch.AddDays(i % 4), m.Platform, m.Handle, m.Followers, m.Engagement,
            m.Polarity, m.Rating, m.Scored, [(1, m.Polarity)], null)), Options).Voices;
        Assert.True(days.Count > 7);
        var summed = Voices.Rank(days.GroupBy(d => (d.Platform, d.Handle)).Select(g => new VoiceTotals(g.Key.Platform, g.Key.Handle, g.Sum(d => d.Mentions),
            g.Sum(d => d.WeightSum), g.Sum(d => d.PolaritySum), g.Sum(d => d.EvidenceSquares), g.Max(d => d.Reach))), 100);
        Assert.Equal(direct.Select(v => v.Handle), summed.Select(v => v.Handle));
        for (var i = 0; i < direct.Count; i++)
        {
            Assert.Equal(direct[i].Weight, summed[i].Weight, 9);
            Assert.Equal(direct[i].Polarity, summed[i].Polarity, 9);
            Assert.Equal(direct[i].Mentions, summed[i].Mentions);
            Assert.Equal(direct[i].Reach, summed[i].Reach);
        }
        // Taking a day's rows out leaves what the other days hold.
        var negated = StrategyRollups.Negate(new StrategyBatch(days, [])).Voices;
        Assert.All(days.Zip(negated), p => Assert.Equal(0, p.First.Mentions + p.Second.Mentions));
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
