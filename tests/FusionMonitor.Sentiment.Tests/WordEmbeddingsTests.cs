using FusionMonitor.Sentiment.Features;
using FusionMonitor.Sentiment.Lexicon;

namespace FusionMonitor.Sentiment.Tests;

public sealed class WordEmbeddingsTests
{
    // GloVe text format, most frequent words first.
    private const string Glove = """
        the 0.1 0.2 -0.3
        good 0.9 0.1 0.0
        great 0.8 0.2 0.1
        bad -0.9 0.0 0.1
        awful -0.8 -0.1 0.2
        rare 0.0 0.5 0.5
        """;

    private static WordEmbeddings Read(int top = 10, Func<string, bool>? keep = null) =>
        WordEmbeddings.ReadGloVe(new StringReader(Glove), top, keep ?? (_ => false));

    [Fact]
    public void Reads_GloVe_text_and_adds_a_words_vector_within_quantisation_error()
    {
        var e = Read();
        Assert.Equal(6, e.Count);
        Assert.Equal(3, e.Dimensions);
        var sum = new float[3];
        Assert.True(e.TryAddTo("bad", sum));
        Assert.True(e.TryAddTo("the", sum, factor: 2f));
        Assert.Equal(-0.9f + 0.2f, sum[0], 0.01f);
        Assert.Equal(0.0f + 0.4f, sum[1], 0.01f);
        Assert.Equal(0.1f - 0.6f, sum[2], 0.01f);
        Assert.False(e.TryAddTo("unknown", sum));
    }

    [Fact]
    public void Keeps_the_top_words_and_the_words_asked_for()
    {
        var e = Read(top: 2, keep: w => w == "awful");
        Assert.Equal(3, e.Count);
        var sum = new float[3];
        Assert.True(e.TryAddTo("awful", sum));
        Assert.False(e.TryAddTo("great", sum));
    }

    [Fact]
    public void Rejects_a_file_that_is_not_word_vectors_with_the_line()
    {
        var ragged = Assert.Throws<InvalidDataException>(() => WordEmbeddings.ReadGloVe(new StringReader("a 1 2\nb 1\n"), 10, _ => false));
        Assert.Contains("line 2", ragged.Message);
        var text = Assert.Throws<InvalidDataException>(() => WordEmbeddings.ReadGloVe(new StringReader("a 1 x\n"), 10, _ => false));
        Assert.Contains("'x' is not a number", text.Message);
        Assert.Throws<InvalidDataException>(() => WordEmbeddings.ReadGloVe(new StringReader("\n\n"), 10, _ => false));
    }

    [Fact]
    public void Clusters_put_alike_words_together_and_survive_a_round_trip()
    {
        var e = Read().WithClusters([2, 3]);
        Assert.Equal([2, 3], e.ClusterSizes);
        // good/great and bad/awful point in opposite directions: the coarse level must split them.
        Assert.Equal(e.ClustersOf("good")[0], e.ClustersOf("great")[0]);
        Assert.Equal(e.ClustersOf("bad")[0], e.ClustersOf("awful")[0]);
        Assert.NotEqual(e.ClustersOf("good")[0], e.ClustersOf("bad")[0]);
        Assert.True(e.ClustersOf("nope").IsEmpty);

        var stream = new MemoryStream();
        e.Write(stream);
        stream.Position = 0;
        var back = WordEmbeddings.Read(stream);
        Assert.Equal(e.Count, back.Count);
        Assert.Equal(e.ClusterSizes, back.ClusterSizes);
        foreach (var word in new[] { "the", "good", "bad", "rare" })
        {
            Assert.Equal(e.ClustersOf(word).ToArray(), back.ClustersOf(word).ToArray());
            float[] a = new float[3], b = new float[3];
            e.TryAddTo(word, a);
            back.TryAddTo(word, b);
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void A_corrupt_vector_entry_is_reported_not_misread()
    {
        var stream = new MemoryStream();
        Read().Write(stream);
        var cut = stream.ToArray()[..(int)(stream.Length / 2)];
        Assert.ThrowsAny<Exception>(() => WordEmbeddings.Read(new MemoryStream(cut)));
    }

    [Fact]
    public void The_featuriser_adds_word_vector_and_cluster_features_only_when_asked()
    {
        var e = Read().WithClusters([2]);
        var plain = new SentimentFeaturizer(new FeaturizerSettings(HashBits: 12), ValenceLexicon.Empty);
        var rich = new SentimentFeaturizer(new FeaturizerSettings(HashBits: 12, EmbeddingWeight: 1f, ClusterWeight: 1f), ValenceLexicon.Empty, e);
        Assert.Equal(plain.Dimension + 2 * e.Dimensions, rich.Dimension);

        var buffer = new FeatureBuffer();
        rich.Featurize("good, not bad", buffer);
        var v = buffer.ToVBuffer(rich.Dimension);
        var dense = v.GetValues().ToArray().Zip(v.GetIndices().ToArray())
            .Where(p => p.Second >= SentimentFeaturizer.LexiconCount && p.Second < SentimentFeaturizer.LexiconCount + 2 * e.Dimensions)
            .ToDictionary(p => p.Second - SentimentFeaturizer.LexiconCount, p => p.First);
        // Plain words' mean first ("good"), then the negated words' mean ("bad" after "not").
        Assert.Equal(0.9f, dense[0], 0.01f);
        Assert.Equal(-0.9f, dense[e.Dimensions], 0.01f);

        Assert.Throws<ArgumentException>(() => new SentimentFeaturizer(new FeaturizerSettings(EmbeddingWeight: 1f), ValenceLexicon.Empty));
        Assert.Throws<ArgumentException>(() => new SentimentFeaturizer(new FeaturizerSettings(ClusterWeight: 1f), ValenceLexicon.Empty, Read()));
    }
}
