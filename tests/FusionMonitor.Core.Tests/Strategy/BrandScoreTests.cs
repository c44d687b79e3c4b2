using CsCheck;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Core.Strategy;

namespace FusionMonitor.Core.Tests.Strategy;

public sealed class BrandScoreTests
{
    private static readonly ScoreOptions Options = ScoreOptions.Default;
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private static ScopeAccumulator Fold(IEnumerable<ScoreEvidence> history)
    {
        var a = new ScopeAccumulator();
        foreach (var e in history.OrderBy(e => e.CreatedAt)) a.Add(e, MentionWeight.Of(e, Options), false, Options, ScopeKind.Brand);
        return a;
    }

    private static readonly Gen<ScoreEvidence> Mention =
        Gen.Select(Gen.Int[0, 20 * 24 * 60], Gen.Double[-1, 1], Gen.Long[0, 2_000_000], Gen.Long[0, 5_000], Gen.Int[1, 5].Nullable())
            .Select((minutesAgo, p, followers, engagement, rating) =>
                new ScoreEvidence(minutesAgo, Now.AddMinutes(-minutesAgo - 1), p, followers, engagement, [1], [], Rating: rating));

    [Fact]
    public void The_score_read_back_from_the_rollups_is_the_score_the_mentions_before_each_day_gave()
    {
        Mention.List[1, 60].Sample(history =>
        {
            // Labels with the sign of the brand's polarity (as the model's argmax gives them, when no stars differ): the read-back is exact.
            var rollups = Rollups.Fold(history.Select(e => (e, LabelOf(e))), (_, _) => null, Options).Brands.ToList();
            var samples = BrandScore.History(Fold(history), rollups, Now.AddDays(-14), Now, Options);
            Assert.Equal(14, samples.Count); // the day boundaries within the last 14 days
            foreach (var s in samples)
            {
                var before = history.Where(e => e.CreatedAt < s.At).ToList();
                var expected = before.Count == 0 ? 50 : BrandScore.Now(Fold(before), s.At, Options);
                Assert.True(Math.Abs(expected - s.Score) < 0.05, $"{s.At:u}: {s.Score} against {expected}");
            }
        });
    }

    private static SentimentLabel LabelOf(ScoreEvidence e) => MentionWeight.PolarityFor(e, ScopeKey.ForBrand(0), Options) switch
    {
        > 0 => SentimentLabel.Positive,
        < 0 => SentimentLabel.Negative,
        _ => SentimentLabel.Neutral,
    };

    [Fact]
    public void A_brand_without_mentions_is_neutral_and_praise_lifts_it()
    {
        Assert.Equal(50, BrandScore.Now(null, Now, Options));
        Assert.Empty(BrandScore.History(null, [], Now.AddDays(-3), Now, Options));
        var praised = Fold([new ScoreEvidence(1, Now.AddHours(-1), 0.9, 10_000, 50, [1], [])]);
        Assert.True(BrandScore.Now(praised, Now, Options) > 50);
    }
}
