namespace FusionMonitor.Ingestion.Connectors;

/// <summary>
/// A source read by a long-running consumer (<see cref="Jobs.StreamConsumer"/>) rather than by polling: the dispatcher
/// never queues a poll for it. <see cref="IConnector.FetchAsync"/> still works, as a short catch-up read (a "test
/// fetch" or a manual fetch), which leaves the cursor where the consumer put it.
/// </summary>
public interface IStreamConnector : IConnector
{
    /// <summary>Reads the stream from the source's cursor, giving each decoded item to <paramref name="onItem"/>, until cancelled or the stream ends (throws on a broken connection).</summary>
    Task ConsumeAsync(SourceDefinition source, long? cursor, Func<StreamItem, CancellationToken, ValueTask> onItem, CancellationToken ct);
}

/// <summary>One stream event: the mention it carries (null when the event is not one, or not readable), why not, and its position.</summary>
public sealed record StreamItem(Core.Mentions.IncomingMention? Mention, string? RejectReason, string? Payload, long Position);
