using System.Data.Common;
using FusionMonitor.Core.Alerts;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Storage.Scores;

namespace FusionMonitor.Ingestion.Alerts;

/// <summary>
/// The spike rule's inputs for some scopes, read once per cycle: five-minute volumes for the recent window and the
/// same window a day and a week before, hourly rollups for the week of baseline, and when each scope's history began.
/// </summary>
internal sealed class VolumeInputs(ILookup<VolumeScope, VolumeRow> fiveMinute, ILookup<VolumeScope, RollupRow> hourly,
    IReadOnlyDictionary<VolumeScope, DateTimeOffset> firstHour, DateTimeOffset now)
{
    public static async Task<VolumeInputs> ReadAsync(RollupStore rollups, DbConnection conn, DbTransaction tx, IReadOnlyCollection<VolumeScope> scopes,
        AlertOptions options, DateTimeOffset now, CancellationToken ct)
    {
        var rules = new[] { options.Defaults }.Concat(options.PerBrand.Values).Select(r => r.Tuned()).ToList();
        var window = rules.Max(r => r.SpikeWindow);
        var day = TimeSpan.FromDays(1);
        var week = TimeSpan.FromDays(7);
        var ranges = new List<(DateTimeOffset, DateTimeOffset)>
        {
            (now - window, now),
            (now - window - day, now - day),
            (now - window - week, now - week),
        };
        var (buckets, _) = await rollups.VolumesAsync(conn, tx, scopes, ranges, ct);
        var since = now - window - Max(rules.Max(r => r.BaselineWindow), week) - TimeSpan.FromHours(2);
        var (hours, first) = await rollups.BaselineAsync(conn, tx, scopes, since, ct);
        return new VolumeInputs(buckets, hours, first, now);
    }

    public VolumeWindow Window(VolumeScope scope, SpikeDirection direction, AlertRules rules)
    {
        var negative = direction == SpikeDirection.Negative;
        var five = fiveMinute[scope].Select(r => new VolumeBucket(r.Bucket, negative ? r.NegVolume : r.PosVolume, (int)(negative ? r.NegCount : r.PosCount)));
        var hours = hourly[scope].Select(r => new VolumeBucket(r.Hour, negative ? r.NegVolume : r.PosVolume, (int)(negative ? r.Negative : r.Positive)));
        return VolumeWindow.From(five, hours, now, rules.Tuned(), firstHour.TryGetValue(scope, out var f) ? f : now);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
