using FusionMonitor.Sentiment.Lexicon;
using FusionMonitor.Sentiment.Text;

namespace FusionMonitor.Sentiment.Features;

/// <summary>
/// Text → sparse feature vector: hashed word unigrams (negated words apart) and bigrams, hashed character
/// n-grams over the normalised text, counts of shouting and stretching, a few dense lexicon-valence features and,
/// when the model carries word vectors, pooled word vectors.
/// Training (through ML.NET) and serving (<see cref="Scoring.LinearSentimentScorer"/>) share this one class, so the
/// two can never disagree about a feature. Immutable and thread-safe; the per-call state is in a
/// <see cref="FeatureBuffer"/>.
/// </summary>
public sealed class SentimentFeaturizer
{
    /// <summary>Dense lexicon features come first, then the word-vector blocks, then the hashed slots.</summary>
    public const int LexiconCount = 14;

    private const uint WordSeed = 1, NegatedSeed = 2, FlagSeed = 3, BigramSeed = 4, CharSeed = 5, ClusterSeed = 6, NegatedClusterSeed = 7;
    private static readonly float[] CompoundBinEdges = [-0.75f, -0.5f, -0.25f, -0.05f, 0.05f, 0.25f, 0.5f, 0.75f];

    private readonly int _mask;
    private readonly int _denseCount, _embeddingBlocks;
    private readonly int _allCapsSlot, _elongatedSlot, _startHash, _endHash;

    public SentimentFeaturizer(FeaturizerSettings settings, ValenceLexicon lexicon, WordEmbeddings? embeddings = null)
    {
        if (settings.HashBits is < 10 or > 24) throw new ArgumentOutOfRangeException(nameof(settings), "HashBits must be 10..24.");
        Settings = settings;
        Lexicon = lexicon;
        Embeddings = embeddings ?? WordEmbeddings.Empty;
        if (settings.EmbeddingWeight != 0 && Embeddings.Dimensions == 0)
            throw new ArgumentException("The settings use word vectors, but none were given.", nameof(embeddings));
        if (settings.ClusterWeight != 0 && Embeddings.ClusterSizes.Count == 0)
            throw new ArgumentException("The settings use word clusters, but the word vectors carry none.", nameof(embeddings));
        _embeddingBlocks = settings.EmbeddingWeight == 0 ? 0 : 2;
        _denseCount = LexiconCount + _embeddingBlocks * Embeddings.Dimensions;
        _mask = (1 << settings.HashBits) - 1;
        Dimension = _denseCount + (1 << settings.HashBits);
        _allCapsSlot = Slot(FeatureHash.Of("<allcaps>", FlagSeed));
        _elongatedSlot = Slot(FeatureHash.Of("<elongated>", FlagSeed));
        _startHash = (int)FeatureHash.Of("<s>", WordSeed);
        _endHash = (int)FeatureHash.Of("</s>", WordSeed);
    }

    public FeaturizerSettings Settings { get; }

    public ValenceLexicon Lexicon { get; }

    public WordEmbeddings Embeddings { get; }

    public int Dimension { get; }

    /// <summary>Fills <paramref name="buffer"/> with the features of <paramref name="text"/>. Never throws on
    /// any string, however long or odd.</summary>
    public void Featurize(string? text, FeatureBuffer buffer)
    {
        buffer.Clear();
        var tokens = buffer.Tokens;
        SocialTextTokenizer.Tokenize(text, tokens);
        AddDense(tokens, buffer);
        if (_embeddingBlocks > 0) AddEmbeddings(tokens, buffer);
        AddWords(tokens, buffer);
        if (Settings.ClusterWeight != 0) AddClusters(tokens, buffer);
        if (Settings.CharMin > 0) AddChars(tokens, buffer);
    }

    private int Slot(uint hash) => _denseCount + (int)(hash & (uint)_mask);

    private void AddDense(List<TextToken> tokens, FeatureBuffer buffer)
    {
        var w = Settings.LexiconWeight;
        if (w == 0) return;
        var v = ValenceAnalyzer.Analyze(tokens, Lexicon);
        buffer.Add(0, w * v.Compound);
        buffer.Add(1, w * MathF.Tanh(v.Positive / 4f));
        buffer.Add(2, w * MathF.Tanh(v.Negative / 4f));
        buffer.Add(3, w * (v.Hits == 0 ? 1f : 0f));
        var bin = 0;
        while (bin < CompoundBinEdges.Length && v.Compound > CompoundBinEdges[bin]) bin++;
        buffer.Add(4 + bin, w);
        // slot 13 is left free for a future dense feature without renumbering the hashed ones
    }

