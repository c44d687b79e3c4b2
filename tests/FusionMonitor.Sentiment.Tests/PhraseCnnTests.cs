using FusionMonitor.Sentiment.Features;
using FusionMonitor.Sentiment.Lexicon;
using FusionMonitor.Sentiment.Neural;
using FusionMonitor.Sentiment.Text;

namespace FusionMonitor.Sentiment.Tests;

public sealed class PhraseCnnTests
{
    // Tiny GloVe-format vectors: "great" and "superb" lie near "good", "awful" near "bad".
    private const string Glove = """
        the 0.1 0.2 -0.3 0.0
        good 0.9 0.1 0.0 0.2
        bad -0.9 0.0 0.1 -0.2
        movie 0.0 0.6 0.4 0.1
        food 0.1 0.5 0.5 -0.1
        great 0.8 0.2 0.1 0.3
        awful -0.8 -0.1 0.2 -0.3
        superb 0.85 0.15 0.05 0.25
        """;

    private static readonly WordEmbeddings Vectors = WordEmbeddings.ReadGloVe(new StringReader(Glove), 100, _ => false);
    private static readonly ValenceLexicon Lexicon = ValenceLexicon.Read(new StringReader("good\t1.9\nbad\t-2.5\n"));

    private static PhraseCnn Random(int seed = 3) => PhraseCnn.Initial(Vectors, Lexicon, new PhraseCnnSettings(Filters: 3, Seed: seed));

    private static TokenInput[] Encode(PhraseCnn cnn, string text)
    {
        var inputs = new List<TokenInput>();
        cnn.Encode(SocialTextTokenizer.Tokenize(text), inputs);
        return inputs.ToArray();
    }

    /// <summary>The training-time forward pass, straight from the weights: projections, pooling, log-softmax.</summary>
    private static (float Neg, float Neu, float Pos) Direct(PhraseCnn cnn, string text)
    {
        var inputs = Encode(cnn, text);
        var j = cnn.Projections;
        var projections = new float[(inputs.Length + 2) * j];
        var vector = new float[cnn.Inputs];
        for (var p = 0; p < inputs.Length; p++) cnn.Project(inputs[p], vector, projections.AsSpan((p + 1) * j, j));
        var pooled = new float[cnn.Pooled];
        cnn.Pool(projections, inputs.Length + 2, pooled);
        return PhraseCnn.LogSoftmax(cnn.Logits(pooled));
    }

    private static (float Neg, float Neu, float Pos) Served(PhraseCnn cnn, string text)
    {
        var buffer = new FeatureBuffer();
        SocialTextTokenizer.Tokenize(text, buffer.Tokens);
        return cnn.LogProbabilities(buffer);
    }

    [Theory]
    [InlineData("good movie")]
    [InlineData("not a good movie, the food was AWFUL :(")]
    [InlineData("@user unknownword #superb 123")]
    [InlineData("")]
    public void Scoring_from_the_per_word_cache_matches_the_forward_pass_of_training(string text)
    {
        var cnn = Random();
        var direct = Direct(cnn, text);
        for (var pass = 0; pass < 2; pass++) // the second pass reads the words from the cache
        {
            var served = Served(cnn, text);
            Assert.Equal(direct.Neg, served.Neg, 4);
            Assert.Equal(direct.Neu, served.Neu, 4);
            Assert.Equal(direct.Pos, served.Pos, 4);
        }
        Assert.Equal(1.0, Math.Exp(direct.Neg) + Math.Exp(direct.Neu) + Math.Exp(direct.Pos), 4);
    }

    [Fact]
    public void Back_propagation_agrees_with_finite_differences()
    {
        var cnn = Random(seed: 5);
        const string text = "the good movie not bad food";
        const int label = 2;
        const float weight = 1.5f;
        var worker = new PhraseCnnTrainer.Worker(cnn);
        worker.Begin(1);
        worker.Learn(Encode(cnn, text), label, weight, dropout: 0f);

        double Loss() => -weight * (label == 0 ? Direct(cnn, text).Neg : label == 1 ? Direct(cnn, text).Neu : Direct(cnn, text).Pos);
        Assert.Equal(Loss(), worker.Loss, 4); // training's own forward pass (pooling that remembers positions) agrees
        var blocks = new[] { cnn.FilterWeights, cnn.Biases, cnn.Output, cnn.OutputBiases };
        var checkedCount = 0;
        var offset = 0;
        foreach (var block in blocks)
        {
            for (var k = 0; k < block.Length; k += Math.Max(1, block.Length / 25))
            {
                var analytic = worker.Gradient[offset + k];
                var keep = block[k];
                const float h = 1e-3f;
                block[k] = keep + h;
                var up = Loss();
                block[k] = keep - h;
                var down = Loss();
                block[k] = keep;
                var numeric = (up - down) / (2 * h);
                Assert.True(Math.Abs(numeric - analytic) < 2e-3 + 0.02 * Math.Abs(numeric),
                    $"parameter {offset + k}: back-propagation {analytic}, finite difference {numeric}");
                checkedCount++;
            }
            offset += block.Length;
        }
        Assert.True(checkedCount > 60);
        Assert.Contains(worker.Gradient, g => g != 0);
    }

