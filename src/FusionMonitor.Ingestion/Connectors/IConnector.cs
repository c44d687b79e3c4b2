using System.Text.Json;
using FusionMonitor.Core.Mentions;

namespace FusionMonitor.Ingestion.Connectors;

/// <summary>
/// One row of the source table as a connector sees it: which connector (<see cref="Kind"/>), its typed settings as
/// stored JSON, and the cursor the last committed run left behind (null on the first run).
/// </summary>
public sealed record SourceDefinition(long Id, string Kind, string Name, JsonElement Settings, string? Cursor);

/// <summary>
/// What one fetch produced. <see cref="NextCursor"/> is to be stored only after <see cref="Mentions"/> are committed;
/// a fetch from an older cursor re-fetches (the (Source, ExternalId) key makes that harmless), it never skips.
/// <see cref="NotModified"/> is true when the source said nothing changed (HTTP 304); <see cref="Requests"/> counts
/// the HTTP calls made, retries by the resilience pipeline not included.
/// </summary>
public sealed record FetchResult(
    IReadOnlyList<IncomingMention> Mentions,
    IReadOnlyList<RejectedItem> Rejected,
    string? NextCursor,
    bool NotModified,
    int Requests);

/// <summary>
/// Brings mentions in from one kind of public source. Implementations are stateless singletons (a session cache is
/// the one exception, and it is thread-safe), so one instance serves every source of its kind at once.
/// <para>
/// Failure contract: a transient HTTP failure that outlives the resilience pipeline (retries with backoff honouring
/// Retry-After, timeouts, circuit breaker) throws <see cref="HttpRequestException"/> or a Polly timeout / broken-circuit
/// exception, so the job fails visibly and Hangfire retries it. A body that cannot be read at all throws
/// <see cref="ConnectorException"/>. A single bad item never throws: it comes back in <see cref="FetchResult.Rejected"/>.
/// Cancellation is honoured at every await.
/// </para>
/// </summary>
public interface IConnector
{
    /// <summary>"rss", "bluesky", "mastodon", "hackernews", "appstore", "youtube" or "reddit": the value of <see cref="SourceDefinition.Kind"/>.</summary>
    string Kind { get; }

    /// <summary>Every problem with the settings at once, as sentences an operator can act on; empty when valid.</summary>
    IReadOnlyList<string> ValidateSettings(JsonElement settings);

    /// <summary>Fetches what is new since <see cref="SourceDefinition.Cursor"/> (a bounded number of pages per call).</summary>
    Task<FetchResult> FetchAsync(SourceDefinition source, CancellationToken ct);
}
