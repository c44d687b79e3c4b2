using System.Text.Json;
using FusionMonitor.Cli;

namespace FusionMonitor.Sentiment.Tests;

public sealed class SentimentVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fusion-sentiment-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Code, string Out, string Error)> Run(string stdin, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(args, new CliConsole(new StringReader(stdin), output, error));
        return (code, output.ToString(), error.ToString());
    }

    private string WriteFile(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Evaluate_prints_the_contract_json_for_a_small_file()
    {
        var data = WriteFile("small.tsv",
            "label\ttext\textra\n" +
            "positive\tI love this so much, wonderful!\t1\n" +
            "positive\tBest day ever :)\t2\n" +
            "negative\tThis is awful, I hate it.\t3\n" +
            "negative\tTerrible service, never again\t4\n" +
            "neutral\tThe store opens at 9am on Monday.\t5\n");

        var (code, output, _) = await Run("", "evaluate", "--data", data, "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(5, root.GetProperty("count").GetInt32());
        foreach (var name in new[] { "accuracy", "macroRecall", "macroF1" })
            Assert.InRange(root.GetProperty(name).GetDouble(), 0.0, 1.0);
        foreach (var label in new[] { "negative", "neutral", "positive" })
        {
            var c = root.GetProperty("perClass").GetProperty(label);
            foreach (var name in new[] { "precision", "recall", "f1" }) Assert.InRange(c.GetProperty(name).GetDouble(), 0.0, 1.0);
        }
        Assert.Equal(2, root.GetProperty("perClass").GetProperty("positive").GetProperty("count").GetInt32());
        var matrix = root.GetProperty("confusion").GetProperty("matrix");
        Assert.Equal(5, matrix.EnumerateArray().SelectMany(r => r.EnumerateArray()).Sum(v => v.GetInt32()));
        Assert.True(root.GetProperty("accuracy").GetDouble() >= 0.8, output); // these five are easy
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("accurate")]
    [InlineData("cascade")]
    public async Task Evaluate_json_names_the_mode_and_what_scoring_cost(string mode)
    {
        var data = WriteFile("m.tsv", "label\ttext\npositive\tI love this so much, wonderful!\nnegative\tThis is awful, I hate it.\nneutral\tThe store opens at 9am on Monday.\n");

        var (code, output, error) = await Run("", "evaluate", "--data", data, "--json", "--mode", mode);

        Assert.True(code == 0, error);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(mode, root.GetProperty("mode").GetString());
        var latency = root.GetProperty("latency");
        Assert.True(latency.GetProperty("batchTextsPerSecond").GetDouble() > 0, output);
        Assert.Equal(3, latency.GetProperty("singleSample").GetInt32());
        Assert.InRange(latency.GetProperty("singleP50Ms").GetDouble(), 0, latency.GetProperty("singleP99Ms").GetDouble());
        Assert.False(root.GetProperty("perTarget").GetBoolean());
    }

    [Fact]
    public async Task Evaluate_judges_each_row_on_its_target_when_the_file_has_a_target_column()
    {
        // Every text praises one party and blames the other; each row asks about one of them.
        var data = WriteFile("targets.tsv",
            "label\ttarget\ttext\n" +
            "positive\tBlue Door\tI love the Blue Door cafe, but Roxy Vale was rude and awful to everyone\n" +
            "negative\tRoxy Vale\tI love the Blue Door cafe, but Roxy Vale was rude and awful to everyone\n" +
            "negative\tAcme\tAcme broke my phone and ruined my week, though Nova Wear saved the day with a wonderful gift\n" +
            "positive\tNova Wear\tAcme broke my phone and ruined my week, though Nova Wear saved the day with a wonderful gift\n" +
            "neutral\tNobody Here\tThe store opens at 9am on Monday.\n");

        var (code, output, error) = await Run("", "evaluate", "--data", data, "--json", "--mode", "fast");

        Assert.True(code == 0, error);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.True(root.GetProperty("perTarget").GetBoolean());
        Assert.Equal(1, root.GetProperty("targetsNotFound").GetInt32());
        // The same texts read as wholes cannot tell the rows of a pair apart; per target they can.
        Assert.True(root.GetProperty("accuracy").GetDouble() >= 0.8, output);
        var whole = WriteFile("whole.tsv", string.Join('\n', File.ReadAllLines(data).Select(l => string.Join('\t', l.Split('\t')[0], l.Split('\t')[2]))));
        var (_, wholeOutput, _) = await Run("", "evaluate", "--data", whole, "--json", "--mode", "fast");
        Assert.True(JsonDocument.Parse(wholeOutput).RootElement.GetProperty("accuracy").GetDouble() <= 0.6, wholeOutput);
    }

    [Fact]
    public async Task Evaluate_explains_an_unknown_mode()
    {
        var data = WriteFile("u.tsv", "label\ttext\npositive\tgreat\n");
        var (code, _, error) = await Run("", "evaluate", "--data", data, "--mode", "turbo");
        Assert.NotEqual(0, code);
        Assert.Contains("Sentiment:Mode", error);
    }

    [Fact]
    public async Task Evaluate_without_json_prints_a_readable_table()
    {
        var data = WriteFile("t.tsv", "label\ttext\npositive\tgreat\nnegative\tbad\n");
        var (code, output, _) = await Run("", "evaluate", "--data", data, "--baseline");
        Assert.Equal(0, code);
        Assert.Contains("macro-recall", output);
        Assert.Contains("baseline", output);
    }

    [Fact]
    public async Task Evaluate_reports_a_missing_file_clearly()
    {
        var (code, _, error) = await Run("", "evaluate", "--data", Path.Combine(_dir, "nope.tsv"));
        Assert.Equal(1, code);
        Assert.Contains("file not found", error);
        Assert.Contains("nope.tsv", error);
    }

    [Fact]
    public async Task Evaluate_reports_a_missing_header_column()
    {
        var data = WriteFile("bad.tsv", "sentiment\ttext\npositive\tok\n");
        var (code, _, error) = await Run("", "evaluate", "--data", data);
        Assert.Equal(1, code);
        Assert.Contains("'label'", error);
    }

    [Fact]
    public async Task Evaluate_reports_an_unknown_label_with_its_line()
    {
        var data = WriteFile("bad.tsv", "label\ttext\npositive\tok\nmixed\thmm\n");
        var (code, _, error) = await Run("", "evaluate", "--data", data);
        Assert.Equal(1, code);
        Assert.Contains("bad.tsv:3", error);
        Assert.Contains("'mixed'", error);
    }

    [Fact]
    public async Task Evaluate_reports_a_missing_model_file()
    {
        var data = WriteFile("t.tsv", "label\ttext\npositive\tgreat\n");
        var (code, _, error) = await Run("", "evaluate", "--data", data, "--model", Path.Combine(_dir, "none.zip"));
        Assert.Equal(1, code);
        Assert.Contains("none.zip", error);
    }

    [Fact]
    public async Task Score_prints_one_json_line_per_input_line_in_order()
    {
        var (code, output, _) = await Run("I love it\n\nthis is horrible\n", "score");
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        var first = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal("positive", first.GetProperty("label").GetString());
        var third = JsonDocument.Parse(lines[2]).RootElement;
        Assert.Equal("negative", third.GetProperty("label").GetString());
        var sum = third.GetProperty("pNeg").GetDouble() + third.GetProperty("pNeu").GetDouble() + third.GetProperty("pPos").GetDouble();
        Assert.Equal(1.0, sum, 3);
        Assert.Equal(third.GetProperty("pPos").GetDouble() - third.GetProperty("pNeg").GetDouble(), third.GetProperty("polarity").GetDouble(), 5);
    }

    /// <summary>Three labelled rows and two-dimensional vectors for their words: enough for train to run every step.</summary>
    private (string Train, string Vectors) TinyTrainingSet() => (
        WriteFile("train.tsv", "label\ttext\npositive\tgood great day\nnegative\tbad awful day\nneutral\tthe bus at noon\n"),
        WriteFile("vectors.txt", "good 0.9 0.1\ngreat 0.8 0.2\nbad -0.9 0.1\nawful -0.8 0.2\nday 0.0 1.0\nbus 0.1 0.9\n"));

    [Fact]
    public async Task Train_writes_a_model_that_evaluate_can_read()
    {
        var rows = new[]
        {
            "positive\tlove it great", "positive\twonderful happy day", "positive\tso good, amazing",
            "negative\thate it awful", "negative\tterrible sad day", "negative\tso bad, horrible",
            "neutral\tthe bus leaves at noon", "neutral\tmeeting on tuesday", "neutral\tthe report is attached",
        };
        var train = WriteFile("train.tsv", "label\ttext\n" + string.Join('\n', rows) + "\n");
        var model = Path.Combine(_dir, "m.zip");

        var (code, _, error) = await Run("", "train", "--train", train, "--val", train, "--out", model, "--bits", "12", "--l2", "0.01", "--name", "tiny");
        Assert.True(code == 0, error);
        Assert.Contains("training", error);

        var (evalCode, output, _) = await Run("", "evaluate", "--data", train, "--model", model, "--json");
        Assert.Equal(0, evalCode);
        Assert.True(JsonDocument.Parse(output).RootElement.GetProperty("accuracy").GetDouble() >= 0.9, output);
        Assert.StartsWith("tiny-", JsonDocument.Parse(output).RootElement.GetProperty("modelVersion").GetString());
    }

    [Fact]
    public async Task Train_with_own_word_vectors_keeps_them_and_their_clusters_in_the_model()
    {
        var (train, vectors) = TinyTrainingSet();
        var model = Path.Combine(_dir, "m.zip");

        var (code, _, error) = await Run("", "train", "--train", train, "--out", model, "--bits", "12", "--embeddings", vectors, "--clusters", "2,3");
        Assert.True(code == 0, error);
        Assert.Contains("kept 6 words", error);
        var scorer = Scoring.LinearSentimentScorer.Load(model);
        Assert.Equal(6, scorer.Embeddings.Count);
        Assert.Equal([2, 3], scorer.Embeddings.ClusterSizes);
        Assert.Equal(1f, scorer.Manifest.Featurizer.EmbeddingWeight);
        Assert.Equal([0f, 0f, 0f], scorer.Manifest.BiasAdjustment);
        // the phrase CNN is on by default and reads the same vectors
        Assert.NotNull(scorer.Cnn);
        Assert.Equal(2 + Neural.PhraseCnn.Extras, scorer.Cnn.Inputs); // two dimensions per word
        Assert.Equal(scorer.Manifest.Cnn, new Neural.PhraseCnnSettings());
    }

    [Fact]
    public async Task Train_sets_the_phrase_cnn_apart_or_leaves_it_out()
    {
        var (train, vectors) = TinyTrainingSet();
        var reviews = WriteFile("reviews.tsv", "label\ttext\npositive\tgreat bus\nnegative\tawful bus\n");
        var withCnn = Path.Combine(_dir, "cnn.zip");
        var (code, _, error) = await Run("", "train", "--train", $"{train},{reviews}", "--weights", "1,0.2", "--cnn-weights", "1,0.5",
            "--out", withCnn, "--bits", "12", "--embeddings", vectors, "--clusters", "2,3", "--cnn-filters", "4", "--cnn-epochs", "2", "--cnn-weight", "0.3");
        Assert.True(code == 0, error);
        Assert.Contains("phrase CNN epoch 2/2", error);
        var scorer = Scoring.LinearSentimentScorer.Load(withCnn);
        Assert.Equal(4, scorer.Cnn!.Filters);
        Assert.Equal(0.3f, scorer.Cnn.Weight);
        Assert.Contains("reviews.tsv: 2 rows, weight 0.2 (phrase CNN: 0.5)", scorer.Manifest.TrainingData);

        var linearOnly = Path.Combine(_dir, "linear.zip");
        (code, _, error) = await Run("", "train", "--train", train, "--out", linearOnly, "--bits", "12", "--embeddings", vectors, "--clusters", "2,3", "--cnn-filters", "0");
        Assert.True(code == 0, error);
        scorer = Scoring.LinearSentimentScorer.Load(linearOnly);
        Assert.Null(scorer.Cnn);
        Assert.Null(scorer.Manifest.Cnn);
        using var zip = System.IO.Compression.ZipFile.OpenRead(linearOnly);
        Assert.Null(zip.GetEntry("cnn.bin"));
    }

    [Fact]
    public async Task Train_gives_the_phrase_cnn_its_own_word_vectors_and_compresses_them_for_the_model_file()
    {
        var (train, vectors) = TinyTrainingSet();
        var cnnVectors = WriteFile("cnn-vectors.txt",
            "good 0.9 0.1 0 0.3 0.2 0\ngreat 0.8 0.2 0 0.1 0.1 0\nbad -0.9 0.1 0 -0.2 0 0\nawful -0.8 0.2 0 0 0.2 0\nday 0 1 0 0 0 1\nbus 0.1 0.9 0 0.1 0 1\nnoon 0 0.7 0 0 0 0.5\n");
        var model = Path.Combine(_dir, "m.zip");

        var (code, _, error) = await Run("", "train", "--train", train, "--out", model, "--bits", "12", "--embeddings", vectors, "--clusters", "2,3",
            "--cnn-vectors", cnnVectors, "--cnn-dimensions", "3", "--cnn-filters", "4", "--cnn-epochs", "2");
        Assert.True(code == 0, error);
        Assert.Contains("read the phrase CNN's word vectors cnn-vectors.txt: 7 words × 6", error);
        Assert.Contains("word vectors 6 → 3 dimensions", error);
        Assert.Contains("phrase CNN after compression epoch 2/2", error);
        var scorer = Scoring.LinearSentimentScorer.Load(model);
        Assert.Equal(2, scorer.Embeddings.Dimensions); // the linear features keep theirs
        Assert.Equal(3, scorer.Cnn!.Embeddings.Dimensions);
        Assert.Equal(7, scorer.Cnn.Embeddings.Count); // every word of the CNN's file, "noon" too
        Assert.Equal(3, scorer.Manifest.Cnn!.Dimensions);
        using (var zip = System.IO.Compression.ZipFile.OpenRead(model)) Assert.NotNull(zip.GetEntry("cnn-vectors.bin"));

        // Without vectors of one's own, only the linear features' vectors go in the file.
        var shared = Path.Combine(_dir, "shared.zip");
        (code, _, error) = await Run("", "train", "--train", train, "--out", shared, "--bits", "12", "--embeddings", vectors, "--clusters", "2,3", "--cnn-filters", "4", "--cnn-epochs", "1");
        Assert.True(code == 0, error);
        using (var zip = System.IO.Compression.ZipFile.OpenRead(shared)) Assert.Null(zip.GetEntry("cnn-vectors.bin"));
        var sharing = Scoring.LinearSentimentScorer.Load(shared);
        Assert.Same(sharing.Embeddings, sharing.Cnn!.Embeddings);
    }

    [Fact]
    public async Task Train_joins_several_lexicon_files_into_the_one_inside_the_model()
    {
        var train = WriteFile("train.tsv", "label\ttext\npositive\tgood day\nnegative\tbad day\nneutral\tthe bus at noon\n");
        var words = WriteFile("words.txt", "good\t1.9\t0.9\t[2, 2]\nbad\t-2.5\t0.5\t[]\n");
        var emoji = WriteFile("emoji.tsv", "😍\t2.7\n😒\t-1.5\n");
        var model = Path.Combine(_dir, "m.zip");

        var (code, _, error) = await Run("", "train", "--train", train, "--out", model, "--bits", "12", "--cnn-filters", "0",
            "--embedding-weight", "0", "--cluster-weight", "0", "--lexicon", $"{words},{emoji}");
        Assert.True(code == 0, error);
        Assert.Contains("valence lexicon: 4 entries from 2 file(s)", error);
        var scorer = Scoring.LinearSentimentScorer.Load(model);
        Assert.Equal(4, scorer.Lexicon.Count);
        Assert.True(scorer.Lexicon.TryGet("😍", out _));

        (code, _, error) = await Run("", "train", "--train", train, "--out", model, "--lexicon", $"{words},{Path.Combine(_dir, "none.tsv")}");
        Assert.NotEqual(0, code);
        Assert.Contains("lexicon file not found: " + Path.Combine(_dir, "none.tsv"), error);
    }

    [Theory]
    [InlineData("--cnn-vectors", "missing.txt", "CNN word vectors file not found")]
    [InlineData("--cnn-dimensions", "-1", "--cnn-dimensions must be 0")]
    [InlineData("--embeddings", "missing.txt", "word vectors file not found")]
    [InlineData("--tune-balance", null, "--tune-balance needs --val")]
    [InlineData("--clusters", "1,x", "is not a cluster count")]
    [InlineData("--cnn-filters", "-1", "--cnn-filters must be between 0 (no CNN) and 1024")]
    [InlineData("--cnn-epochs", "0", "--cnn-epochs must be 1 or more")]
    [InlineData("--cnn-weights", "1,2", "--cnn-weights needs 1 value(s)")]
    public async Task Train_explains_bad_word_vector_and_balance_options(string option, string? value, string message)
    {
        var train = WriteFile("train.tsv", "label\ttext\npositive\tgood\nnegative\tbad\n");
        string[] extra = value is null ? [option] : [option, value == "missing.txt" ? Path.Combine(_dir, value) : value];
        var (code, _, error) = await Run("", ["train", "--train", train, "--out", Path.Combine(_dir, "m.zip"), .. extra]);
        Assert.NotEqual(0, code);
        Assert.Contains(message, error);
    }
}
