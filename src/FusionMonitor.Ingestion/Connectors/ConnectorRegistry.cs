using System.Text.Json;
using FusionMonitor.Ingestion.Connectors.Http;

namespace FusionMonitor.Ingestion.Connectors;

/// <summary>Finds the connector for a source's kind. Kinds are compared case-insensitively.</summary>
public sealed class ConnectorRegistry
{
    private readonly Dictionary<string, IConnector> _byKind;
    private readonly NetworkGuard _guard;

    public ConnectorRegistry(IEnumerable<IConnector> connectors, NetworkGuard guard)
    {
        _guard = guard;
        _byKind = new Dictionary<string, IConnector>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in connectors)
            if (!_byKind.TryAdd(c.Kind, c)) throw new InvalidOperationException($"two connectors claim the kind '{c.Kind}'");
    }

    public IReadOnlyCollection<string> Kinds => _byKind.Keys;

    /// <summary>The kinds read by a stream consumer, never polled.</summary>
    public IReadOnlyCollection<string> StreamKinds => _byKind.Where(c => c.Value is IStreamConnector).Select(c => c.Key).ToList();

    public bool TryGet(string kind, out IConnector connector) => _byKind.TryGetValue(kind, out connector!);

    /// <summary>The connector for <paramref name="kind"/>; throws with the known kinds listed when there is none.</summary>
    public IConnector Get(string kind) =>
        _byKind.TryGetValue(kind, out var c) ? c
        : throw new KeyNotFoundException($"no connector for kind '{kind}' (known: {string.Join(", ", _byKind.Keys.Order())})");

    /// <summary>
    /// Every problem with a source's settings before it is saved: the connector's own checks, then each URL in them
    /// against the <see cref="NetworkGuard"/> (literal and resolved addresses). Empty when the source may be saved.
    /// </summary>
    public async Task<IReadOnlyList<string>> ValidateAsync(IConnector connector, JsonElement settings, CancellationToken ct)
    {
        var problems = connector.ValidateSettings(settings).ToList();
        try
        {
            problems.AddRange(Unstorable(settings, "settings"));
        }
        catch (InvalidOperationException)
        {
            problems.Add("settings hold a name or string that is not valid text (an unpaired UTF-16 surrogate escape)");
        }
        foreach (var url in NetworkGuard.UrlsIn(settings).Distinct(StringComparer.Ordinal))
            if (await _guard.CheckUrlAsync(url, ct).ConfigureAwait(false) is { } refused) problems.Add(refused);
        return problems;
    }

    /// <summary>Strings in the settings that <see cref="Core.Text.StoredText"/> refuses (a NUL, an unpaired surrogate), named by path.</summary>
    private static IEnumerable<string> Unstorable(JsonElement e, string path) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p =>
            (Core.Text.StoredText.Problem(p.Name) is { } n ? [$"{path} has a field name that {n}"] : Enumerable.Empty<string>()).Concat(Unstorable(p.Value, $"{path}.{p.Name}"))),
        JsonValueKind.Array => e.EnumerateArray().SelectMany((x, i) => Unstorable(x, $"{path}[{i}]")),
        JsonValueKind.String => Core.Text.StoredText.Problem(path, e.GetString()) is { } why ? [why] : [],
        _ => [],
    };
}
