using System.Text.Json;
using System.Text.Json.Serialization;

namespace FusionMonitor.Ingestion.Connectors;

/// <summary>Reading typed settings and opaque cursors, the same way for every connector.</summary>
internal static class ConnectorJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Settings of type <typeparamref name="T"/>, or the reason they could not be read (wrong type, unknown field).</summary>
    public static T? ReadSettings<T>(JsonElement settings, List<string> problems) where T : class
    {
        if (settings.ValueKind != JsonValueKind.Object)
        {
            problems.Add("settings must be a JSON object");
            return null;
        }
        try
        {
            var value = settings.Deserialize<T>(Options);
            if (value is null) problems.Add("settings are empty");
            return value;
        }
        catch (JsonException ex)
        {
            problems.Add("settings: " + (ex.Path is { Length: > 0 } p ? $"{p}: " : "") + FirstSentence(ex.Message));
            return null;
        }
    }

    /// <summary>Settings that must be valid to fetch: invalid ones throw <see cref="ConnectorException"/> listing every problem.</summary>
    public static T RequireSettings<T>(SourceDefinition source, Func<T, IEnumerable<string>> validate) where T : class
    {
        var problems = new List<string>();
        var settings = ReadSettings<T>(source.Settings, problems);
        if (settings is not null) problems.AddRange(validate(settings));
        if (problems.Count > 0 || settings is null)
            throw new ConnectorException(source.Id, source.Kind, "invalid settings: " + string.Join("; ", problems));
        return settings;
    }

    public static IReadOnlyList<string> Validate<T>(JsonElement settings, Func<T, IEnumerable<string>> validate) where T : class
    {
        var problems = new List<string>();
        var s = ReadSettings<T>(settings, problems);
        if (s is not null) problems.AddRange(validate(s));
        return problems;
    }

    /// <summary>
    /// A cursor written by <see cref="WriteCursor{T}"/>; an unreadable one counts as none, so a corrupt cursor means a
    /// re-fetch (harmless) rather than a stuck source.
    /// </summary>
    public static T? ReadCursor<T>(string? cursor) where T : class
    {
        if (string.IsNullOrWhiteSpace(cursor)) return null;
        try
        {
            return JsonSerializer.Deserialize<T>(cursor, CursorOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string WriteCursor<T>(T cursor) => JsonSerializer.Serialize(cursor, CursorOptions);

    private static readonly JsonSerializerOptions CursorOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static string FirstSentence(string message)
    {
        var dot = message.IndexOf(". ", StringComparison.Ordinal);
        return dot > 0 ? message[..dot] : message;
    }

    public static bool IsHttpUrl(string? s) =>
        Uri.TryCreate(s, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps);
}
