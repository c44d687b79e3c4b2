using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FusionMonitor.Core.Scoring;

namespace FusionMonitor.Storage.Scores;

/// <summary>
/// Accumulators and alert state are stored as JSON; one set of options for writing and reading them. An accumulator
/// is stored in two parts, its sums and its top contributions, so a score is read without parsing the mentions.
/// </summary>
public static class ScoreJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>The same, without an accumulator's <see cref="ScopeAccumulator.Top"/> (stored in its own column).</summary>
    private static readonly JsonSerializerOptions SumsOptions = new(Options)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    if (info.Type != typeof(ScopeAccumulator)) return;
                    var top = info.Properties.FirstOrDefault(p => p.Name == "top");
                    if (top is not null) info.Properties.Remove(top);
                },
            },
        },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"stored {typeof(T).Name} is null");

    /// <summary>An accumulator's sums, without its top list.</summary>
    public static string WriteSums(ScopeAccumulator a) => JsonSerializer.Serialize(a, SumsOptions);

    public static string WriteTop(ScopeAccumulator a) => JsonSerializer.Serialize(a.Top, Options);

    /// <summary>An accumulator from its two stored parts ("[]" for a read that needs no top list).</summary>
    public static ScopeAccumulator ReadAccumulator(string sums, string top)
    {
        var a = JsonSerializer.Deserialize<ScopeAccumulator>(sums, SumsOptions) ?? throw new JsonException("stored accumulator is null");
        if (top != "[]") a.Top = Read<List<Contribution>>(top);
        return a;
    }
}
