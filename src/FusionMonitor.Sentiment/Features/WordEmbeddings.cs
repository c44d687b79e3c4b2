using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace FusionMonitor.Sentiment.Features;

/// <summary>
/// Pretrained word vectors (GloVe), kept for the words a model needs and quantised to one signed byte per
/// dimension with a scale per word. They let the model generalise to words its labelled data never showed
/// ("dreadful" lies near "awful"), which matters most when topics move on, as they do between years of tweets.
/// Read-only after loading, so one instance serves all threads; the model file carries its own copy.
/// </summary>
public sealed class WordEmbeddings
{
    private const int FormatVersion = 2;

    private readonly Dictionary<string, int> _rows;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly sbyte[] _values; // [row * Dimensions + d]
    private readonly float[] _scales; // value = _values[..] * _scales[row]
    private readonly string[] _words;
    private readonly int[] _clusters; // [row * ClusterSizes.Length + level]

    private WordEmbeddings(string[] words, int dimensions, sbyte[] values, float[] scales, int[] clusterSizes, int[] clusters)
    {
        _words = words;
        Dimensions = dimensions;
        _values = values;
        _scales = scales;
        ClusterSizes = clusterSizes;
        _clusters = clusters;
        _rows = new Dictionary<string, int>(words.Length, StringComparer.Ordinal);
        for (var i = 0; i < words.Length; i++) _rows.TryAdd(words[i], i);
        _lookup = _rows.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static WordEmbeddings Empty { get; } = new([], 0, [], [], [], []);

    public int Count => _words.Length;

    public int Dimensions { get; }

    /// <summary>The number of clusters at each level of word clustering (coarse to fine); empty when the words
    /// were not clustered.</summary>
    public IReadOnlyList<int> ClusterSizes { get; }

    /// <summary>The clusters <paramref name="word"/> belongs to, one per level; empty for an unknown word.</summary>
    public ReadOnlySpan<int> ClustersOf(ReadOnlySpan<char> word)
    {
        if (ClusterSizes.Count == 0 || !_lookup.TryGetValue(word, out var row)) return [];
        return _clusters.AsSpan(row * ClusterSizes.Count, ClusterSizes.Count);
    }

    /// <summary>
    /// Groups the words into <paramref name="sizes"/> clusters (one level per size) with ML.NET's k-means over the
    /// unit-length vectors: words used alike land together, so a word the labelled data never showed still shares
    /// a learned feature with the words it resembles (the role Brown clusters play in classic tweet classifiers).
    /// </summary>
    public WordEmbeddings WithClusters(IReadOnlyList<int> sizes, Action<string>? progress = null)
    {
        if (sizes.Count == 0) return new WordEmbeddings(_words, Dimensions, _values, _scales, [], []);
        if (sizes.Any(k => k < 2 || k > Count)) throw new ArgumentOutOfRangeException(nameof(sizes), $"cluster counts must be 2..{Count}");
        var rows = new ClusterRow[Count];
        var v = new float[Dimensions];
        for (var row = 0; row < Count; row++)
        {
            Array.Clear(v);
            TryAddTo(_words[row], v);
            var norm = MathF.Sqrt(v.Sum(x => x * x));
            rows[row] = new ClusterRow { Vector = v.Select(x => norm == 0 ? 0 : x / norm).ToArray() };
        }
        var ml = new MLContext(seed: 1);
        var schema = SchemaDefinition.Create(typeof(ClusterRow));
        schema[nameof(ClusterRow.Vector)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Dimensions);
        var data = ml.Data.LoadFromEnumerable(rows, schema);
        var clusters = new int[Count * sizes.Count];
        for (var level = 0; level < sizes.Count; level++)
        {
            var model = ml.Clustering.Trainers.KMeans(new KMeansTrainer.Options
            {
                FeatureColumnName = nameof(ClusterRow.Vector),
                NumberOfClusters = sizes[level],
                MaximumNumberOfIterations = 30,
                NumberOfThreads = Environment.ProcessorCount,
            }).Fit(data);
            var assigned = model.Transform(data).GetColumn<uint>("PredictedLabel").ToArray();
            for (var row = 0; row < Count; row++) clusters[row * sizes.Count + level] = (int)assigned[row] - 1;
            progress?.Invoke($"clustered {Count:N0} words into {sizes[level]:N0} groups");
        }
        return new WordEmbeddings(_words, Dimensions, _values, _scales, sizes.ToArray(), clusters);
    }

    private sealed class ClusterRow
    {
        public float[] Vector { get; set; } = [];
    }

    /// <summary>The row of <paramref name="word"/>'s vector (rows follow the vector file's order, most frequent
    /// words first), or −1 when the word has none.</summary>
    public int RowOf(ReadOnlySpan<char> word) => _lookup.TryGetValue(word, out var row) ? row : -1;

    /// <summary>Writes the vector of row <paramref name="row"/> into <paramref name="destination"/>.</summary>
    public void CopyRow(int row, Span<float> destination)
    {
        var scale = _scales[row];
        var values = _values.AsSpan(row * Dimensions, Dimensions);
        for (var d = 0; d < values.Length; d++) destination[d] = values[d] * scale;
    }

    /// <summary>Adds <paramref name="word"/>'s vector times <paramref name="factor"/> to <paramref name="sum"/>;
    /// false (and nothing added) for an unknown word.</summary>
    public bool TryAddTo(ReadOnlySpan<char> word, Span<float> sum, float factor = 1f)
    {
        if (!_lookup.TryGetValue(word, out var row)) return false;
        var scale = _scales[row] * factor;
        var values = _values.AsSpan(row * Dimensions, Dimensions);
        for (var d = 0; d < values.Length; d++) sum[d] += values[d] * scale;
        return true;
    }

    /// <summary>
    /// Reads vectors in GloVe's text format (<c>word v1 … vN</c> per line, most frequent words first) and keeps the
    /// first <paramref name="topWords"/> words plus any later word that <paramref name="alsoKeep"/> asks for.
    /// </summary>
    public static WordEmbeddings ReadGloVe(TextReader reader, int topWords, Func<string, bool> alsoKeep)
    {
        var words = new List<string>();
        var vectors = new List<float[]>();
        var dimensions = 0;
        var lineNumber = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var space = line.IndexOf(' ');
            if (space <= 0) continue;
            var word = line[..space];
            if (lineNumber > topWords && !alsoKeep(word)) continue;
            if (!seen.Add(word)) continue;
            var parts = line[(space + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (dimensions == 0) dimensions = parts.Length;
            if (parts.Length != dimensions)
                throw new InvalidDataException($"line {lineNumber}: {parts.Length} numbers, expected {dimensions} (GloVe text format: word v1 ... vN)");
            var v = new float[dimensions];
            for (var d = 0; d < dimensions; d++)
                if (!float.TryParse(parts[d], NumberStyles.Float, CultureInfo.InvariantCulture, out v[d]))
                    throw new InvalidDataException($"line {lineNumber}: '{parts[d]}' is not a number");
            words.Add(word);
            vectors.Add(v);
        }
        if (words.Count == 0) throw new InvalidDataException("no word vectors found (GloVe text format: word v1 ... vN)");
        return Quantise(words, vectors, dimensions);
    }

    public static WordEmbeddings LoadGloVe(string path, int topWords, Func<string, bool> alsoKeep)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        return ReadGloVe(reader, topWords, alsoKeep);
    }

    /// <summary>The word of row <paramref name="row"/>.</summary>
    public string WordAt(int row) => _words[row];

    /// <summary>Stores each vector as signed bytes with a scale per word (a quarter of the size of floats).</summary>
    internal static WordEmbeddings Quantise(IReadOnlyList<string> words, IReadOnlyList<float[]> vectors, int dimensions)
    {
        var values = new sbyte[words.Count * dimensions];
        var scales = new float[words.Count];
        for (var row = 0; row < words.Count; row++)
        {
            var v = vectors[row];
            var max = 0f;
            foreach (var x in v) max = MathF.Max(max, MathF.Abs(x));
            var scale = max == 0 ? 1f : max / 127f;
            scales[row] = scale;
            for (var d = 0; d < dimensions; d++) values[row * dimensions + d] = (sbyte)Math.Clamp(MathF.Round(v[d] / scale), -127, 127);
        }
        return new WordEmbeddings(words.ToArray(), dimensions, values, scales, [], []);
    }

    /// <summary>The compact binary form stored in model files.</summary>
    public void Write(Stream stream)
    {
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(FormatVersion);
        w.Write(_words.Length);
        w.Write(Dimensions);
        foreach (var word in _words) w.Write(word);
        foreach (var s in _scales) w.Write(s);
        w.Write(MemoryMarshal.AsBytes(_values.AsSpan()));
        w.Write(ClusterSizes.Count);
        foreach (var k in ClusterSizes) w.Write(k);
        foreach (var c in _clusters) w.Write(checked((ushort)c));
    }

    public static WordEmbeddings Read(Stream stream)
    {
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var version = r.ReadInt32();
        if (version != FormatVersion) throw new InvalidDataException($"word vectors in format {version}, this build reads {FormatVersion}");
        var count = r.ReadInt32();
        var dimensions = r.ReadInt32();
        if (count < 0 || dimensions is < 0 or > 4096) throw new InvalidDataException("corrupt word vectors header");
        var words = new string[count];
        for (var i = 0; i < count; i++) words[i] = r.ReadString();
        var scales = new float[count];
        for (var i = 0; i < count; i++) scales[i] = r.ReadSingle();
        var values = new sbyte[count * dimensions];
        var rest = MemoryMarshal.AsBytes(values.AsSpan());
        while (!rest.IsEmpty && r.Read(rest) is var read and > 0) rest = rest[read..];
        if (!rest.IsEmpty) throw new InvalidDataException("word vectors are cut short");
        var levels = r.ReadInt32();
        if (levels is < 0 or > 16) throw new InvalidDataException("corrupt word clusters header");
        var sizes = new int[levels];
        for (var l = 0; l < levels; l++) sizes[l] = r.ReadInt32();
        var clusters = new int[count * levels];
        for (var i = 0; i < clusters.Length; i++) clusters[i] = r.ReadUInt16();
        return new WordEmbeddings(words, dimensions, values, scales, sizes, clusters);
    }
}
