using FusionMonitor.Core.Alerts;
using FusionMonitor.Core.Entities;
using FusionMonitor.Ingestion.Alerts;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Ingestion.Scoring;
using FusionMonitor.Storage.Alerts;
using FusionMonitor.Storage.Entities;
using FusionMonitor.TestSupport;

namespace FusionMonitor.Ingestion.Tests.Pipeline;

/// <summary>The alert rules end to end on a real store: learning, drops on the true score path, positive spikes.</summary>
public abstract class AlertRuleTests : PipelineTestBase
{
    [Fact]
    public async Task AFreshBrand_IsStillLearning_SoABurstOfComplaintsRaisesNoSpike_WhileTheSameBurstAfterACalmPastDoes()
    {
        var (fresh, freshName, _) = await PairAsync("Fresh Goods", "Ana Lima", "ana");
        var (known, knownName, _) = await PairAsync("Known Goods", "Bo Tran", "bo");
        await CalmPastAsync(knownName);
        await Get<AlertMonitor>().EvaluateAsync();

        foreach (var name in new[] { freshName, knownName })
            await IngestAsync(Enumerable.Range(0, 12).Select(i => Mention($"{name}-c{i}", $"{name} was awful today, order {i} late again",
                T0.AddMinutes(-20 + i), $"buyer{i}", 5_000)).ToArray());
        var alerts = (await Get<AlertMonitor>().EvaluateAsync()).Alerts.Select(a => a.Event).ToList();

        Assert.DoesNotContain(alerts, e => e.BrandId == fresh.BrandId && e.AlertKind == AlertKind.NegativeSpike);
        var spike = Assert.Single(alerts, e => e.BrandId == known.BrandId && e is { AlertKind: AlertKind.NegativeSpike, PairId: null });
        Assert.StartsWith($"Negative spike for {knownName}: 12 negative mentions", spike.Summary);
    }

    [Fact]
    public async Task AFallWithinMinutes_InsideOneClockHour_RaisesAScoreDrop_ThatSaysTheScoreBeforeAndAfter()
    {
        var (pair, brand, person) = await PairAsync("Lumen Knits", "Nova Reyes", "nova");
        await CalmPastAsync(brand, person);
        await IngestAsync(Enumerable.Range(0, 25).Select(i => Mention($"up{i}", $"{person} loves {brand}!", T0.AddMinutes(-1), $"fan{i}", 50_000)).ToArray());
        Clock.Now = T0;
        await Get<AlertMonitor>().EvaluateAsync();
        var peak = (await Get<PairReadModel>().FindAsync(pair.Id, _ => true))!.Score.Score;

        // Two minutes later, in the same hour and the same five minutes: a wave of anger from sixty people saying
        // different things (not one pasted text, which would count as one voice).
        Clock.Now = T0.AddMinutes(2);
        await IngestAsync(Enumerable.Range(0, 60).Select(i => Mention($"down{i}", $"{person} at {brand} was awful and rude: {DistinctComplaints.All[i % 30]}", T0.AddMinutes(1.5), $"angry{i}", 50_000)).ToArray());
        var now = (await Get<PairReadModel>().FindAsync(pair.Id, _ => true))!.Score.Score;
        Assert.True(peak - now >= 10, $"the wave moves the pair at least 10 points: {peak} → {now}");

        var drop = Assert.Single((await Get<AlertMonitor>().EvaluateAsync()).Alerts, a => a.Event.AlertKind == AlertKind.ScoreDrop).Event;
        Assert.Equal(pair.Id, drop.PairId);
        Assert.Equal(peak, drop.ScoreBefore!.Value, 6);
        Assert.Equal(now, drop.ScoreAfter!.Value, 6);
        Assert.StartsWith($"{person} × {brand}: score fell", drop.Summary);

        var stored = Assert.Single(await Get<AlertStore>().ListAsync("open", null), a => a.Kind == "scoreDrop");
        Assert.Equal((peak, now), (stored.ScoreBefore!.Value, stored.ScoreAfter!.Value));
        Assert.Equal((brand, person), (stored.BrandName, stored.InfluencerName));
        Assert.NotEqual(AlertSeverity.Low, AlertSeverities.Of(AlertKind.ScoreDrop, stored.Value));
    }

    [Fact]
    public async Task ABurstOfPraise_OpensAPositiveSpike_WithThePraiseAsEvidence()
    {
        var (pair, brand, _) = await PairAsync("Arcwave", "Priya Shah", "priya");
        await CalmPastAsync(brand);
        await Get<AlertMonitor>().EvaluateAsync();
        await IngestAsync(Enumerable.Range(0, 20).Select(i => Mention($"p{i}", $"{brand} headphones are great, love the sound {i}", T0.AddMinutes(-15 + i * 0.5), $"listener{i}", 20_000)).ToArray());

        var alerts = (await Get<AlertMonitor>().EvaluateAsync()).Alerts.Select(a => a.Event).ToList();
        var positive = Assert.Single(alerts, e => e is { AlertKind: AlertKind.PositiveSpike, PairId: null });
        Assert.Equal(pair.BrandId, positive.BrandId);
        Assert.DoesNotContain(alerts, e => e.AlertKind == AlertKind.NegativeSpike);
        Assert.NotEmpty(positive.Evidence.TopMentions);
        Assert.All(positive.Evidence.TopMentions, m => Assert.True(m.Polarity > 0));
        Assert.All(positive.Evidence.TopMentions, m => Assert.Contains("love the sound", m.Text));
        Assert.Equal("positiveSpike", Assert.Single(await Get<AlertStore>().ListAsync("open", null)).Kind);
    }

    private async Task<(Pair Pair, string Brand, string Person)> PairAsync(string brandName, string person, string handle)
    {
        var entities = Get<EntityStore>();
        var brand = await entities.AddBrandAsync(brandName);
        var influencer = await entities.AddInfluencerAsync(person, new Dictionary<string, string> { ["bluesky"] = handle });
        var pair = await entities.AddPairAsync(brand.Id, influencer.Id);
        Get<EntityCatalog>().Invalidate();
        return (pair, brand.Name, influencer.Name);
    }
}