    [Fact]
    public void Training_learns_phrases_and_generalises_through_the_word_vectors()
    {
        var rows = new List<WeightedText>();
        foreach (var noun in new[] { "movie", "food" })
        {
            rows.Add(new($"good {noun}", 2, 1f));
            rows.Add(new($"the {noun} good", 2, 1f));
            rows.Add(new($"bad {noun}", 0, 1f));
            rows.Add(new($"the {noun} bad", 0, 1f));
            rows.Add(new($"the {noun}", 1, 1f));
            rows.Add(new($"{noun} the {noun}", 1, 1f));
        }
        var cnn = PhraseCnnTrainer.Train(rows, Vectors, Lexicon, new PhraseCnnSettings(Filters: 8, Epochs: 150, LearningRate: 0.01f, Dropout: 0.1f), _ => { });

        int Predict(string text)
        {
            var (n, u, p) = Served(cnn, text);
            return n >= u && n >= p ? 0 : u >= p ? 1 : 2;
        }
        Assert.All(rows, r => Assert.Equal(r.Label, Predict(r.Text)));
        // never seen in training, but their vectors sit next to "good" and "bad"
        Assert.Equal(2, Predict("superb movie"));
        Assert.Equal(0, Predict("awful food"));
    }

    [Fact]
    public void Compression_keeps_what_the_filters_read_when_the_vectors_span_few_directions()
    {
        // Six numbers per word, but only three directions: each vector is (a, b, c, a + b, b − c, 2a).
        var wide = WordEmbeddings.ReadGloVe(new StringReader(string.Join('\n',
            Enumerable.Range(0, Vectors.Count).Select(row =>
            {
                var w = Vectors.WordAt(row);
                var v = new float[4];
                Vectors.CopyRow(row, v);
                float[] six = [v[0], v[1], v[2], v[0] + v[1], v[1] - v[2], 2 * v[0]];
                return w + " " + string.Join(' ', six.Select(x => x.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }))), 100, _ => false);
        var cnn = PhraseCnn.Initial(wide, Lexicon, new PhraseCnnSettings(Filters: 3, Seed: 5));
        var messages = new List<string>();

        var small = PhraseCnnCompression.Compress(cnn, 3, messages.Add);

        Assert.Equal(3, small.Embeddings.Dimensions);
        Assert.Equal(wide.Count, small.Embeddings.Count);
        Assert.Contains(messages, m => m.Contains("6 → 3 dimensions, keeping 100.0 %"));
        foreach (var text in new[] { "good movie", "not a good movie, the food was AWFUL :(", "@user unknownword #superb 123", "" })
        {
            var (n, u, p) = Served(cnn, text);
            var (n2, u2, p2) = Served(small, text);
            Assert.Equal(n, n2, 0.02f); // the difference is the one-byte storage of the new vectors
            Assert.Equal(u, u2, 0.02f);
            Assert.Equal(p, p2, 0.02f);
        }
        // Two directions cannot hold three: something is lost, and the message says how much is kept.
        PhraseCnnCompression.Compress(cnn, 2, messages.Add);
        Assert.Contains(messages, m => m.Contains("6 → 2 dimensions") && !m.Contains("keeping 100.0 %"));
        Assert.Throws<ArgumentOutOfRangeException>(() => PhraseCnnCompression.Compress(cnn, 0, _ => { }));
    }

    [Fact]
    public void Training_is_repeatable_with_the_same_seed()
    {
        var rows = new[] { new WeightedText("good movie", 2, 1f), new WeightedText("bad food", 0, 1f), new WeightedText("the movie", 1, 1f) };
        var settings = new PhraseCnnSettings(Filters: 4, Epochs: 3);
        var a = PhraseCnnTrainer.Train(rows, Vectors, Lexicon, settings, _ => { });
        var b = PhraseCnnTrainer.Train(rows, Vectors, Lexicon, settings, _ => { });
        Assert.Equal(a.FilterWeights, b.FilterWeights);
        Assert.Equal(a.Output, b.Output);
    }

    [Fact]
    public void Weights_survive_a_round_trip_and_damaged_files_are_refused_clearly()
    {
        var cnn = Random();
        var stream = new MemoryStream();
        PhraseCnnFile.Write(cnn, stream);
        var bytes = stream.ToArray();

        var read = PhraseCnnFile.Read(new MemoryStream(bytes), Vectors, Lexicon);
        Assert.Equal(cnn.Weight, read.Weight);
        Assert.Equal(Served(cnn, "not a good movie"), Served(read, "not a good movie"));

        var cut = Assert.Throws<InvalidDataException>(() => PhraseCnnFile.Read(new MemoryStream(bytes[..(bytes.Length / 2)]), Vectors, Lexicon));
        Assert.Contains("ends early", cut.Message);
        var junk = Assert.Throws<InvalidDataException>(() => PhraseCnnFile.Read(new MemoryStream([1, 2, 3, 4, 5, 6, 7, 8]), Vectors, Lexicon));
        Assert.Contains("not a phrase CNN", junk.Message);
        var otherVectors = WordEmbeddings.ReadGloVe(new StringReader("a 1 2\n"), 10, _ => false);
        var mismatch = Assert.Throws<InvalidDataException>(() => PhraseCnnFile.Read(new MemoryStream(bytes), otherVectors, Lexicon));
        Assert.Contains("inputs per token", mismatch.Message);
    }
}
