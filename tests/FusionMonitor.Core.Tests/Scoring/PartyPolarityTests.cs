using FusionMonitor.Core.Scoring;
using FusionMonitor.Core.Sentiment;

namespace FusionMonitor.Core.Tests.Scoring;

/// <summary>Each scope reads its own party (docs/fusion-score.md, "Each party read apart").</summary>
public sealed class PartyPolarityTests
{
    private static readonly DateTimeOffset T = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>"Chez Marlin's staff did nothing wrong, Roxy Vale is an entitled bully": the text reads −0.3 overall.</summary>
    private static ScoreEvidence Quarrel(int? rating = null) => new(1, T, -0.3, 1_000, 0, [3], [7], Rating: rating,
        Targets: [new TargetReading(TargetKind.Brand, 3, SentimentLabel.Positive, 0.6f), new TargetReading(TargetKind.Influencer, 7, SentimentLabel.Negative, -0.8f)]);

    [Fact]
    public void The_brand_reads_the_brand_the_influencer_her_and_the_pair_the_lower_of_the_two()
    {
        var e = Quarrel();
        Assert.Equal(0.6, MentionWeight.TextPolarityFor(e, ScopeKey.ForBrand(3)), 1e-6);
        Assert.Equal(-0.8, MentionWeight.TextPolarityFor(e, ScopeKey.ForInfluencer(7)), 1e-6);
        Assert.Equal(-0.8, MentionWeight.TextPolarityFor(e, ScopeKey.ForPair(3, 7)), 1e-6);
        Assert.Equal(SentimentLabel.Negative, MentionWeight.LabelFor(e, ScopeKey.ForPair(3, 7), SentimentLabel.Neutral));
        Assert.Equal(SentimentLabel.Positive, MentionWeight.LabelFor(e, ScopeKey.ForBrand(3), SentimentLabel.Neutral));

        var book = new ScoreBook(ScoreOptions.Default);
        book.Apply(e);
        Assert.True(book.Scopes[ScopeKey.ForBrand(3)].Positive > 0 && book.Scopes[ScopeKey.ForBrand(3)].Negative == 0);
        Assert.True(book.Scopes[ScopeKey.ForInfluencer(7)].Negative > 0 && book.Scopes[ScopeKey.ForInfluencer(7)].Positive == 0);
    }

    [Fact]
    public void A_party_without_a_reading_and_a_mention_without_readings_read_the_whole_text()
    {
        var e = Quarrel();
        Assert.Equal(-0.3, MentionWeight.TextPolarityFor(e, ScopeKey.ForBrand(4)), 1e-6);
        Assert.Equal(0.6, MentionWeight.TextPolarityFor(e, ScopeKey.ForPair(3, 8)), 1e-6); // only the brand read: that one
        var old = e with { Targets = null };
        Assert.Equal(-0.3, MentionWeight.TextPolarityFor(old, ScopeKey.ForBrand(3)), 1e-6);
        Assert.Equal(-0.3, MentionWeight.TextPolarityFor(old, ScopeKey.ForPair(3, 7)), 1e-6);
        Assert.Equal(SentimentLabel.Neutral, MentionWeight.LabelFor(old, ScopeKey.ForBrand(3), SentimentLabel.Neutral));
    }

    [Fact]
    public void Stars_blend_with_the_reading_toward_the_brand_and_the_rollups_read_each_party()
    {
        var e = Quarrel(rating: 5);
        Assert.Equal(0.5 * 0.6 + 0.5 * 1, MentionWeight.PolarityFor(e, ScopeKey.ForBrand(3), ScoreOptions.Default), 1e-6);
        Assert.Equal(-0.8, MentionWeight.PolarityFor(e, ScopeKey.ForInfluencer(7), ScoreOptions.Default), 1e-6);

        var rollups = Rollups.Fold([(Quarrel(), SentimentLabel.Negative)], (b, i) => b == 3 && i == 7 ? 12 : null, ScoreOptions.Default);
        var brand = Assert.Single(rollups.Brands);
        Assert.Equal((0L, 1L), (brand.Negative, brand.Positive));
        Assert.Equal(0, brand.NegVolume);
        var pair = Assert.Single(rollups.Pairs);
        Assert.Equal((1L, 0L), (pair.Negative, pair.Positive));
        Assert.True(pair.NegVolume > 0);
    }

    [Fact]
    public void The_explanation_says_which_side_a_quarrel_took_and_stays_quiet_when_both_parties_read_alike()
    {
        var book = new ScoreBook(ScoreOptions.Default);
        var before = book.StateOf(3, 7).Snapshot();
        book.Apply(Quarrel() with { AuthorHandle = "witness", CreatedAt = T.AddMinutes(-10) });
        book.Apply(new ScoreEvidence(2, T.AddMinutes(-5), -0.7, 1_000, 0, [3], [7], AuthorHandle: "critic",
            Targets: [new TargetReading(TargetKind.Brand, 3, SentimentLabel.Negative, -0.7f), new TargetReading(TargetKind.Influencer, 7, SentimentLabel.Negative, -0.6f)]));

        var change = ScoreExplainer.Explain(before, T, book.StateOf(3, 7).Snapshot(), T, ScoreOptions.Default, maxDrivers: 5);

        Assert.Contains("@witness (", change.Summary);
        Assert.Contains("toward the brand +0.6, toward the influencer \u22120.8", change.Summary);
        var critic = change.Summary[change.Summary.IndexOf("@critic (", StringComparison.Ordinal)..];
        Assert.DoesNotContain("toward", critic[..critic.IndexOf(')')]);
    }
}
