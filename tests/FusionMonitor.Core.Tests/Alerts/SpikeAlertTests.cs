using FusionMonitor.Core.Alerts;
using static FusionMonitor.Core.Tests.Alerts.AlertStream;

namespace FusionMonitor.Core.Tests.Alerts;

public sealed class SpikeAlertTests
{
    private static readonly TimeSpan Cycle = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ACalmWeekOfOrdinaryNoise_RaisesNoAlert(int seed)
    {
        var stream = new AlertStream().Noise(Start, Start.AddDays(15), seed);
        // A week of history first, then a week evaluated every five minutes.
        stream.EvaluateEvery(TimeSpan.FromMinutes(5), Start.AddDays(8), Start.AddDays(15));
        Assert.Empty(stream.Events);
    }

    [Fact]
    public void AnInjectedSpike_IsCaughtWithinOneEvaluationCycle()
    {
        var spikeAt = Start.AddDays(9).AddHours(14);
        var stream = new AlertStream().Noise(Start, spikeAt, 1);
        stream.EvaluateEvery(TimeSpan.FromMinutes(5), Start.AddDays(8), spikeAt);
        Assert.Empty(stream.Events);

        // Twelve angry posts in twenty minutes; the data is in once the last bucket has started.
        stream.Spike(spikeAt, 12, 3.0, TimeSpan.FromMinutes(20));
        var lastBucketStart = stream.Buckets.Max(b => b.Start);
        var events = stream.Evaluate(lastBucketStart + Cycle);

        var opened = Assert.Single(events);
        Assert.Equal(AlertEventKind.Opened, opened.Kind);
        Assert.Equal(AlertKind.NegativeSpike, opened.AlertKind);
        Assert.Equal(Brand, opened.BrandId);
        Assert.Equal("brand:7", opened.GroupKey);
        Assert.StartsWith("Negative spike for brand 7: 1", opened.Summary);
    }

    [Fact]
    public void AFiringSpike_IsOneIncident_AndResolvesItselfWhenTheVolumeIsBackToNormal()
    {
        var spikeAt = Start.AddDays(9).AddHours(14);
        var stream = new AlertStream().Noise(Start, Start.AddDays(11), 2).Spike(spikeAt, 12, 3.0, TimeSpan.FromMinutes(20));
        stream.EvaluateEvery(Cycle, spikeAt, spikeAt.AddHours(3));

        // While the burst builds the incident may be updated (it grows), but it stays one incident.
        Assert.Equal([AlertEventKind.Opened, AlertEventKind.Resolved], stream.Events.Select(e => e.Kind).Where(k => k != AlertEventKind.Updated));
        Assert.Single(stream.Events.Select(e => e.IncidentId).Distinct());
        var resolved = stream.Events[^1];
        Assert.Equal(stream.Events[0].IncidentId, resolved.IncidentId);
        Assert.Equal(AlertStatus.Resolved, resolved.Status);
        // The spike leaves the one-hour window about an hour after it started, then holds 15 minutes.
        Assert.InRange(resolved.At - spikeAt, TimeSpan.FromMinutes(75), TimeSpan.FromMinutes(95));
    }

    [Fact]
    public void ARecurrenceWithinTheCooldown_ReopensTheSameIncident_AndOneAfterItOpensANewOne()
    {
        var first = Start.AddDays(9).AddHours(10);
        var second = first.AddMinutes(100);  // resolved at ≈ +80 min, so within the hour of cooldown
        var third = first.AddHours(8);
        var stream = new AlertStream().Noise(Start, Start.AddDays(11), 3)
            .Spike(first, 12, 3.0, TimeSpan.FromMinutes(20))
            .Spike(second, 40, 3.0, TimeSpan.FromMinutes(20))
            .Spike(third, 40, 3.0, TimeSpan.FromMinutes(20));
        stream.EvaluateEvery(TimeSpan.FromMinutes(1), first, third.AddHours(3));

        var notUpdates = stream.Events.Where(e => e.Kind != AlertEventKind.Updated).ToList();
        var kinds = notUpdates.Select(e => e.Kind).ToList();
        Assert.Equal(
            [AlertEventKind.Opened, AlertEventKind.Resolved, AlertEventKind.Reopened, AlertEventKind.Resolved, AlertEventKind.Opened, AlertEventKind.Resolved],
            kinds);
        Assert.Equal(notUpdates[0].IncidentId, notUpdates[2].IncidentId);
        Assert.NotEqual(notUpdates[0].IncidentId, notUpdates[4].IncidentId);
    }

