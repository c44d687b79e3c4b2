using FusionMonitor.Core.Mentions;

namespace FusionMonitor.Storage.Mentions;

/// <summary>A mention now in the store: its id and its position in the batch that brought it.</summary>
public sealed record StoredMention(long Id, int Index, ScoredMention Scored);

/// <summary>What a batch did: new mentions, duplicates of stored ones (or of earlier items in the batch), rejects.</summary>
public sealed record IngestResult(IReadOnlyList<StoredMention> Inserted, IReadOnlyList<int> DuplicateIndexes, IReadOnlyList<RejectedItem> Rejected)
{
    public int Accepted => Inserted.Count;
    public int Duplicates => DuplicateIndexes.Count;
}
