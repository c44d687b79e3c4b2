using System.Collections.Frozen;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Sentiment.Text;

namespace FusionMonitor.Sentiment.Lexicon;

/// <summary>The lexicon's verdict on one text: VADER's normalised <see cref="Compound"/> in [−1, 1], and the
/// summed positive and negative valence behind it.</summary>
public readonly record struct ValenceSummary(float Compound, float Positive, float Negative, int Hits);

/// <summary>
/// A rule-based valence reading in the manner of VADER (Hutto &amp; Gilbert, 2014): lexicon valence per word,
/// boosted by intensifiers and capitals, flipped by a nearby negator, re-weighted around "but", with emphasis from
/// exclamation marks. Emoticons and emoji are rated like words when the lexicon has them (the shipped model's
/// lexicon adds an emoji table to VADER's words: the training tweets hold no emoji at all, so this is the only way
/// the model knows them). Our own implementation of the published rules, used twice: as dense features of the model
/// (it knows words that the training tweets never saw) and as the baseline that the model must beat.
/// </summary>
public static class ValenceAnalyzer
{
    private const float CapsBoost = 0.733f;
    private const float IntensifierBoost = 0.293f;
    private const float NegationScale = -0.74f;
    private const float NormalisationAlpha = 15f;

    private static readonly FrozenSet<string> Intensifiers = new[]
    {
        "absolutely", "amazingly", "awfully", "completely", "considerably", "decidedly", "deeply", "enormously",
        "entirely", "especially", "exceptionally", "extremely", "fabulously", "greatly", "highly", "hugely",
        "incredibly", "intensely", "majorly", "more", "most", "particularly", "purely", "quite", "really",
        "remarkably", "so", "soo", "substantially", "thoroughly", "totally", "tremendously", "unbelievably",
        "unusually", "utterly", "very", "super", "truly", "such", "too", "sooo",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> Dampeners = new[]
    {
        "almost", "barely", "hardly", "marginally", "occasionally", "partly", "scarcely", "slightly", "somewhat",
        "less", "kinda", "sorta", "little",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static ValenceSummary Analyze(IReadOnlyList<TextToken> tokens, ValenceLexicon lexicon)
    {
        var wordCount = 0;
        var capsCount = 0;
        var butAt = -1;
        for (var k = 0; k < tokens.Count; k++)
        {
            if (!tokens[k].IsWordLike) continue;
            wordCount++;
            if (tokens[k].AllCaps) capsCount++;
            if (butAt < 0 && tokens[k].Text == "but") butAt = k;
        }
        var mixedCase = capsCount > 0 && capsCount < wordCount;

        float sum = 0, positive = 0, negative = 0;
        var hits = 0;
        var exclamations = 0;
        var questions = 0;
        for (var k = 0; k < tokens.Count; k++)
        {
            var t = tokens[k];
            if (t.Kind == TokenKind.Punctuation)
            {
                if (t.Text[0] == '!') exclamations += t.Text.Length;
                else if (t.Text[0] == '?') questions += t.Text.Length;
                continue;
            }
            if (t.Kind is not (TokenKind.Word or TokenKind.Hashtag or TokenKind.Emoticon or TokenKind.Emoji)) continue;
            if (Intensifiers.Contains(t.Text) || Dampeners.Contains(t.Text)) continue;
            if (!lexicon.TryGet(t.Text, out var v) || v == 0) continue;

            hits++;
            if (t.AllCaps && mixedCase) v += MathF.Sign(v) * CapsBoost;
            var seen = 0;
            for (var j = k - 1; j >= 0 && seen < 3; j--)
            {
                var before = tokens[j];
                if (!before.IsWordLike) continue;
                var decay = seen switch { 0 => 1f, 1 => 0.95f, _ => 0.9f };
                seen++;
                if (Intensifiers.Contains(before.Text)) v += MathF.Sign(v) * IntensifierBoost * decay;
                else if (Dampeners.Contains(before.Text)) v -= MathF.Sign(v) * IntensifierBoost * decay;
                if (SocialTextTokenizer.IsNegator(before.Text)) v *= NegationScale;
            }
            if (butAt >= 0) v *= k < butAt ? 0.5f : k > butAt ? 1.5f : 1f;

            sum += v;
            if (v > 0) positive += v; else negative -= v;
        }

        if (sum != 0)
        {
            var emphasis = Math.Min(exclamations, 4) * 0.292f + (questions > 1 ? Math.Min(questions * 0.18f, 0.96f) : 0f);
            sum += MathF.Sign(sum) * emphasis;
        }
        var compound = sum / MathF.Sqrt(sum * sum + NormalisationAlpha);
        return new ValenceSummary(Math.Clamp(compound, -1f, 1f), positive, negative, hits);
    }

    /// <summary>VADER's usual three-way reading of the compound score (±0.05 thresholds).</summary>
    public static SentimentLabel Classify(ValenceSummary summary) =>
        summary.Compound >= 0.05f ? SentimentLabel.Positive
        : summary.Compound <= -0.05f ? SentimentLabel.Negative
        : SentimentLabel.Neutral;
}
