using CsCheck;
using FusionMonitor.Core.Scoring;

namespace FusionMonitor.Core.Tests.Scoring;

public sealed class RatingEvidenceTests
{
    private static readonly DateTimeOffset T = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static ScoreEvidence Review(long id, double textPolarity, int? stars) =>
        new(id, T, textPolarity, 990, 0, [1], [10], null, $"reviewer{id}", Rating: stars);

    [Theory]
    [InlineData(1, -1.0)]
    [InlineData(2, -0.5)]
    [InlineData(3, 0.0)]
    [InlineData(4, 0.5)]
    [InlineData(5, 1.0)]
    public void Stars_map_linearly_onto_the_polarity_scale(int stars, double expected) =>
        Assert.Equal(expected, MentionWeight.RatingPolarity(stars));

    [Fact]
    public void A_one_star_review_with_neutral_text_counts_against_the_brand_and_the_pair_but_not_the_influencer()
    {
        var e = Review(1, 0.0, 1);
        var o = ScoreOptions.Default;

        Assert.Equal(-0.5, MentionWeight.PolarityFor(e, ScopeKey.ForBrand(1), o), 12); // (1 − 0.5)·0 + 0.5·(−1)
        Assert.Equal(-0.5, MentionWeight.PolarityFor(e, ScopeKey.ForPair(1, 10), o), 12);
        Assert.Equal(0.0, MentionWeight.PolarityFor(e, ScopeKey.ForInfluencer(10), o), 12);

        var book = new ScoreBook(o);
        book.Apply(e);
        Assert.True(book.Scopes[ScopeKey.ForBrand(1)].Negative > 0);
        Assert.True(book.Scopes[ScopeKey.ForPair(1, 10)].Negative > 0);
        Assert.Equal(0, book.Scopes[ScopeKey.ForInfluencer(10)].Negative);
        Assert.True(book.ScoreOf(1, 10, T).Score < 50);
    }

    [Fact]
    public void Five_stars_lift_the_pair_above_what_the_text_alone_gives_and_a_zero_weight_ignores_them()
    {
        var withStars = new ScoreBook(ScoreOptions.Default);
        withStars.Apply(Review(1, 0.2, 5));
        var textOnly = new ScoreBook(ScoreOptions.Default);
        textOnly.Apply(Review(1, 0.2, null));
        var ignored = new ScoreBook(ScoreOptions.Default with { RatingWeight = 0 });
        ignored.Apply(Review(1, 0.2, 5));

        Assert.True(withStars.ScoreOf(1, 10, T).Score > textOnly.ScoreOf(1, 10, T).Score);
        Assert.Equal(textOnly.ScoreOf(1, 10, T).Score, ignored.ScoreOf(1, 10, T).Score, 12);
    }

    [Fact]
    public void The_blend_stays_on_the_polarity_scale_and_between_text_and_stars()
    {
        Gen.Select(Gen.Double[-1, 1], Gen.Int[1, 5], Gen.Double[0, 1]).Sample((text, stars, w) =>
        {
            var p = MentionWeight.PolarityFor(Review(1, text, stars), ScopeKey.ForBrand(1), ScoreOptions.Default with { RatingWeight = w });
            var star = MentionWeight.RatingPolarity(stars);
            return p >= -1 && p <= 1 && p >= Math.Min(text, star) - 1e-12 && p <= Math.Max(text, star) + 1e-12;
        });
    }

    [Fact]
    public void A_rating_weight_outside_zero_to_one_is_refused()
    {
        Assert.Contains("RatingWeight must be 0 to 1", (ScoreOptions.Default with { RatingWeight = 1.5 }).Validate());
    }
}
