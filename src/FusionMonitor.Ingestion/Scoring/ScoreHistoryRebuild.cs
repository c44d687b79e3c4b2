using FusionMonitor.Core.Scoring;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.Storage.Scores;

namespace FusionMonitor.Ingestion.Scoring;

/// <summary>
/// Rewrites every pair's hourly and daily history before the current hour from the stored mentions, as if they had
/// been ingested when they were posted (<see cref="HistoryReplay"/>): after the demo's backfill, and in
/// <c>fusion recompute</c> (after a formula change, or an import of old posts), so charts, sparklines and the
/// 1 h / 24 h / 7 d changes show the past instead of one step from neutral to today. The accumulators are not touched
/// (the recompute job owns them). A whole-store job like the recompute: its cost is every mention plus each pair's
/// hours with mentions, written as it goes (memory holds one day of points, not the whole history), in one
/// transaction, so a reader sees the old history or the new, never half.
/// </summary>
public sealed class ScoreHistoryRebuild(FusionDatabase db, MentionMaintenance mentions, EntityStore entities, ScoreOptions options, TimeProvider clock)
{
    private const int WriteEvery = 5_000;

    public async Task<(long Mentions, long Points)> RunAsync(IProgress<long>? progress = null, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var current = TimeBuckets.HourOf(now);
        var replay = new HistoryReplay(await entities.PairsAsync(ct), options);
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(conn, ct);
        await HistoryStore.DeletePastAsync(conn, tx, now, ct);

        var hourly = new List<HistoryPoint>();
        var lastOfDay = new Dictionary<long, HistoryPoint>(); // the day in progress: each pair's latest point
        DateTimeOffset? day = null;
        long count = 0, written = 0;

        async Task TakeAsync(IReadOnlyList<HistoryPoint> points, bool final)
        {
            foreach (var p in points)
            {
                var pDay = TimeBuckets.DayOf(p.Hour);
                if (day is { } d && pDay > d) await FlushDayAsync();
                day = pDay;
                hourly.Add(p);
                lastOfDay[p.PairId] = p;
            }
            if (hourly.Count >= WriteEvery || final) await FlushHoursAsync();
            // The day under way is the follow-up cycle's: only a finished day gets its row.
            if (final && day is { } last && last < TimeBuckets.DayOf(now)) await FlushDayAsync();
        }

        async Task FlushHoursAsync()
        {
            await HistoryStore.InsertPastAsync(conn, tx, hourly, [], ct);
            written += hourly.Count;
            hourly.Clear();
        }

        async Task FlushDayAsync()
        {
            await FlushHoursAsync();
            await HistoryStore.InsertPastAsync(conn, tx, [], lastOfDay.Values, ct);
            lastOfDay.Clear();
        }

        await foreach (var e in mentions.EvidenceAsync(ct))
        {
            if (e.CreatedAt >= current) break; // the hour under way is live ingestion's
            await TakeAsync(replay.Add(e), final: false);
            if (++count % 10_000 == 0) progress?.Report(count);
        }
        await TakeAsync(replay.Finish(current), final: true);
        await HistoryStore.RefreshLatestAsync(conn, tx, ct); // each pair's last score, from the history as it now stands
        progress?.Report(count);
        await tx.CommitAsync(ct);
        return (count, written);
    }
}
