using FusionMonitor.Core.Sentiment;

namespace FusionMonitor.Sentiment.Scoring;

/// <summary>
/// The accurate tier. A text: the fine-tuned encoder's reading joined by the fast model's as a second opinion —
/// softmax(log p_encoder + <see cref="FastWeight"/> · log p_fast). The two models err differently (one reads words
/// in context, the other n-grams, a lexicon and word vectors), so the blend beats either alone on the tuning sets,
/// and the fast model adds well under 1 % to the encoder's cost. A party: the encoder's target head alone — the
/// fast model's clause reading only pulled it down there. A party without spans gets the text's blended reading.
/// docs/sentiment.md has the measurements.
/// </summary>
/// <remarks>Thread-safe when both models are.</remarks>
public sealed class AccurateSentimentScorer : ISentimentScorer, ITargetSentimentScorer
{
    /// <summary>The fast model's weight in the blend, chosen on TweetEval validation and the review hold-outs.</summary>
    public const float DefaultFastWeight = 0.5f;

    private readonly ISentimentScorer _encoder;
    private readonly ITargetSentimentScorer _encoderTargets;
    private readonly ISentimentScorer _fast;

    public AccurateSentimentScorer(ISentimentScorer encoder, ITargetSentimentScorer encoderTargets, ISentimentScorer fast, float fastWeight = DefaultFastWeight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fastWeight, 0f);
        _encoder = encoder;
        _encoderTargets = encoderTargets;
        _fast = fast;
        FastWeight = fastWeight;
        ModelVersion = fastWeight == 0 ? encoder.ModelVersion : $"{encoder.ModelVersion}+{fastWeight:0.00}x{fast.ModelVersion}";
    }

    public float FastWeight { get; }

    public string ModelVersion { get; }

    public IReadOnlyList<SentimentScore> Score(IReadOnlyList<string> texts)
    {
        var a = _encoder.Score(texts);
        if (FastWeight == 0) return a;
        return Blend(a, _fast.Score(texts), FastWeight);
    }

    /// <summary>Blends readings already made, for the cascade (which has the fast ones in hand).</summary>
    internal IReadOnlyList<SentimentScore> Score(IReadOnlyList<string> texts, IReadOnlyList<SentimentScore> fast) =>
        FastWeight == 0 ? _encoder.Score(texts) : Blend(_encoder.Score(texts), fast, FastWeight);

    public IReadOnlyList<IReadOnlyList<SentimentScore>> ScoreTargets(IReadOnlyList<TargetedText> texts)
    {
        var a = _encoderTargets.ScoreTargets(texts);
        if (FastWeight == 0) return a;
        var whole = Enumerable.Range(0, texts.Count).Where(i => texts[i].Targets.Any(t => t.Spans.Count == 0)).ToList();
        if (whole.Count == 0) return a;
        var fast = _fast.Score(whole.Select(i => texts[i].Text).ToList());
        var result = a.Select(parties => parties.ToArray()).ToArray();
        for (var k = 0; k < whole.Count; k++)
        {
            var i = whole[k];
            for (var t = 0; t < texts[i].Targets.Count; t++)
                if (texts[i].Targets[t].Spans.Count == 0) result[i][t] = Blend(result[i][t], fast[k], FastWeight);
        }
        return result;
    }

    private static SentimentScore[] Blend(IReadOnlyList<SentimentScore> a, IReadOnlyList<SentimentScore> f, float w)
    {
        var result = new SentimentScore[a.Count];
        for (var i = 0; i < result.Length; i++) result[i] = Blend(a[i], f[i], w);
        return result;
    }

    /// <summary>softmax(log a + w · log f): a product of experts, the fast reading counting <paramref name="w"/> as much.</summary>
    public static SentimentScore Blend(SentimentScore a, SentimentScore f, float w)
    {
        static float L(float p) => MathF.Log(MathF.Max(p, 1e-6f));
        var n = L(a.PNeg) + w * L(f.PNeg);
        var u = L(a.PNeu) + w * L(f.PNeu);
        var p = L(a.PPos) + w * L(f.PPos);
        var max = MathF.Max(n, MathF.Max(u, p));
        var en = MathF.Exp(n - max);
        var eu = MathF.Exp(u - max);
        var ep = MathF.Exp(p - max);
        var sum = en + eu + ep;
        return new SentimentScore(en / sum, eu / sum, ep / sum);
    }
}
