using FusionMonitor.Core.Scoring;
using FusionMonitor.Ingestion.Alerts;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Ingestion.Scoring;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Storage.Scores;

namespace FusionMonitor.Ingestion.Tests.Pipeline;

/// <summary>
/// A past ingested all at once (the demo's backfill, an import of old posts) gets the history it would have had:
/// <see cref="ScoreHistoryRebuild"/> replays the stored mentions and writes each pair's hourly and daily scores,
/// leaving the hour under way to the follow-up cycle.
/// </summary>
public abstract class HistoryRebuildTests : PipelineTestBase
{
    [Fact]
    public async Task APastIngestedAtOnce_GetsAnHourlyHistoryThatFollowsItsMentions_AndTheHourUnderWayIsLeftAlone()
    {
        var entities = Get<EntityStore>();
        var brand = await entities.AddBrandAsync("Lumen Knits");
        var pair = await entities.AddPairAsync(brand.Id, (await entities.AddInfluencerAsync("Nova Reyes")).Id);
        Get<EntityCatalog>().Invalidate();
        // Three days ago praise, two days ago anger, then quiet: ingested now, in one batch. Thirty people each time (short
        // texts carry no near-duplicate keys; one text pasted by thirty accounts would count as one voice).
        var praise = Enumerable.Range(0, 30).Select(i => Mention($"p{i}", "Nova Reyes, Lumen Knits: great", T0.AddDays(-3).AddMinutes(i), $"fan{i}", 5_000));
        var anger = Enumerable.Range(0, 30).Select(i => Mention($"a{i}", "Nova Reyes, Lumen Knits: awful", T0.AddDays(-2).AddMinutes(i), $"critic{i}", 5_000));
        await IngestAsync([.. praise, .. anger]);
        await Get<AlertMonitor>().EvaluateAsync(); // the follow-up cycle records the hour under way, as live
        var history = Get<HistoryStore>();
        var before = await history.HourlyAsync(pair.Id, T0.AddDays(-4), T0.AddHours(1));
        Assert.Single(before); // without the rebuild: one point, this hour's, a step from neutral to now

        var (mentions, points) = await Get<ScoreHistoryRebuild>().RunAsync();

        Assert.Equal(60, mentions);
        var after = await history.HourlyAsync(pair.Id, T0.AddDays(-4), T0.AddHours(1));
        Assert.Equal(points + 1, after.Count);
        var praised = after.Single(p => p.Hour == TimeBuckets.HourOf(T0.AddDays(-3)));
        var angered = after.Single(p => p.Hour == TimeBuckets.HourOf(T0.AddDays(-2)));
        Assert.True(praised.Score > FusionScore.NeutralScore + 5, $"after the praise: {praised.Score}");
        Assert.True(angered.Score < praised.Score - 5, $"after the anger: {angered.Score} (praise {praised.Score})");
        // The point of an hour is the score the mentions up to its end give, as the engine computes it.
        var book = ScoreBook.Rebuild((await Get<Storage.Mentions.MentionMaintenance>().EvidenceAsync().ToListAsync()).Where(e => e.CreatedAt < praised.Hour.AddHours(1)), Get<ScoreOptions>());
        Assert.Equal(book.ScoreOf(pair.BrandId, pair.InfluencerId, praised.Hour.AddHours(1)).Score, praised.Score, 6);
        // This hour's point is the follow-up cycle's, untouched; the days before have their daily rows.
        Assert.Equal(before.Single().Score, after[^1].Score, 9);
        var daily = await history.SeriesAsync(pair.Id, T0.AddDays(-4), T0, "day");
        Assert.True(daily.Count >= 2, $"{daily.Count} daily points");

        // Idempotent: a second rebuild writes the same history.
        await Get<ScoreHistoryRebuild>().RunAsync();
        Assert.Equal(after.Select(p => (p.Hour, Math.Round(p.Score, 9))), (await history.HourlyAsync(pair.Id, T0.AddDays(-4), T0.AddHours(1))).Select(p => (p.Hour, Math.Round(p.Score, 9))));
    }
}

public sealed class HistoryRebuildTestsOnPostgres : HistoryRebuildTests { protected override DatabaseKind Kind => DatabaseKind.Postgres; }
public sealed class HistoryRebuildTestsOnSqlite : HistoryRebuildTests { protected override DatabaseKind Kind => DatabaseKind.Sqlite; }
