using System.Data.Common;
using FusionMonitor.Storage.Mentions;

namespace FusionMonitor.Ingestion.Pipeline;

/// <summary>
/// Durable state that new mentions move (score state, rollups, alert state). Runs inside the transaction that
/// stores the mentions, so the two commit together or not at all. Returns what to announce once committed.
/// </summary>
public interface IMentionEffects
{
    Task<IReadOnlyList<LiveEvent>> ApplyAsync(DbConnection conn, DbTransaction tx, IReadOnlyList<StoredMention> inserted,
        EntityCatalog.Snapshot catalog, DateTimeOffset now, CancellationToken ct);
}

/// <summary>Receives what a committed batch changed (mentions scored, scores updated, alerts), to push it live.</summary>
public interface IIngestListener
{
    void OnCommitted(IReadOnlyList<StoredMention> inserted, IReadOnlyList<LiveEvent> effects);
}
