using System.Globalization;
using System.Text;
using System.Text.Json;
using FusionMonitor.Core.Sentiment;

namespace FusionMonitor.Storage.Mentions;

/// <summary>
/// <c>mentions.targets</c> (migration 0017): the polarity toward each brand and influencer the mention names, as JSON
/// text on both databases, in the shape the API shows (<c>[{"kind":"brand","id":3,"label":"negative","polarity":-0.81}]</c>).
/// Null: the mention was stored before per-party readings (or never matched), so its scopes read the whole text until
/// <c>fusion rescore</c> fills it; <c>[]</c>: read, nothing to read toward (an unscored language).
/// </summary>
public static class TargetsColumn
{
    public static string? Write(IReadOnlyList<TargetReading>? targets)
    {
        if (targets is null) return null;
        var sb = new StringBuilder(2 + targets.Count * 64).Append('[');
        for (var k = 0; k < targets.Count; k++)
        {
            var t = targets[k];
            if (k > 0) sb.Append(',');
            sb.Append("{\"kind\":\"").Append(KindName(t.Kind)).Append("\",\"id\":").Append(t.Id.ToString(CultureInfo.InvariantCulture))
                .Append(",\"label\":\"").Append(SentimentScore.LabelName(t.Label)).Append("\",\"polarity\":")
                .Append(t.Polarity.ToString("R", CultureInfo.InvariantCulture)).Append('}');
        }
        return sb.Append(']').ToString();
    }

    /// <summary>The stored readings; null for a null column. A value this code did not write reads as null (the whole text).</summary>
    public static IReadOnlyList<TargetReading>? Read(string? json)
    {
        if (json is null) return null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            var list = new List<TargetReading>(doc.RootElement.GetArrayLength());
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                var kind = e.GetProperty("kind").GetString() == "influencer" ? TargetKind.Influencer : TargetKind.Brand;
                SentimentScore.TryParseLabel(e.GetProperty("label").GetString(), out var label);
                list.Add(new TargetReading(kind, e.GetProperty("id").GetInt64(), label, e.GetProperty("polarity").GetSingle()));
            }
            return list;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return null;
        }
    }

    public static string KindName(TargetKind kind) => kind == TargetKind.Influencer ? "influencer" : "brand";
}
