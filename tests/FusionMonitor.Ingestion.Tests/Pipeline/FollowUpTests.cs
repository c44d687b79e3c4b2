using FusionMonitor.Core.Alerts;
using FusionMonitor.Core.Entities;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Ingestion.Alerts;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Ingestion.Scoring;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Storage.Scores;

namespace FusionMonitor.Ingestion.Tests.Pipeline;

/// <summary>
/// What follows a commit, through the app's services: the ingest transaction writes only the scopes its mentions touch;
/// the follow-up cycle re-reads the pairs those changes move (history, spill-over pushes) and evaluates only what can
/// have changed, plus the incident streams whose timers fall due.
/// </summary>
public abstract class FollowUpTests : PipelineTestBase
{
    [Fact]
    public async Task TheIngestTransaction_WritesTheScopesItsMentionsTouch_AndNothingForTheBrandsOtherPairs()
    {
        var entities = Get<EntityStore>();
        var brand = await entities.AddBrandAsync("Lumen Knits");
        var pairs = new List<Pair>();
        for (var i = 0; i < 40; i++) pairs.Add(await entities.AddPairAsync(brand.Id, (await entities.AddInfluencerAsync($"Person {i:00}")).Id));
        Get<EntityCatalog>().Invalidate();

        await IngestAsync(Mention("m1", "Person 07 looked great in Lumen Knits", T0.AddMinutes(-5)));

        Assert.Equal([$"brand:{brand.Id}", $"influencer:{pairs[7].InfluencerId}", $"pair:{brand.Id}:{pairs[7].InfluencerId}"], await ChangedScopesAsync());
        var history = await Get<HistoryStore>().HourlyAsync(pairs.Select(p => p.Id).ToList(), T0.AddHours(-1), T0.AddHours(1));
        Assert.All(history.Values, Assert.Empty);
        // Every pair of the brand reads the new brand accumulator at once.
        var views = await Get<PairReadModel>().ViewsAsync(pairs, maxDrivers: 0);
        Assert.All(views.Where(v => v.Pair.Id != pairs[7].Id), v => Assert.True(v.Score.Score > FusionScore.NeutralScore, $"{v.Score.Score}"));
    }

    [Fact]
    public async Task ABrandsChange_ReachesItsPairsOnceItCouldMoveThemEnough_AndSmallMovesAddUpUntilItDoes()
    {
        var (a, b) = await TwoPairsOfOneBrandAsync();
        var events = new List<LiveEvent>();
        using var _ = Get<LiveNotifier>().Subscribe(events.Add);
        var monitor = Get<AlertMonitor>();

        // Many angry mentions of the brand alone: both pairs drop, though neither was named.
        await IngestAsync(Enumerable.Range(0, 200).Select(i => Mention($"b{i}", $"Brightcart was awful again #{i}", T0.AddMinutes(-50 + i * 0.2), $"angry{i}", 40_000)).ToArray());
        Assert.Empty(events.OfType<ScoreUpdated>()); // no pair was co-mentioned: nothing to push from the transaction
        var first = await monitor.EvaluateAsync();
        Assert.Equal([a.Id, b.Id], first.Scores.OfType<ScoreUpdated>().Select(e => e.PairId).Order());
        Assert.All(first.Scores.OfType<ScoreUpdated>(), e => Assert.True(e.Delta < -1, $"{e.Delta}"));
        var recorded = await Get<HistoryStore>().ScoresAtAsync([a.Id, b.Id], T0);
        Assert.Equal(2, recorded.Count);

        // One more small mention: its bound is below SpillOverPoints, so the pairs are not re-read, recorded or pushed…
        Clock.Now = T0.AddMinutes(1);
        await IngestAsync(Mention("small0", "Brightcart was rude", T0, "nobody0", 10));
        var quiet = await monitor.EvaluateAsync();
        Assert.Equal(1, quiet.Changes);
        Assert.Equal(0, quiet.PairsRead);
        Assert.Empty(quiet.Scores);
        // …until the small moves add up.
        var reachedAfter = 0;
        for (var i = 1; i <= 30 && reachedAfter == 0; i++)
        {
            await IngestAsync(Mention($"small{i}", "Brightcart was rude", T0, $"nobody{i}", 10));
            if ((await monitor.EvaluateAsync()).PairsRead == 2) reachedAfter = i;
        }
        Assert.InRange(reachedAfter, 2, 30);
    }

