using System.Text;
using FusionMonitor.Core.Sentiment;

namespace FusionMonitor.Sentiment.Data;

/// <summary>One labelled example; <paramref name="Lang"/> is the file's <c>lang</c> cell (ISO 639-1), when it has one;
/// <paramref name="Target"/>, when the file has a <c>target</c> column, names the party the label is the polarity
/// toward (contract v2: <c>evaluate</c> then judges per target).</summary>
public sealed record LabelledText(SentimentLabel Label, string Text, string? Lang = null, string? Target = null);

/// <summary>A labelled file that cannot be used, with a message fit to show a user as is.</summary>
public sealed class LabelledDataException(string message) : Exception(message);

/// <summary>
/// Reads the labelled TSV format of the contract: a header row naming at least <c>label</c> and <c>text</c>
/// (and optionally <c>lang</c> and <c>target</c>; other columns ignored, any order), then one row per example,
/// tab-separated, no quoting — a <c>"</c> is text.
/// Every problem is reported with the file and line, because a user retraining on their own data will hit them.
/// </summary>
public static class LabelledTextFile
{
    /// <summary>Rows whose text hashes into the first <paramref name="fraction"/> are held out: stable across runs
    /// and machines, so the same command always trains on the same rows.</summary>
    public static (List<LabelledText> Train, List<LabelledText> HeldOut) HoldOut(IReadOnlyList<LabelledText> rows, float fraction)
    {
        var train = new List<LabelledText>();
        var held = new List<LabelledText>();
        foreach (var r in rows)
            (Features.FeatureHash.Of(r.Text, 77) % 1000 < fraction * 1000 ? held : train).Add(r);
        return (train, held);
    }

    public static IReadOnlyList<LabelledText> Read(string path)
    {
        if (!File.Exists(path)) throw new LabelledDataException($"file not found: {path}");
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, path);
    }

    public static IReadOnlyList<LabelledText> Read(TextReader reader, string name)
    {
        var header = reader.ReadLine() ?? throw new LabelledDataException($"{name}: the file is empty; expected a header row with 'label' and 'text' columns");
        var columns = header.Split('\t').Select(c => c.Trim().ToLowerInvariant()).ToArray();
        var labelAt = Array.IndexOf(columns, "label");
        var textAt = Array.IndexOf(columns, "text");
        var langAt = Array.IndexOf(columns, "lang");
        var targetAt = Array.IndexOf(columns, "target");
        var missing = new[] { labelAt < 0 ? "label" : null, textAt < 0 ? "text" : null }.OfType<string>().ToList();
        if (missing.Count > 0)
            throw new LabelledDataException($"{name}: the header has no {string.Join(" or ", missing.Select(m => $"'{m}'"))} column (found: {string.Join(", ", columns.Select(c => $"'{c}'"))}); the file must be tab-separated with a header row");

        var rows = new List<LabelledText>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var cells = line.Split('\t');
            if (cells.Length <= Math.Max(labelAt, textAt))
                throw new LabelledDataException($"{name}:{lineNumber}: expected at least {Math.Max(labelAt, textAt) + 1} tab-separated columns, found {cells.Length}");
            if (!SentimentScore.TryParseLabel(cells[labelAt], out var label))
                throw new LabelledDataException($"{name}:{lineNumber}: unknown label '{cells[labelAt]}'; expected negative, neutral or positive");
            var lang = langAt >= 0 && langAt < cells.Length && cells[langAt].Trim() is { Length: > 0 } l ? l.ToLowerInvariant() : null;
            var target = targetAt < 0 ? null : targetAt < cells.Length ? cells[targetAt] : "";
            rows.Add(new LabelledText(label, cells[textAt], lang, target));
        }
        return rows;
    }
}
