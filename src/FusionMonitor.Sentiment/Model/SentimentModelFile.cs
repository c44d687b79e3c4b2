using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FusionMonitor.Sentiment.Features;
using FusionMonitor.Sentiment.Lexicon;
using FusionMonitor.Sentiment.Neural;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace FusionMonitor.Sentiment.Model;

/// <summary>
/// The model file (<c>models/sentiment.zip</c>): a zip holding the ML.NET model that training produced
/// (<c>mlnet.zip</c>, a maximum-entropy classifier over our features), the featuriser's settings and provenance
/// (<c>manifest.json</c>), the valence lexicon the features need (<c>lexicon.tsv</c>) and, when the model uses them,
/// its quantised word vectors (<c>embeddings.bin</c>), the weights of its phrase CNN (<c>cnn.bin</c>) and, when the
/// CNN reads other word vectors than the linear features, the CNN's own (<c>cnn-vectors.bin</c>). Everything needed at
/// run time travels inside it.
/// </summary>
public static class SentimentModelFile
{
    private const string ManifestEntry = "manifest.json";
    private const string LexiconEntry = "lexicon.tsv";
    private const string MlNetEntry = "mlnet.zip";
    private const string EmbeddingsEntry = "embeddings.bin";
    private const string CnnEntry = "cnn.bin";
    private const string CnnVectorsEntry = "cnn-vectors.bin";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The parts of a model file, as read.</summary>
    public sealed record Contents(ModelManifest Manifest, ValenceLexicon Lexicon, WordEmbeddings Embeddings, float[][] Weights, float[] Biases, PhraseCnn? Cnn, string ContentHash);

    public static void Save(string path, ModelManifest manifest, ValenceLexicon lexicon, WordEmbeddings embeddings, PhraseCnn? cnn, MLContext ml, ITransformer model, DataViewSchema inputSchema)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        // A fixed entry time keeps the file's bytes (and so the model version hash) a function of its contents.
        var stamp = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var entry = zip.CreateEntry(ManifestEntry, CompressionLevel.Optimal);
        entry.LastWriteTime = stamp;
        using (var s = entry.Open()) JsonSerializer.Serialize(s, manifest, Json);

        entry = zip.CreateEntry(LexiconEntry, CompressionLevel.Optimal);
        entry.LastWriteTime = stamp;
        using (var w = new StreamWriter(entry.Open(), new UTF8Encoding(false))) lexicon.Write(w);

        if (embeddings.Count > 0)
        {
            entry = zip.CreateEntry(EmbeddingsEntry, CompressionLevel.Optimal);
            entry.LastWriteTime = stamp;
            using var s = entry.Open();
            embeddings.Write(s);
        }

        if (cnn is not null)
        {
            entry = zip.CreateEntry(CnnEntry, CompressionLevel.Optimal);
            entry.LastWriteTime = stamp;
            using (var s = entry.Open()) PhraseCnnFile.Write(cnn, s);
            if (!ReferenceEquals(cnn.Embeddings, embeddings))
            {
                entry = zip.CreateEntry(CnnVectorsEntry, CompressionLevel.Optimal);
                entry.LastWriteTime = stamp;
                using var s = entry.Open();
                cnn.Embeddings.Write(s);
            }
        }

        entry = zip.CreateEntry(MlNetEntry, CompressionLevel.NoCompression);
        entry.LastWriteTime = stamp;
        using (var s = entry.Open())
        {
            var buffer = new MemoryStream();
            ml.Model.Save(model, inputSchema, buffer);
            buffer.Position = 0;
            buffer.CopyTo(s);
        }
    }

    /// <summary>Reads a model file. Throws <see cref="FileNotFoundException"/> or <see cref="InvalidDataException"/>
    /// with a message naming the file when it is missing or not a sentiment model.</summary>
    public static Contents Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"sentiment model not found: {path}", path);
        var bytes = File.ReadAllBytes(path);
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            var manifest = ReadEntry(zip, ManifestEntry, s => JsonSerializer.Deserialize<ModelManifest>(s, Json))
                ?? throw new InvalidDataException("empty manifest");
            var lexicon = ReadEntry(zip, LexiconEntry, s => ValenceLexicon.Read(new StreamReader(s, Encoding.UTF8)));
            var embeddings = zip.GetEntry(EmbeddingsEntry) is null ? WordEmbeddings.Empty : ReadEntry(zip, EmbeddingsEntry, WordEmbeddings.Read);
            var cnnVectors = zip.GetEntry(CnnVectorsEntry) is null ? embeddings : ReadEntry(zip, CnnVectorsEntry, WordEmbeddings.Read);
            var cnn = zip.GetEntry(CnnEntry) is null ? null : ReadEntry(zip, CnnEntry, s => PhraseCnnFile.Read(s, cnnVectors, lexicon));
            var (weights, biases) = ReadEntry(zip, MlNetEntry, ReadLinearModel);
            var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..10];
            return new Contents(manifest, lexicon, embeddings, weights, biases, cnn, hash);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path} is not a FusionMonitor sentiment model: {e.Message}", e);
        }
    }

    /// <summary>The ML.NET model inside a model file, as ML.NET itself runs it (for checks against the fast path).</summary>
    internal static ITransformer LoadMlNetModel(string path, MLContext ml, out DataViewSchema inputSchema)
    {
        using var zip = ZipFile.OpenRead(path);
        DataViewSchema? schema = null;
        var model = ReadEntry(zip, MlNetEntry, s => ml.Model.Load(s, out schema));
        inputSchema = schema!;
        return model;
    }

    private static T ReadEntry<T>(ZipArchive zip, string name, Func<Stream, T> read)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidDataException($"missing entry '{name}'");
        using var s = entry.Open();
        var copy = new MemoryStream();
        s.CopyTo(copy);
        copy.Position = 0;
        return read(copy);
    }

    /// <summary>Pulls the per-class weights and biases out of the saved ML.NET maximum-entropy model.</summary>
    private static (float[][] Weights, float[] Biases) ReadLinearModel(Stream stream)
    {
        var ml = new MLContext();
        var transformer = ml.Model.Load(stream, out _);
        if (transformer is TransformerChain<ITransformer> chain) transformer = chain.LastTransformer;
        if (transformer is not ISingleFeaturePredictionTransformer<MaximumEntropyModelParameters> prediction)
            throw new InvalidDataException($"expected an ML.NET maximum-entropy classifier, found {transformer.GetType().Name}");
        VBuffer<float>[] weights = [];
        prediction.Model.GetWeights(ref weights, out var classes);
        if (classes != 3) throw new InvalidDataException($"expected 3 classes, found {classes}");
        var dense = weights.Select(w => w.DenseValues().ToArray()).ToArray();
        return (dense, prediction.Model.GetBiases().ToArray());
    }
}
