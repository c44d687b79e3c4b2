using System.Globalization;
using System.Text;

namespace FusionMonitor.Sentiment.Lexicon;

/// <summary>
/// Word, emoticon or emoji → valence (−4 … +4), as in the VADER lexicon. Read-only after loading, so one instance
/// serves all threads. The model carries its own copy (see <see cref="Model.SentimentModelFile"/>): the shared data
/// folder is not there at run time.
/// </summary>
public sealed class ValenceLexicon
{
    private readonly Dictionary<string, float> _valence;
    private readonly Dictionary<string, float>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    private ValenceLexicon(Dictionary<string, float> valence)
    {
        _valence = valence;
        _lookup = valence.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static ValenceLexicon Empty { get; } = new(new Dictionary<string, float>(StringComparer.Ordinal));

    public int Count => _valence.Count;

    public bool TryGet(ReadOnlySpan<char> word, out float valence) => _lookup.TryGetValue(word, out valence);

    /// <summary>Reads <c>token&lt;TAB&gt;valence[&lt;TAB&gt;…]</c> lines (the VADER file's format); other columns are ignored.</summary>
    public static ValenceLexicon Read(TextReader reader)
    {
        var map = new Dictionary<string, float>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split('\t');
            if (parts.Length < 2 || parts[0].Length == 0) continue;
            if (!float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) continue;
            map[parts[0].ToLowerInvariant()] = v;
        }
        return new ValenceLexicon(map);
    }

    public static ValenceLexicon Load(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        return Read(reader);
    }

    /// <summary>One lexicon from several files (say, VADER's words and an emoji table); where two files rate the
    /// same token, the later file wins.</summary>
    public static ValenceLexicon Load(IEnumerable<string> paths)
    {
        var map = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var path in paths)
            foreach (var (token, v) in Load(path)._valence) map[token] = v;
        return new ValenceLexicon(map);
    }

    /// <summary>Writes the lexicon in the same two-column format, sorted so the model file is reproducible.</summary>
    public void Write(TextWriter writer)
    {
        foreach (var (word, v) in _valence.OrderBy(p => p.Key, StringComparer.Ordinal))
            writer.Write($"{word}\t{v.ToString("R", CultureInfo.InvariantCulture)}\n");
    }
}
