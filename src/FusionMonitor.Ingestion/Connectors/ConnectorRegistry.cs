namespace FusionMonitor.Ingestion.Connectors;

/// <summary>Finds the connector for a source's kind. Kinds are compared case-insensitively.</summary>
public sealed class ConnectorRegistry
{
    private readonly Dictionary<string, IConnector> _byKind;

    public ConnectorRegistry(IEnumerable<IConnector> connectors)
    {
        _byKind = new Dictionary<string, IConnector>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in connectors)
            if (!_byKind.TryAdd(c.Kind, c)) throw new InvalidOperationException($"two connectors claim the kind '{c.Kind}'");
    }

    public IReadOnlyCollection<string> Kinds => _byKind.Keys;

    public bool TryGet(string kind, out IConnector connector) => _byKind.TryGetValue(kind, out connector!);

    /// <summary>The connector for <paramref name="kind"/>; throws with the known kinds listed when there is none.</summary>
    public IConnector Get(string kind) =>
        _byKind.TryGetValue(kind, out var c) ? c
        : throw new KeyNotFoundException($"no connector for kind '{kind}' (known: {string.Join(", ", _byKind.Keys.Order())})");
}
