using System.Globalization;
using FusionMonitor.Sentiment.Data;
using FusionMonitor.Sentiment.Evaluation;
using FusionMonitor.Sentiment.Features;
using FusionMonitor.Sentiment.Lexicon;
using FusionMonitor.Sentiment.Neural;
using FusionMonitor.Sentiment.Scoring;
using FusionMonitor.Sentiment.Text;
using FusionMonitor.Sentiment.Training;

namespace FusionMonitor.Cli.Verbs;

/// <summary>
/// <c>train</c>: trains a sentiment model with ML.NET from labelled TSV files, with progress on stderr. The
/// defaults reproduce the shipped model's settings; <c>docs/sentiment.md</c> gives the exact command.
/// </summary>
public sealed class TrainVerb : ICliVerb
{
    public string Name => "train";

    public string Usage =>
        "--train <tsv>[,<tsv>...] [--weights <w>,...] [--cnn-weights <w>,...] [--holdout <fraction>,...] [--val <tsv>] --out <zip> " +
        "[--lexicon <vader_lexicon.txt>[,<emoji.tsv>...]] [--embeddings <glove.txt>] [--embedding-words <n>] [--embedding-weight <x>] " +
        "[--clusters <k>,...] [--cluster-weight <x>] [--tune-balance] [--word-weight <x>] [--char-weight <x>] " +
        "[--lexicon-weight <x>] [--cnn-filters <n>] [--cnn-epochs <n>] [--cnn-weight <x>] [--cnn-vectors <vectors.txt>] " +
        "[--cnn-dimensions <n>] [--bits <n>] [--l2 <x>] [--name <name>]";

    public string Summary => "Trains a sentiment model (ML.NET) from labelled TSV files and saves it as a model zip.";

