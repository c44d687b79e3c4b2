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

    /// <summary>The same, without an accumulator's <see cref="ScopeAccumulator.Top"/> and <see cref="ScopeAccumulator.Voices"/> (stored in columns of their own).</summary>
    private static readonly JsonSerializerOptions SumsOptions = new(Options)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    if (info.Type != typeof(ScopeAccumulator)) return;
                    foreach (var name in new[] { "top", "voices" })
                    {
                        var property = info.Properties.FirstOrDefault(p => p.Name == name);
                        if (property is not null) info.Properties.Remove(property);
                    }
                },
            },
        },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"stored {typeof(T).Name} is null");

    /// <summary>An accumulator's sums, without its top list.</summary>
    public static string WriteSums(ScopeAccumulator a) => JsonSerializer.Serialize(a, SumsOptions);

    public static string WriteTop(ScopeAccumulator a) => JsonSerializer.Serialize(a.Top, Options);

    public static string WriteVoices(ScopeAccumulator a) => JsonSerializer.Serialize(a.Voices, Options);

    /// <summary>An accumulator from its stored parts ("[]" for a read that needs no top list or no voices).</summary>
    public static ScopeAccumulator ReadAccumulator(string sums, string top, string voices = "[]")
    {
        var a = JsonSerializer.Deserialize<ScopeAccumulator>(sums, SumsOptions) ?? throw new JsonException("stored accumulator is null");
        if (top != "[]") a.Top = Read<List<Contribution>>(top);
        if (voices != "[]") a.Voices = Read<List<VoiceBucket>>(voices);
        return a;
    }
}