    [Fact]
    public void TheSameSpikeAtTheSameHourYesterday_DoesNotConfirm()
    {
        // A nightly batch of complaints (e.g. a daily outage report) is this scope's normal, not an incident.
        var today = Start.AddDays(9).AddHours(14);
        var stream = new AlertStream().Noise(Start, today, 4)
            .Spike(today.AddDays(-1), 12, 3.0, TimeSpan.FromMinutes(20))
            .Spike(today, 12, 3.0, TimeSpan.FromMinutes(20));
        stream.EvaluateEvery(Cycle, today, today.AddMinutes(30));
        Assert.Empty(stream.Events);
    }

    [Fact]
    public void APerBrandOverride_RaisesTheMinimumVolume()
    {
        var spikeAt = Start.AddDays(9).AddHours(14);
        var options = AlertOptions.Default with
        {
            PerBrand = new Dictionary<long, AlertRules> { [Brand] = AlertRules.Default with { MinNegativeVolume = 100 } },
        };
        var stream = new AlertStream().Noise(Start, spikeAt, 5).Spike(spikeAt, 12, 3.0, TimeSpan.FromMinutes(20));
        stream.EvaluateEvery(Cycle, spikeAt, spikeAt.AddMinutes(30), options);
        Assert.Empty(stream.Events);
    }

    [Fact]
    public void SpikeWindow_SumsRecentBucketsByStartTime_AndTheBaselineByWholeHours()
    {
        var now = Start.AddDays(4).AddMinutes(20);
        VolumeBucket[] recent = [new(now.AddMinutes(-5), 2, 1), new(now.AddMinutes(-60), 3, 2), new(now.AddMinutes(-65), 4, 1), new(now, 50, 5)];
        // Hourly baseline: 4 in every hour but one of 10, so the median is 4 and the MAD 0, whatever the outlier.
        var hourly = Enumerable.Range(0, 96).Select(h => new VolumeBucket(Start.AddHours(h), h == 50 ? 100 : 4, 1)).ToList();
        var w = VolumeWindow.From(recent, hourly, now, AlertRules.Default, Start);
        Assert.Equal(5, w.Recent);
        Assert.Equal(3, w.RecentMentions);
        Assert.Equal(4, w.Level);
        Assert.Equal(0, w.Spread);
        Assert.Equal(4, w.Seasonal);
        Assert.Equal(0, w.SameWindowYesterday); // from the five-minute buckets, of which there are none a day back
        Assert.Null(w.SameWindowLastWeek);
        Assert.False(w.Learning(AlertRules.Default));
    }

    [Fact]
    public void AFreshBrand_IsLearning_AndOrdinaryComplaintsRaiseNoSpike()
    {
        // The false alarms of a fresh install: complaints in the first hours measured against a baseline of nothing.
        var stream = new AlertStream().Noise(Start, Start.AddDays(2), 7).Spike(Start.AddHours(5), 30, 3.0, TimeSpan.FromMinutes(30));
        stream.EvaluateEvery(TimeSpan.FromMinutes(5), Start.AddMinutes(5), Start.AddDays(2));
        Assert.Empty(stream.Events);
        var w = stream.Window(Start.AddHours(6), AlertRules.Default);
        Assert.True(w.Learning(AlertRules.Default));
        Assert.False(w.Learning(AlertRules.Default with { ObservationSpan = TimeSpan.FromHours(1) }));
    }

    [Fact]
    public void ALearningPair_BorrowsItsBrandsBaseline()
    {
        var brand = new VolumeWindow(0, 0, 6, 1, 6, 6, 6, TimeSpan.FromDays(20));
        var pair = new VolumeWindow(40, 12, 0, 0, null, null, null, TimeSpan.FromHours(2));
        Assert.False(AlertSignals.Spike(Brand, 3, pair, AlertRules.Default).Active);
        var borrowed = pair.Borrowing(brand);
        Assert.Equal((40.0, 12, 6.0), (borrowed.Recent, borrowed.RecentMentions, borrowed.Level));
        Assert.True(AlertSignals.Spike(Brand, 3, borrowed, AlertRules.Default).Active);
    }

    [Fact]
    public void ARobustBaseline_IsNotRaisedByOneEarlierBurst()
    {
        // A burst two days ago would lift a mean baseline; the median does not move.
        var spikeAt = Start.AddDays(9).AddHours(14);
        var stream = new AlertStream().Noise(Start, spikeAt, 8).Spike(spikeAt.AddDays(-2).AddHours(3), 200, 3.0, TimeSpan.FromMinutes(40));
        stream.Spike(spikeAt, 12, 3.0, TimeSpan.FromMinutes(20));
        var opened = stream.Evaluate(stream.Buckets.Max(b => b.Start) + Cycle);
        Assert.Equal(AlertKind.NegativeSpike, Assert.Single(opened).AlertKind);
    }

