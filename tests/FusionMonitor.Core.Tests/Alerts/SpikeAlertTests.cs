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
        Assert.StartsWith("Negative spike: 1", opened.Summary);
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
    public void SpikeWindow_SumsBucketsByStartTime_AndLeavesMissingHistoryOut()
    {
        var now = Start.AddHours(20);
        VolumeBucket[] buckets =
        [
            new(now.AddMinutes(-5), 2, 1), new(now.AddMinutes(-60), 3, 2), new(now.AddMinutes(-65), 4, 1),
            new(now.AddHours(-13), 5, 1), new(now.AddHours(-14), 100, 9), new(now, 50, 5),
        ];
        var w = VolumeWindow.From(buckets, now, AlertRules.Default, Start);
        Assert.Equal(new VolumeWindow(5, 3, 9, null, null), w);
    }
}
