using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace FusionMonitor.Sentiment.Encoder;

/// <summary>
/// The accurate tier's model file, <c>models/sentiment-encoder.zip</c>, as <c>models/tools/SentimentEncoder/export.py</c>
/// writes it: <c>model.onnx</c> (the int8 encoder and its sentence head), <c>vocab.txt</c>, <c>manifest.json</c>
/// (settings and the target head's weights) and <c>reference.tsv</c> (the exporting tool's own readings of a fixed
/// sample, which the tests hold this project's scorer to).
/// </summary>
public sealed class EncoderModelFile
{
    private EncoderModelFile(byte[] onnx, string vocabulary, EncoderManifest manifest, string? reference, string contentHash)
    {
        Onnx = onnx;
        Vocabulary = vocabulary;
        Manifest = manifest;
        Reference = reference;
        ContentHash = contentHash;
    }

    public byte[] Onnx { get; }
    public string Vocabulary { get; }
    public EncoderManifest Manifest { get; }
    public string? Reference { get; }
    public string ContentHash { get; }

    /// <summary>Where hosts find the shipped encoder: <c>models/sentiment-encoder.zip</c> beside the application.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "models", "sentiment-encoder.zip");

    /// <summary>True when <paramref name="path"/> is a zip holding <c>model.onnx</c>: an encoder file, not a fast model.</summary>
    public static bool IsEncoderFile(string path)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            return zip.GetEntry("model.onnx") is not null;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static EncoderModelFile Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"The sentiment encoder model is missing: {path}", path);
        var bytes = File.ReadAllBytes(path);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..10];
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        byte[] Entry(string name)
        {
            var e = zip.GetEntry(name) ?? throw new InvalidDataException($"{path}: not a sentiment encoder model (no {name} inside)");
            using var s = e.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return m.ToArray();
        }
        var manifest = JsonSerializer.Deserialize<EncoderManifest>(Entry("manifest.json"), JsonOptions)
                       ?? throw new InvalidDataException($"{path}: manifest.json is empty");
        manifest.Validate(path);
        var reference = zip.GetEntry("reference.tsv") is null ? null : System.Text.Encoding.UTF8.GetString(Entry("reference.tsv"));
        return new EncoderModelFile(Entry("model.onnx"), System.Text.Encoding.UTF8.GetString(Entry("vocab.txt")), manifest, reference, hash);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };
}

/// <summary>manifest.json of an encoder model file.</summary>
public sealed class EncoderManifest
{
    public string Name { get; set; } = "";
    public DateTimeOffset TrainedAt { get; set; }
    public int MaxTokens { get; set; }
    public int Hidden { get; set; }
    public TargetHead TargetHead { get; set; } = new();

    internal void Validate(string path)
    {
        if (MaxTokens < 3 || Hidden < 1) throw new InvalidDataException($"{path}: manifest.json needs maxTokens ≥ 3 and hidden ≥ 1");
        if (TargetHead.Weights.Length != 3 || TargetHead.Weights.Any(w => w.Length != 2 * Hidden) || TargetHead.Bias.Length != 3)
            throw new InvalidDataException($"{path}: the target head must be 3 × {2 * Hidden} weights and 3 biases");
    }
}

/// <summary>The per-party head: class scores from [max over the target's token states ; mean of all token states].</summary>
public sealed class TargetHead
{
    public float[][] Weights { get; set; } = [];
    public float[] Bias { get; set; } = [];
}
