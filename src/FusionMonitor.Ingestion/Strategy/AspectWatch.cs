using System.Globalization;
using Dapper;
using FusionMonitor.Core.Alerts;
using FusionMonitor.Core.Strategy;
using FusionMonitor.Ingestion.Alerts;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Alerts;
using Microsoft.Extensions.Options;

namespace FusionMonitor.Ingestion.Strategy;

/// <summary>
/// The aspect check (issue 21): for each brand, the importance–performance analysis of the last
/// <see cref="Window"/> against the one before (the brand page's grid and its arrows), and an
/// <see cref="AlertKind.AspectSlipping"/> alert for each aspect whose importance rose while performance fell
/// (<see cref="AspectTrends.Slipping"/>) — at most once per brand, aspect and ISO week (the incident is keyed by the
/// week, and an existing one is left as it is, open or resolved). Cost: two aspect reads per brand per check (each a
/// sum of the brand's hourly aspect rollup over its window); brands with no mention in the last window are skipped by
/// their first read.
/// </summary>
public sealed class AspectWatch(FusionDatabase db, StrategyReadModel strategy, EntityCatalog catalog, IOptionsMonitor<StrategyOptions> options, TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(30);

    public async Task<IReadOnlyList<AlertMonitor.AlertAnnouncement>> CheckAllAsync(CancellationToken ct = default)
    {
        var announced = new List<AlertMonitor.AlertAnnouncement>();
        foreach (var brand in (await catalog.GetAsync(ct)).Brands.Where(b => b.Enabled)) announced.AddRange(await CheckAsync(brand.Id, brand.Name, ct));
        return announced;
    }

    public async Task<IReadOnlyList<AlertMonitor.AlertAnnouncement>> CheckAsync(long brandId, string brandName, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var current = await strategy.AspectsAsync(brandId, now - Window, now, ct);
        if (current.Count == 0) return [];
        var before = await strategy.AspectsAsync(brandId, now - 2 * Window, now - Window, ct);
        var slipping = AspectTrends.Slipping(before, current, options.CurrentValue.AspectTrend());
        if (slipping.Count == 0) return [];

        var week = ISOWeek.GetYear(now.UtcDateTime).ToString(CultureInfo.InvariantCulture) + "W" + ISOWeek.GetWeekOfYear(now.UtcDateTime).ToString("00", CultureInfo.InvariantCulture);
        var announced = new List<AlertMonitor.AlertAnnouncement>();
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(conn, ct);
        foreach (var s in slipping)
        {
            var key = $"AspectSlipping:brand:{brandId}:{s.Aspect}";
            var incident = $"{key}@{week}";
            if (await conn.ExecuteScalarAsync<long>(new CommandDefinition("select count(*) from alerts where incident_id = @incident", new { incident }, tx, cancellationToken: ct)) > 0)
                continue; // raised this week already: left as it is
            var summary = string.Create(CultureInfo.InvariantCulture,
                $"{Capital(s.Aspect)} matters more to {brandName}'s customers (importance {s.Before.Importance:0.00} → {s.Now.Importance:0.00}) while {brandName} does worse on it " +
                $"(performance {s.Before.Performance:+0.00;−0.00;0.00} → {s.Now.Performance:+0.00;−0.00;0.00}, {s.Now.Mentions} mentions), the last {Window.TotalDays:0} days against the {Window.TotalDays:0} before.");
            var e = new AlertEvent(AlertEventKind.Opened, incident, key, $"brand:{brandId}", AlertKind.AspectSlipping, brandId, null, AlertStatus.Open, now, now,
                Math.Round(s.Fall, 3), summary, AlertEvidence.None);
            announced.Add(new AlertMonitor.AlertAnnouncement(e, await AlertStore.ApplyAsync(conn, tx, e, ct)));
        }
        await tx.CommitAsync(ct);
        return announced;
    }

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
