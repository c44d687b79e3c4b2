using FusionMonitor.Sentiment.Features;
using FusionMonitor.Sentiment.Lexicon;

namespace FusionMonitor.Sentiment.Neural;

/// <summary>The phrase CNN's weights on disk: the model file's <c>cnn.bin</c> (little-endian, versioned).</summary>
public static class PhraseCnnFile
{
    private const uint Magic = 0x4E4E4346; // "FCNN"
    private const int FormatVersion = 1;

    /// <summary>Writes the weights (the model file's <c>cnn.bin</c>); the word vectors and lexicon are stored apart.</summary>
    public static void Write(PhraseCnn cnn, Stream stream)
    {
        using var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(FormatVersion);
        w.Write(cnn.Filters);
        w.Write(cnn.Inputs);
        w.Write(cnn.Weight);
        foreach (var block in new[] { cnn.FilterWeights, cnn.Biases, cnn.Output, cnn.OutputBiases })
            foreach (var x in block) w.Write(x);
    }

    /// <summary>Reads weights written by <see cref="Write"/> for the given word vectors.</summary>
    public static PhraseCnn Read(Stream stream, WordEmbeddings embeddings, ValenceLexicon lexicon)
    {
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        try
        {
            if (r.ReadUInt32() != Magic) throw new InvalidDataException("cnn.bin: not a phrase CNN");
            var version = r.ReadInt32();
            if (version != FormatVersion) throw new InvalidDataException($"cnn.bin: format {version}, this build reads {FormatVersion}");
            var filters = r.ReadInt32();
            var inputs = r.ReadInt32();
            var weight = r.ReadSingle();
            if (filters is < 1 or > 4096) throw new InvalidDataException($"cnn.bin: {filters} filters");
            if (inputs != embeddings.Dimensions + PhraseCnn.Extras)
                throw new InvalidDataException($"cnn.bin: {inputs} inputs per token, the model's word vectors give {embeddings.Dimensions + PhraseCnn.Extras}");
            var pooled = PhraseCnn.Widths.Length * filters;
            float[] Block(int n)
            {
                var block = new float[n];
                for (var k = 0; k < n; k++) block[k] = r.ReadSingle();
                return block;
            }
            var filterWeights = Block(PhraseCnn.Widths.Sum() * filters * inputs);
            var biases = Block(pooled);
            var output = Block(3 * pooled);
            var outputBiases = Block(3);
            return new PhraseCnn(embeddings, lexicon, filters, weight, filterWeights, biases, output, outputBiases);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("cnn.bin: the file ends early");
        }
    }
}