    [Fact]
    public async Task AThresholdAlert_FiresWhenItsForHasPassed_ResolvesAndCoolsDown_ByItsTimersAlone()
    {
        var (a, _) = await TwoPairsOfOneBrandAsync();
        var monitor = Get<AlertMonitor>();
        var rules = AlertRules.Default;
        var key = AlertSignal.KeyFor(AlertKind.ScoreBelow, a.BrandId, a.Id);

        await IngestAsync(Enumerable.Range(0, 30).Select(i => Mention($"n{i}", $"Ada Lane awful, Brightcart rude", T0.AddMinutes(-30 + i), $"critic{i}", 1_000_000)).ToArray());
        var first = await monitor.EvaluateAsync();
        Assert.DoesNotContain(first.Alerts, x => x.Event.Key == key); // pending: the threshold must hold for ThresholdFor
        Assert.Single(await DueAsync(T0 + rules.ThresholdFor), s => s.Key == key);

        // Nothing new arrives; only the timer brings the stream back.
        Clock.Now = T0 + rules.ThresholdFor;
        var opened = Assert.Single((await monitor.EvaluateAsync()).Alerts, x => x.Event.Key == key);
        Assert.Equal(AlertEventKind.Opened, opened.Event.Kind);

        // Praise lifts the score above the threshold; it resolves once it has been normal for ResolveAfter.
        Clock.Now += TimeSpan.FromMinutes(1);
        await IngestAsync(Enumerable.Range(0, 40).Select(i => Mention($"p{i}", $"Ada Lane great, love Brightcart", Clock.Now.AddMinutes(-1), $"fan{i}", 1_000_000)).ToArray());
        Assert.DoesNotContain((await monitor.EvaluateAsync()).Alerts, x => x.Event.Key == key);
        Clock.Now += rules.ResolveAfter;
        var resolved = Assert.Single((await monitor.EvaluateAsync()).Alerts, x => x.Event.Key == key);
        Assert.Equal(AlertEventKind.Resolved, resolved.Event.Kind);

        // After the cooldown the stream is inactive again, and inactive streams are not kept.
        Clock.Now += rules.Cooldown;
        await monitor.EvaluateAsync();
        Assert.DoesNotContain(await DueAsync(Clock.Now.AddYears(1)), s => s.Key == key);
    }

    private async Task<(Pair A, Pair B)> TwoPairsOfOneBrandAsync()
    {
        var entities = Get<EntityStore>();
        var brand = await entities.AddBrandAsync("Brightcart");
        var a = await entities.AddPairAsync(brand.Id, (await entities.AddInfluencerAsync("Ada Lane")).Id);
        var b = await entities.AddPairAsync(brand.Id, (await entities.AddInfluencerAsync("Bo Kim")).Id);
        Get<EntityCatalog>().Invalidate();
        return (a, b);
    }

    private async Task<List<string>> ChangedScopesAsync()
    {
        var db = Get<FusionDatabase>();
        await using var conn = await db.OpenAsync();
        await using var tx = await db.BeginWriteAsync(conn);
        var page = await Get<ScopeChanges>().ReadAsync(conn, tx, ScopeChanges.FollowUp, 1_000, default);
        return page.Changes.Select(c => c.Key.ToString()).Order().ToList();
    }

    private async Task<IReadOnlyList<AlertState>> DueAsync(DateTimeOffset by)
    {
        var db = Get<FusionDatabase>();
        await using var conn = await db.OpenAsync();
        await using var tx = await db.BeginWriteAsync(conn);
        return await Storage.Alerts.AlertStore.DueAsync(conn, tx, by, 100, default);
    }
}