    [Theory]
    [InlineData(Sensitivity.Low, 30, false)]
    [InlineData(Sensitivity.Medium, 30, true)]
    [InlineData(Sensitivity.Medium, 20, false)]
    [InlineData(Sensitivity.High, 20, true)]
    public void SensitivityPresets_MoveTheThresholds(Sensitivity sensitivity, double recent, bool fires)
    {
        var w = new VolumeWindow(recent, 8, 2, 1, 2, 2, 2, TimeSpan.FromDays(10));
        Assert.Equal(fires, AlertSignals.Spike(Brand, null, w, AlertRules.Preset(sensitivity)).Active);
    }

    [Fact]
    public void ASpikeAgainstTheFloor_SaysItInWords_NotAsARatioToTheFloor()
    {
        // An hour that usually has no complaints at all: the usual is only the floor (1), and "84× the usual 1" means nothing.
        var none = AlertSignals.Spike(Brand, null, new VolumeWindow(84.2, 22, 0, 0, 0, null, null, TimeSpan.FromDays(10)), AlertRules.Default, subject: "Lumen Knits");
        Assert.True(none.Active);
        Assert.Equal("Negative spike for Lumen Knits: 22 negative mentions in the last hour, where an hour usually has none", none.Summary);
        Assert.Equal(new SpikeFigures(22, 84.2, 1, 0, true, 1), none.Evidence.Spike);
        // Some, but under the floor.
        var few = AlertSignals.Spike(Brand, null, new VolumeWindow(84.2, 22, 0.4, 0.2, 0.3, null, null, TimeSpan.FromDays(10)), AlertRules.Default, subject: "Lumen Knits");
        Assert.EndsWith("22 negative mentions in the last hour, where an hour usually has hardly any", few.Summary);
        // A real usual keeps its ratio.
        var usual = AlertSignals.Spike(Brand, null, new VolumeWindow(48, 14, 5, 1, 5, null, null, TimeSpan.FromDays(10)), AlertRules.Default, subject: "Lumen Knits");
        Assert.Equal("Negative spike for Lumen Knits: 14 negative mentions in the last hour, volume 48, 9.6× the usual 5", usual.Summary);
        Assert.False(usual.Evidence.Spike!.Floored);
    }

    [Fact]
    public void APositiveSpike_IsItsOwnKind_AndCanBeSwitchedOff()
    {
        var w = new VolumeWindow(40, 12, 2, 1, 2, 2, 2, TimeSpan.FromDays(10));
        var s = AlertSignals.Spike(Brand, null, w, AlertRules.Default, direction: SpikeDirection.Positive, subject: "Lumen Knits");
        Assert.True(s.Active);
        Assert.Equal(AlertKind.PositiveSpike, s.Kind);
        Assert.Equal("PositiveSpike:brand:7", s.Key);
        Assert.StartsWith("Positive spike for Lumen Knits: 12 positive mentions", s.Summary);
        Assert.False(AlertSignals.Spike(Brand, null, w, AlertRules.Default with { PositiveSpikeEnabled = false }, direction: SpikeDirection.Positive).Active);
        Assert.Equal(AlertSeverity.Medium, AlertSeverities.Of(AlertKind.PositiveSpike, s.Value));
    }

    [Fact]
    public void ADrop_SaysTheScoreBeforeAndAfter()
    {
        var s = AlertSignals.Drop(Brand, 3, 34, 78, AlertRules.Default, subject: "Nova Reyes × The Gilded Salmon");
        Assert.True(s.Active);
        Assert.Equal((78.0, 34.0), (s.ScoreBefore!.Value, s.ScoreAfter!.Value));
        Assert.Equal("Nova Reyes × The Gilded Salmon: score fell 44.0 points within 24 h (78.0 → 34.0)", s.Summary);
        Assert.Equal(AlertSeverity.Critical, AlertSeverities.Of(AlertKind.ScoreDrop, s.Value));
        Assert.False(AlertSignals.Drop(Brand, 3, 70, 78, AlertRules.Default).Active);
        Assert.True(AlertSignals.Drop(Brand, 3, 70, 78, AlertRules.Preset(Sensitivity.High)).Active);
    }
}
