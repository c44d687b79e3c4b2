namespace FusionMonitor.Ingestion.Connectors;

/// <summary>
/// A source answered, but with something a connector cannot use at all: invalid settings, a body that is not the
/// expected format (an HTML error page served with 200, truncated JSON), or an error the source states in its body.
/// Not transient by nature, but thrown all the same so the run is marked failed and the source backs off.
/// </summary>
public sealed class ConnectorException(long sourceId, string kind, string reason, Exception? inner = null)
    : Exception($"{kind} source {sourceId}: {reason}", inner)
{
    public long SourceId { get; } = sourceId;
    public string Kind { get; } = kind;
    public string Reason { get; } = reason;
}
