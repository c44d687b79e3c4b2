using FusionMonitor.Core.Sentiment;
using FusionMonitor.Sentiment.Scoring;

namespace FusionMonitor.Sentiment.Tests;

/// <summary>The cascade asks the accurate model exactly about what the fast model is unsure of.</summary>
public sealed class CascadeTests(ShippedModelFixture model) : IClassFixture<ShippedModelFixture>
{
    /// <summary>A stand-in for the accurate tier that answers "neutral, sure of it" and records what it was asked.</summary>
    private sealed class RecordingScorer : ISentimentScorer, ITargetSentimentScorer
    {
        public static readonly SentimentScore Answer = new(0.01f, 0.98f, 0.01f);
        public List<string> Texts { get; } = [];
        public List<string> TargetTexts { get; } = [];
        public string ModelVersion => "recording";

        public IReadOnlyList<SentimentScore> Score(IReadOnlyList<string> texts)
        {
            lock (Texts) Texts.AddRange(texts);
            return texts.Select(_ => Answer).ToArray();
        }

        public IReadOnlyList<IReadOnlyList<SentimentScore>> ScoreTargets(IReadOnlyList<TargetedText> texts)
        {
            lock (TargetTexts) TargetTexts.AddRange(texts.Select(t => t.Text));
            return texts.Select(t => (IReadOnlyList<SentimentScore>)t.Targets.Select(_ => Answer).ToArray()).ToArray();
        }
    }

    private static readonly string[] Texts =
    [
        "I love this so much, best day ever!",
        "This is awful, I hate it, never again.",
        "hmm ok I guess",
        "The store opens at 9am on Monday.",
        "not sure what to make of the new menu tbh",
        "Worst. Service. Ever. Absolutely disgusting.",
    ];

    [Theory]
    [InlineData(0.6f)]
    [InlineData(0.8f)]
    [InlineData(0.95f)]
    public void Only_texts_the_fast_model_is_unsure_of_go_to_the_accurate_model(float threshold)
    {
        var accurate = new RecordingScorer();
        var cascade = new CascadeSentimentScorer(model.Scorer, accurate, accurate, threshold);
        var fast = model.Scorer.Score(Texts);

        var scores = cascade.Score(Texts);

        var unsure = Texts.Where((_, i) => CascadeSentimentScorer.Confidence(fast[i]) < threshold).ToList();
        Assert.Equal(unsure, accurate.Texts);
        Assert.Equal(unsure.Count, cascade.Escalated);
        for (var i = 0; i < Texts.Length; i++)
            Assert.Equal(unsure.Contains(Texts[i]) ? RecordingScorer.Answer : fast[i], scores[i]);
    }

    [Fact]
    public void Threshold_0_never_asks_and_1_always_asks()
    {
        var never = new RecordingScorer();
        new CascadeSentimentScorer(model.Scorer, never, never, 0f).Score(Texts);
        Assert.Empty(never.Texts);
        var always = new RecordingScorer();
        new CascadeSentimentScorer(model.Scorer, always, always, 1f).Score(Texts);
        Assert.Equal(Texts, always.Texts);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CascadeSentimentScorer(model.Scorer, always, always, 1.5f));
    }

    [Fact]
    public void Parties_are_always_read_by_the_accurate_model()
    {
        var accurate = new RecordingScorer();
        var cascade = new CascadeSentimentScorer(model.Scorer, accurate, accurate, 0.5f);
        const string text = "I love the Blue Door cafe and Roxy Vale was wonderful and lovely to everyone";
        var scores = cascade.ScoreTargets([new TargetedText(text, [TargetSpans.Find(text, "Blue Door"), TargetSpans.Find(text, "Roxy Vale")])]);
        Assert.Equal([text], accurate.TargetTexts);
        Assert.Equal([RecordingScorer.Answer, RecordingScorer.Answer], scores[0]);
        Assert.Empty(accurate.Texts);
    }
}