    public Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken ct)
    {
        var trainPaths = args.Required("train").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var weights = Numbers(args.Optional("weights"), "weights", trainPaths.Length, 1f);
        var holdouts = Numbers(args.Optional("holdout"), "holdout", trainPaths.Length, 0f);
        var cnnWeights = args.Optional("cnn-weights") is { } cnnCsv ? Numbers(cnnCsv, "cnn-weights", trainPaths.Length, 1f) : weights;
        var valPath = args.Optional("val");
        var outPath = args.Required("out");
        var lexiconPath = args.Optional("lexicon");
        var defaults = Shipped;
        var bits = args.Number("bits", defaults.Featurizer.HashBits);
        var l2 = Real(args, "l2", defaults.L2);
        var name = args.Optional("name") ?? defaults.Name;
        var embeddingsPath = args.Optional("embeddings");
        var embeddingWords = args.Number("embedding-words", DefaultEmbeddingWords);
        var embeddingWeight = Real(args, "embedding-weight", defaults.Featurizer.EmbeddingWeight);
        var tuneBalance = args.Flag("tune-balance");
        var wordWeight = Real(args, "word-weight", defaults.Featurizer.WordWeight);
        var charWeight = Real(args, "char-weight", defaults.Featurizer.CharWeight);
        var lexiconWeight = Real(args, "lexicon-weight", defaults.Featurizer.LexiconWeight);
        var clusterWeight = Real(args, "cluster-weight", defaults.Featurizer.ClusterWeight);
        var shippedCnn = defaults.Cnn ?? new PhraseCnnSettings();
        var cnnFilters = args.Number("cnn-filters", shippedCnn.Filters);
        var cnnEpochs = args.Number("cnn-epochs", shippedCnn.Epochs);
        var cnnWeight = Real(args, "cnn-weight", shippedCnn.Weight);
        var cnnVectorsPath = args.Optional("cnn-vectors");
        var cnnDimensions = args.Number("cnn-dimensions", shippedCnn.Dimensions);
        var clusterSizes = args.Optional("clusters") is { } csv
            ? csv.Split(',', StringSplitOptions.TrimEntries).Select(p => int.TryParse(p, out var k) && k >= 2 ? k : throw new CliUsageException($"--clusters: '{p}' is not a cluster count (2 or more)")).ToArray()
            : DefaultClusterSizes;
        args.EnsureNoUnknown();
        if (embeddingWords < 0) throw new CliUsageException("--embedding-words must be 0 or more");
        if (tuneBalance && valPath is null) throw new CliUsageException("--tune-balance needs --val <tsv>");
        if (holdouts.Any(h => h is < 0 or >= 1)) throw new CliUsageException("--holdout fractions must be in [0, 1)");
        if (bits is < 10 or > 24) throw new CliUsageException("--bits must be between 10 and 24");
        if (cnnFilters is < 0 or > 1024) throw new CliUsageException("--cnn-filters must be between 0 (no CNN) and 1024");
        if (cnnEpochs < 1) throw new CliUsageException("--cnn-epochs must be 1 or more");
        if (cnnDimensions < 0) throw new CliUsageException("--cnn-dimensions must be 0 (keep the vectors as they are) or more");
        var cnn = cnnFilters == 0 || cnnWeight == 0 ? null : shippedCnn with { Filters = cnnFilters, Epochs = cnnEpochs, Weight = cnnWeight, Dimensions = cnnDimensions };

        void Progress(string line) => console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");

        // Whatever is not given is reused from the shipped model, so retraining works from a fresh clone; it is read
        // once, and only when needed.
        var shipped = new Lazy<LinearSentimentScorer>(() => SentimentModelLoader.Load(null));
        var lexicon = LoadLexicon(lexiconPath, shipped, Progress);
        var sets = new List<TrainingSet>();
        var heldOut = new List<(string Name, IReadOnlyList<LabelledText> Rows)>();
        for (var i = 0; i < trainPaths.Length; i++)
        {
            var rows = EvaluateVerb.ReadData(trainPaths[i]);
            var (train, held) = LabelledTextFile.HoldOut(rows, holdouts[i]);
            var setName = Path.GetFileName(trainPaths[i]);
            sets.Add(new TrainingSet(setName, train, weights[i], cnnWeights[i]));
            if (held.Count > 0) heldOut.Add(($"{setName} (held out {holdouts[i]:P0})", held));
            Progress($"read {setName}: {rows.Count:N0} rows ({train.Count:N0} to train)");
        }
        var validation = valPath is null ? null : EvaluateVerb.ReadData(valPath);
        ct.ThrowIfCancellationRequested();

        var featurizer = defaults.Featurizer with
        {
            HashBits = bits, WordWeight = wordWeight, CharWeight = charWeight, LexiconWeight = lexiconWeight,
            EmbeddingWeight = embeddingWeight, ClusterWeight = clusterWeight,
        };
        var cnnVectors = cnn is null ? null : LoadCnnVectors(cnnVectorsPath, embeddingsPath, shipped, Progress);
        var embeddings = featurizer.EmbeddingWeight == 0 && featurizer.ClusterWeight == 0 && (cnn is null || cnnVectors is not null)
            ? WordEmbeddings.Empty
            : LoadEmbeddings(embeddingsPath, embeddingWords, sets, shipped, Progress);
        if (featurizer.ClusterWeight != 0 && (embeddingsPath is not null || embeddings.ClusterSizes.Count == 0))
            embeddings = embeddings.WithClusters(clusterSizes, Progress);
        var options = defaults with { Featurizer = featurizer, L2 = l2, Name = name, TuneClassBalance = tuneBalance, Cnn = cnn };
        var result = SentimentTrainer.Train(sets, validation, lexicon, embeddings, options, Progress, cnnVectors);
        result.Save(outPath);
        var saved = LinearSentimentScorer.Load(outPath);
        Progress($"saved {outPath} ({new FileInfo(outPath).Length / 1024.0 / 1024.0:F1} MB), version {saved.ModelVersion}");

        var checks = new List<(string Name, IReadOnlyList<LabelledText> Rows)>();
        if (validation is not null) checks.Add((Path.GetFileName(valPath!), validation));
        checks.AddRange(heldOut);
        foreach (var (checkName, rows) in checks)
        {
            var scores = saved.Score(rows.Select(r => r.Text).ToList());
            var report = ClassificationReport.FromPairs(rows.Select((r, k) => (r.Label, scores[k].Label)));
            console.Out.WriteLine($"{checkName}: macro-recall {report.MacroRecall:F4}, macro-F1 {report.MacroF1:F4}, accuracy {report.Accuracy:F4}");
        }
        return Task.FromResult(0);
    }

    private static ValenceLexicon LoadLexicon(string? path, Lazy<LinearSentimentScorer> shipped, Action<string> progress)
    {
        if (path is not null)
        {
            var paths = path.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (paths.FirstOrDefault(p => !File.Exists(p)) is { } missing) throw new CliFailureException($"lexicon file not found: {missing}");
            var loaded = ValenceLexicon.Load(paths);
            progress($"valence lexicon: {loaded.Count:N0} entries from {paths.Length} file(s)");
            return loaded;
        }
        var lexicon = shipped.Value.Lexicon;
        progress($"using the valence lexicon of the shipped model ({lexicon.Count:N0} entries)");
        return lexicon;
    }

    /// <summary>The settings of the shipped model, chosen on a later-year hold-out of the training tweets (see
    /// docs/sentiment.md): what <c>train</c> does unless told otherwise.</summary>
    public static readonly TrainingOptions Shipped = new(new FeaturizerSettings(EmbeddingWeight: 1f, ClusterWeight: 1f), Cnn: new PhraseCnnSettings());

    /// <summary>How many of the most frequent words of the vector file a model keeps (words of the training texts
    /// are kept too): enough for everyday language, small enough for the model size budget.</summary>
    public const int DefaultEmbeddingWords = 60_000;

    /// <summary>Levels of word clustering, coarse to fine.</summary>
    public static readonly int[] DefaultClusterSizes = [128, 512];

    private static WordEmbeddings LoadEmbeddings(string? path, int topWords, IReadOnlyList<TrainingSet> sets, Lazy<LinearSentimentScorer> shipped, Action<string> progress)
    {
        if (path is null)
        {
            var vectors = shipped.Value.Embeddings;
            if (vectors.Count == 0)
                throw new CliFailureException("these settings use word vectors: give --embeddings <glove.txt> (see docs/sentiment.md), or --embedding-weight 0");
            progress($"using the word vectors of the shipped model ({vectors.Count:N0} words)");
            return vectors;
        }
        if (!File.Exists(path)) throw new CliFailureException($"word vectors file not found: {path}");
        var vocabulary = new HashSet<string>(StringComparer.Ordinal);
        foreach (var set in sets)
        foreach (var row in set.Rows)
        foreach (var token in SocialTextTokenizer.Tokenize(row.Text))
            if (token.IsWordLike) vocabulary.Add(token.Text);
        try
        {
            var embeddings = WordEmbeddings.LoadGloVe(path, topWords, vocabulary.Contains);
            progress($"read word vectors {Path.GetFileName(path)}: kept {embeddings.Count:N0} words × {embeddings.Dimensions} (top {topWords:N0} and the training texts' words)");
            return embeddings;
        }
        catch (InvalidDataException e)
        {
            throw new CliFailureException($"{path}: {e.Message}");
        }
    }

    /// <summary>
    /// The word vectors the phrase CNN reads: every word of <c>--cnn-vectors</c> (GloVe's text format; the shipped
    /// model's come from <c>models/tools/MiniLmWordVectors</c>). Without it: the linear features' vectors when
    /// <c>--embeddings</c> is given (null here), else the shipped model's CNN vectors, so retraining works from a
    /// fresh clone.
    /// </summary>
    private static WordEmbeddings? LoadCnnVectors(string? path, string? embeddingsPath, Lazy<LinearSentimentScorer> shipped, Action<string> progress)
    {
        if (path is null)
        {
            if (embeddingsPath is not null) return null;
            if (shipped.Value.Cnn is not { } shippedCnn || ReferenceEquals(shippedCnn.Embeddings, shipped.Value.Embeddings)) return null;
            progress($"using the phrase CNN's word vectors of the shipped model ({shippedCnn.Embeddings.Count:N0} words × {shippedCnn.Embeddings.Dimensions})");
            return shippedCnn.Embeddings;
        }
        if (!File.Exists(path)) throw new CliFailureException($"CNN word vectors file not found: {path}");
        try
        {
            var vectors = WordEmbeddings.LoadGloVe(path, int.MaxValue, _ => true);
            progress($"read the phrase CNN's word vectors {Path.GetFileName(path)}: {vectors.Count:N0} words × {vectors.Dimensions}");
            return vectors;
        }
        catch (InvalidDataException e)
        {
            throw new CliFailureException($"{path}: {e.Message}");
        }
    }

    private static float Real(CliArgs args, string option, float fallback) => Numbers(args.Optional(option), option, 1, fallback)[0];

    private static float[] Numbers(string? csv, string option, int count, float fallback)
    {
        if (csv is null) return Enumerable.Repeat(fallback, count).ToArray();
        var parts = csv.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != count) throw new CliUsageException($"--{option} needs {count} value(s), one per --train file");
        return parts.Select(p => float.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v : throw new CliUsageException($"--{option}: '{p}' is not a number")).ToArray();
    }
}