    /// <summary>Mean vector of the plain words and mean vector of the negated words: negation changes what a word
    /// does, so the model weighs them apart.</summary>
    private void AddEmbeddings(List<TextToken> tokens, FeatureBuffer buffer)
    {
        var dims = Embeddings.Dimensions;
        if (buffer.Dense.Length < 2 * dims) buffer.Dense = new float[2 * dims];
        var plain = buffer.Dense.AsSpan(0, dims);
        var negated = buffer.Dense.AsSpan(dims, dims);
        plain.Clear();
        negated.Clear();
        int plainCount = 0, negatedCount = 0;
        foreach (var t in tokens)
        {
            if (!t.IsWordLike || !Embeddings.TryAddTo(t.Text, t.Negated ? negated : plain)) continue;
            if (t.Negated) negatedCount++; else plainCount++;
        }
        var w = Settings.EmbeddingWeight;
        AddBlock(buffer, LexiconCount, plain, plainCount == 0 ? 0 : w / plainCount);
        AddBlock(buffer, LexiconCount + dims, negated, negatedCount == 0 ? 0 : w / negatedCount);
    }

    private static void AddBlock(FeatureBuffer buffer, int first, ReadOnlySpan<float> values, float scale)
    {
        if (scale == 0) return;
        for (var d = 0; d < values.Length; d++)
            if (values[d] != 0) buffer.Add(first + d, values[d] * scale);
    }

    private void AddWords(List<TextToken> tokens, FeatureBuffer buffer)
    {
        if (buffer.TokenHashes.Length < tokens.Count) buffer.TokenHashes = new uint[tokens.Count * 2];
        var hashes = buffer.TokenHashes;
        var from = buffer.Count;
        int allCaps = 0, elongated = 0;
        for (var k = 0; k < tokens.Count; k++)
        {
            var t = tokens[k];
            hashes[k] = FeatureHash.Of(t.Text, WordSeed);
            buffer.Add(Slot(t.Negated ? FeatureHash.Of(t.Text, NegatedSeed) : hashes[k]), 1f);
            if (t.AllCaps) allCaps++;
            if (t.Elongated) elongated++;
        }
        if (Settings.WordBigrams && tokens.Count > 0)
        {
            buffer.Add(Slot(FeatureHash.Combine((uint)_startHash, hashes[0], BigramSeed)), 1f);
            for (var k = 1; k < tokens.Count; k++) buffer.Add(Slot(FeatureHash.Combine(hashes[k - 1], hashes[k], BigramSeed)), 1f);
            buffer.Add(Slot(FeatureHash.Combine(hashes[tokens.Count - 1], (uint)_endHash, BigramSeed)), 1f);
        }
        if (allCaps > 0) buffer.Add(_allCapsSlot, MathF.Min(allCaps, 3));
        if (elongated > 0) buffer.Add(_elongatedSlot, MathF.Min(elongated, 3));
        var n = buffer.Count - from;
        if (n > 0) buffer.Scale(from, Settings.WordWeight / MathF.Sqrt(n));
    }

    private void AddClusters(List<TextToken> tokens, FeatureBuffer buffer)
    {
        var from = buffer.Count;
        foreach (var t in tokens)
        {
            if (!t.IsWordLike) continue;
            var clusters = Embeddings.ClustersOf(t.Text);
            var seed = t.Negated ? NegatedClusterSeed : ClusterSeed;
            for (var level = 0; level < clusters.Length; level++)
                buffer.Add(Slot(FeatureHash.Combine((uint)level, (uint)clusters[level], seed)), 1f);
        }
        var n = buffer.Count - from;
        if (n > 0) buffer.Scale(from, Settings.ClusterWeight / MathF.Sqrt(n));
    }

    private void AddChars(List<TextToken> tokens, FeatureBuffer buffer)
    {
        var length = 1;
        foreach (var t in tokens) length += t.Text.Length + 1;
        if (buffer.Chars.Length < length) buffer.Chars = new char[length * 2];
        var chars = buffer.Chars;
        var p = 0;
        chars[p++] = ' ';
        foreach (var t in tokens)
        {
            t.Text.CopyTo(0, chars, p, t.Text.Length);
            p += t.Text.Length;
            chars[p++] = ' ';
        }

        var from = buffer.Count;
        int min = Settings.CharMin, max = Settings.CharMax;
        for (var start = 0; start + min <= p; start++)
        {
            var h = FeatureHash.Start(CharSeed);
            var end = Math.Min(p, start + max);
            for (var k = start; k < end; k++)
            {
                h = FeatureHash.Step(h, chars[k]);
                if (k - start + 1 >= min) buffer.Add(Slot(FeatureHash.Mix(h)), 1f);
            }
        }
        var n = buffer.Count - from;
        if (n > 0) buffer.Scale(from, Settings.CharWeight / MathF.Sqrt(n));
    }
}
