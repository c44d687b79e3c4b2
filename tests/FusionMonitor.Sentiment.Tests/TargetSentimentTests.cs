using FusionMonitor.Core.Sentiment;
using FusionMonitor.Sentiment.Scoring;

namespace FusionMonitor.Sentiment.Tests;

/// <summary>The per-party interface (<see cref="ITargetSentimentScorer"/>) as its baseline, the clause reader over
/// the fast model, serves it; and the target-string finder the API and <c>evaluate</c> use.</summary>
public sealed class TargetSentimentTests(ShippedModelFixture model) : IClassFixture<ShippedModelFixture>
{
    private readonly ClauseTargetScorer _scorer = new(model.Scorer);

    private static TargetedText Named(string text, params string[] targets) =>
        new(text, targets.Select(t => TargetSpans.Find(text, t)).ToArray());

    [Fact]
    public void A_target_is_found_as_whole_words_ignoring_case_and_accents()
    {
        const string text = "Loved CAFÉ Nova; café novalike is not it, nor #cafenova. Café Nova!";
        var found = TargetSpans.Find(text, "cafe nova");
        Assert.Equal([new TextSpan(6, 9), new TextSpan(text.LastIndexOf("Café Nova", StringComparison.Ordinal), 9)], found.Spans);
        Assert.Empty(TargetSpans.Find("pineapple", "apple").Spans);
        Assert.Empty(TargetSpans.Find("short", "a much longer target").Spans);
        Assert.Empty(TargetSpans.Find("anything", "  ").Spans);
    }

    [Fact]
    public void Praise_for_one_party_and_blame_for_another_read_apart()
    {
        var scores = _scorer.ScoreTargets([Named("I love the Blue Door cafe, but Roxy Vale was rude and awful to everyone", "Blue Door", "Roxy Vale")]);
        Assert.True(scores[0][0].Polarity > 0, $"toward Blue Door: {scores[0][0]}");
        Assert.True(scores[0][1].Polarity < 0, $"toward Roxy Vale: {scores[0][1]}");
    }

    [Fact]
    public void The_answer_has_one_list_per_text_and_one_score_per_target_in_order()
    {
        var texts = new[]
        {
            Named("No parties here at all"),
            Named("Nova Wear is great. Nova Wear is great.", "Nova Wear"),
            Named("Terrible service from Acme, lovely staff at Blue Door.", "Acme", "Blue Door", "Acme"),
        };
        var scores = _scorer.ScoreTargets(texts);
        Assert.Equal([0, 1, 3], scores.Select(s => s.Count));
        Assert.Equal(scores[2][0], scores[2][2]);
        Assert.All(scores.SelectMany(s => s), s => Assert.Equal(1f, s.PNeg + s.PNeu + s.PPos, 3));
    }

    [Fact]
    public void A_target_without_spans_gets_the_texts_own_sentiment()
    {
        const string text = "What a wonderful evening with the whole crew";
        var scores = _scorer.ScoreTargets([new TargetedText(text, [new SentimentTarget([])])]);
        Assert.Equal(model.Scorer.Score([text])[0], scores[0][0]);
    }

    [Fact]
    public void A_span_outside_its_text_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _scorer.ScoreTargets([new TargetedText("short", [new SentimentTarget(3, 10)])]));
        Assert.Throws<ArgumentOutOfRangeException>(() => _scorer.ScoreTargets([new TargetedText("short", [new SentimentTarget(-1, 2)])]));
    }

    [Theory]
    [InlineData("Chez Marlin's staff did nothing wrong, Roxy Vale is an entitled bully", "Roxy Vale", "Roxy Vale is an entitled bully")]
    [InlineData("Chez Marlin's staff did nothing wrong, Roxy Vale is an entitled bully", "Chez Marlin", "Chez Marlin's staff did nothing wrong")]
    [InlineData("The food at Blue Door was fine but the waiter was rude", "Blue Door", "The food at Blue Door was fine")]
    [InlineData("Loved it. Acme, again. Never disappoints!", "Acme", "Acme, again")]
    public void The_baseline_reads_the_clause_around_the_target(string text, string target, string clause)
    {
        var span = TargetSpans.Find(text, target).Spans[0];
        Assert.Equal(clause, ClauseTargetScorer.Clause(text, span));
    }
}
