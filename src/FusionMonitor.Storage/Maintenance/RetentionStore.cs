using Dapper;
using FusionMonitor.Storage.Mentions;

namespace FusionMonitor.Storage.Maintenance;

/// <summary>One kind of data a retention rule prunes: its table, the time column it ages by, and any condition.</summary>
public sealed record RetainedKind(string Name, string Table, string TimeColumn, string? Condition = null);

/// <summary>
/// Deletes rows past their retention in small batches, each its own short transaction (so no lock is held for long and
/// ingest goes on between batches), through an index on the time column of every pruned table. Mentions go with
/// everything keyed by them (<see cref="AuthorData.DeleteAsync"/>).
/// </summary>
public sealed class RetentionStore(FusionDatabase db, AuthorData mentions)
{
    public static readonly RetainedKind SourceRuns = new("source runs", "source_runs", "started_at");
    public static readonly RetainedKind Quarantine = new("quarantined items", "rejected_items", "received_at");
    public static readonly RetainedKind HourlyHistory = new("hourly score history", "score_history", "hour");
    public static readonly RetainedKind HourlyPairRollups = new("hourly pair rollups", "rollup_pair_hourly", "hour");
    public static readonly RetainedKind VoiceRollups = new("daily voice rollups", "rollup_brand_voice_daily", "day");
    public static readonly RetainedKind AspectRollups = new("hourly aspect rollups", "rollup_brand_aspect_hourly", "hour");

    /// <summary>Deletes the rows of <paramref name="kind"/> older than <paramref name="cutoff"/>, <paramref name="batch"/>
    /// at a time; returns how many went.</summary>
    public async Task<long> PruneAsync(RetainedKind kind, DateTimeOffset cutoff, int batch, CancellationToken ct)
    {
        if (kind == VoiceRollups) return await PruneVoiceDaysAsync(cutoff, batch, ct);
        var row = db.Kind == DatabaseKind.Postgres ? "ctid" : "rowid";
        var where = $"{kind.TimeColumn} < @cutoff" + (kind.Condition is { } c ? $" and {c}" : "");
        var sql = $"delete from {kind.Table} where {row} in (select {row} from {kind.Table} where {where} limit @batch)";
        long total = 0;
        while (!ct.IsCancellationRequested)
        {
            await using var conn = await db.OpenAsync(ct);
            await using var tx = await db.BeginWriteAsync(conn, ct);
            var n = await conn.ExecuteAsync(new CommandDefinition(sql, new { cutoff, batch }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            total += n;
            if (n < batch) break;
        }
        return total;
    }

    /// <summary>The voices' day rows, each batch taken out of the authors' running totals as it goes
    /// (<see cref="Strategy.StrategyRollupStore.PruneDaysAsync"/>).</summary>
    private async Task<long> PruneVoiceDaysAsync(DateTimeOffset cutoff, int batch, CancellationToken ct)
    {
        long total = 0;
        while (!ct.IsCancellationRequested)
        {
            await using var conn = await db.OpenAsync(ct);
            await using var tx = await db.BeginWriteAsync(conn, ct);
            var n = await Strategy.StrategyRollupStore.PruneDaysAsync(conn, tx, db.Kind, cutoff, batch, ct);
            await tx.CommitAsync(ct);
            total += n;
            if (n < batch) break;
        }
        return total;
    }

    /// <summary>Deletes alerts resolved before <paramref name="cutoff"/> with their timelines (<c>alert_events</c>),
    /// <paramref name="batch"/> at a time; returns how many alerts went. Open and acknowledged alerts are never pruned.</summary>
    public async Task<long> PruneResolvedAlertsAsync(DateTimeOffset cutoff, int batch, CancellationToken ct)
    {
        var any = db.Kind == DatabaseKind.Postgres ? "= any(@ids)" : "in @ids";
        long total = 0;
        while (!ct.IsCancellationRequested)
        {
            await using var conn = await db.OpenAsync(ct);
            await using var tx = await db.BeginWriteAsync(conn, ct);
            var ids = (await conn.QueryAsync<long>(new CommandDefinition(
                "select id from alerts where status = 'resolved' and resolved_at < @cutoff limit @batch", new { cutoff, batch }, tx, cancellationToken: ct))).ToArray();
            if (ids.Length > 0)
            {
                await conn.ExecuteAsync(new CommandDefinition($"delete from alert_events where alert_id {any}", new { ids }, tx, cancellationToken: ct));
                await conn.ExecuteAsync(new CommandDefinition($"delete from alerts where id {any}", new { ids }, tx, cancellationToken: ct));
            }
            await tx.CommitAsync(ct);
            total += ids.Length;
            if (ids.Length < batch) break;
        }
        return total;
    }

    /// <summary>Deletes mentions created before <paramref name="cutoff"/> with their links, corrections and full-text
    /// rows, <paramref name="batch"/> at a time; returns how many went. Scores are not rebuilt: what they hold of those
    /// mentions has decayed for as long as the retention (documented in docs/operations.md).</summary>
    public async Task<long> PruneMentionsAsync(DateTimeOffset cutoff, int batch, CancellationToken ct)
    {
        long total = 0;
        while (!ct.IsCancellationRequested)
        {
            await using var conn = await db.OpenAsync(ct);
            await using var tx = await db.BeginWriteAsync(conn, ct);
            var ids = (await conn.QueryAsync<long>(new CommandDefinition(
                "select id from mentions where created_at < @cutoff order by created_at, id limit @batch", new { cutoff, batch }, tx, cancellationToken: ct))).ToList();
            await mentions.DeleteAsync(conn, tx, ids, ct);
            await tx.CommitAsync(ct);
            total += ids.Count;
            if (ids.Count < batch) break;
        }
        return total;
    }
}
