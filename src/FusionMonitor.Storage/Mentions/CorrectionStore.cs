using System.Data.Common;
using Dapper;
using FusionMonitor.Core.Sentiment;

namespace FusionMonitor.Storage.Mentions;

/// <summary>One correction as kept: what the analyst said, what the mention read before, who and when.</summary>
public sealed record CorrectionRecord(long Id, long MentionId, SentimentLabel Label, SentimentLabel PreviousLabel, string CorrectedBy, DateTimeOffset CorrectedAt);

/// <summary>A corrected mention's text with the label in force: a training row.</summary>
public sealed record CorrectedText(long MentionId, SentimentLabel Label, string Text, string CorrectedBy, DateTimeOffset CorrectedAt);

/// <summary>
/// Analysts' corrections of mentions' sentiment (<see cref="SentimentCorrection"/>): every one is kept in
/// <c>sentiment_corrections</c>, and the latest is copied onto the mention (<c>corrected_label</c>, <c>corrected_by</c>,
/// <c>corrected_at</c>), where every read takes it. The writers take the caller's transaction.
/// </summary>
public sealed class CorrectionStore(FusionDatabase db)
{
    /// <summary>The mention's brands and the label in force, with its row locked until the transaction ends (so two
    /// corrections of one mention take turns); null when there is no such mention.</summary>
    public async Task<(SentimentLabel InForce, IReadOnlyList<long> BrandIds)?> LockAsync(DbConnection conn, DbTransaction tx, long mentionId, CancellationToken ct)
    {
        var row = await conn.QuerySingleOrDefaultAsync<(long Id, int Label)>(new CommandDefinition(
            $"select id, coalesce(corrected_label, label) from mentions where id = @mentionId{(db.Kind == DatabaseKind.Postgres ? " for update" : "")}",
            new { mentionId }, tx, cancellationToken: ct));
        if (row.Id == 0) return null;
        var brands = await conn.QueryAsync<long>(new CommandDefinition(
            "select brand_id from mention_brands where mention_id = @mentionId order by brand_id", new { mentionId }, tx, cancellationToken: ct));
        return ((SentimentLabel)row.Label, brands.ToList());
    }

    /// <summary>Keeps a correction and puts it in force on the mention.</summary>
    public static async Task RecordAsync(DbConnection conn, DbTransaction tx, long mentionId, SentimentCorrection correction, SentimentLabel previous, CancellationToken ct)
    {
        var args = new { mentionId, label = (short)correction.Label, previous = (short)previous, by = correction.CorrectedBy, at = correction.CorrectedAt };
        await conn.ExecuteAsync(new CommandDefinition(
            "insert into sentiment_corrections (mention_id, label, previous_label, corrected_by, corrected_at) values (@mentionId, @label, @previous, @by, @at)",
            args, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(
            "update mentions set corrected_label = @label, corrected_by = @by, corrected_at = @at where id = @mentionId", args, tx, cancellationToken: ct));
    }

    /// <summary>Every correction of one mention, oldest first.</summary>
    public async Task<IReadOnlyList<CorrectionRecord>> HistoryAsync(long mentionId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<(long Id, long MentionId, int Label, int Previous, string By, DateTimeOffset At)>(new CommandDefinition(
            "select id, mention_id, label, previous_label, corrected_by, corrected_at from sentiment_corrections where mention_id = @mentionId order by id",
            new { mentionId }, cancellationToken: ct));
        return rows.Select(r => new CorrectionRecord(r.Id, r.MentionId, (SentimentLabel)r.Label, (SentimentLabel)r.Previous, r.By, r.At)).ToList();
    }

    /// <summary>
    /// Every corrected mention with the correction in force, oldest correction first (the export for training);
    /// <paramref name="allowedBrandIds"/>, when set, keeps only mentions of those brands.
    /// </summary>
    public async Task<IReadOnlyList<CorrectedText>> InForceAsync(IReadOnlyList<long>? allowedBrandIds, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var allowed = allowedBrandIds is null ? ""
            : db.Kind == DatabaseKind.Postgres
                ? "and exists (select 1 from mention_brands ab where ab.mention_id = m.id and ab.brand_id = any(@allowed))"
                : "and exists (select 1 from mention_brands ab where ab.mention_id = m.id and ab.brand_id in @allowed)";
        var rows = await conn.QueryAsync<(long Id, int Label, string Text, string By, DateTimeOffset At)>(new CommandDefinition(
            $"""
            select m.id, m.corrected_label, m.text, m.corrected_by, m.corrected_at from mentions m
            where m.corrected_label is not null {allowed}
            order by m.corrected_at, m.id
            """, new { allowed = allowedBrandIds?.ToArray() }, cancellationToken: ct));
        return rows.Select(r => new CorrectedText(r.Id, (SentimentLabel)r.Label, r.Text, r.By, r.At)).ToList();
    }
}
