using FusionMonitor.Core.Alerts;

namespace FusionMonitor.Core.Tests.Alerts;

/// <summary>The severity rule: size, then one step for wide (or almost no) reach and one for speed, within low…critical.</summary>
public sealed class AlertSeverityTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(AlertKind.NegativeSpike, 5.0, null, null, AlertSeverity.Medium)]            // size alone
    [InlineData(AlertKind.NegativeSpike, 5.0, 250_000L, null, AlertSeverity.High)]          // wide reach: one up
    [InlineData(AlertKind.NegativeSpike, 5.0, 400L, null, AlertSeverity.Low)]               // almost nobody saw it: one down
    [InlineData(AlertKind.NegativeSpike, 5.0, 5_000L, 2.5, AlertSeverity.High)]             // rising fast: one up
    [InlineData(AlertKind.NegativeSpike, 5.0, 250_000L, 3.0, AlertSeverity.Critical)]       // both
    [InlineData(AlertKind.NegativeSpike, 12.0, 250_000L, 3.0, AlertSeverity.Critical)]      // never past critical
    [InlineData(AlertKind.NegativeSpike, 3.0, 400L, 1.0, AlertSeverity.Low)]                // never below low
    [InlineData(AlertKind.NegativeSpike, 5.0, 5_000L, 1.9, AlertSeverity.Medium)]           // steady: no step
    [InlineData(AlertKind.PositiveSpike, 5.0, 250_000L, 3.0, AlertSeverity.Medium)]         // good news: medium at most
    [InlineData(AlertKind.ScoreDrop, 12.0, null, 2.0, AlertSeverity.Medium)]                // 12 points in 6 minutes
    [InlineData(AlertKind.ScoreDrop, 12.0, null, 0.01, AlertSeverity.Low)]                  // 12 points over 20 hours
    [InlineData(AlertKind.ScoreDrop, 22.0, 150_000L, 0.6, AlertSeverity.Critical)]
    [InlineData(AlertKind.ScoreBelow, 6.0, 150_000L, 9.0, AlertSeverity.High)]             // a threshold has no speed
    public void Size_reach_and_speed_make_the_level(AlertKind kind, double size, long? reach, double? speed, AlertSeverity expected) =>
        Assert.Equal(expected, AlertSeverities.Of(kind, size, reach, speed));

    [Fact]
    public void More_of_any_input_never_lowers_the_level()
    {
        var random = new Random(20);
        foreach (var kind in Enum.GetValues<AlertKind>())
            for (var i = 0; i < 2_000; i++)
            {
                var size = random.NextDouble() * 40;
                long? reach = random.Next(4) == 0 ? null : (long)Math.Pow(10, random.NextDouble() * 7);
                double? speed = random.Next(4) == 0 ? null : random.NextDouble() * 4;
                var level = AlertSeverities.Of(kind, size, reach, speed);
                Assert.True(AlertSeverities.Of(kind, size + random.NextDouble() * 10, reach, speed) >= level);
                if (reach is { } r) Assert.True(AlertSeverities.Of(kind, size, r + (long)(random.NextDouble() * 1_000_000), speed) >= level);
                if (speed is { } s) Assert.True(AlertSeverities.Of(kind, size, reach, s + random.NextDouble() * 4) >= level);
                Assert.InRange(Math.Abs((int)level - (int)AlertSeverities.OfSize(kind, size)), 0, 2);
            }
    }

    [Fact]
    public void Reach_is_the_posts_followers_and_a_partly_unknown_reach_never_lowers()
    {
        EvidenceMention Post(long id, long? followers) => new(id, $"a{id}", -0.8, 1, Followers: followers);
        Assert.Null(AlertSeverities.Reach(AlertEvidence.None));
        Assert.Null(AlertSeverities.Reach(new AlertEvidence([Post(1, null)], [], [])));
        Assert.Equal(300, AlertSeverities.Reach(new AlertEvidence([Post(1, 100), Post(2, 200)], [], [])));
        Assert.Equal(AlertSeverities.NarrowReach, AlertSeverities.Reach(new AlertEvidence([Post(1, 100), Post(2, null)], [], [])));
        Assert.Equal(120_000, AlertSeverities.Reach(new AlertEvidence([Post(1, 120_000), Post(2, null)], [], [])));
    }

    [Fact]
    public void A_spike_knows_how_fast_it_rose_from_its_newest_quarter_hour()
    {
        // Twelve five-minute buckets in the hour: the last three hold 30 of 40 — three quarters in a quarter of the time.
        var buckets = Enumerable.Range(0, 12).Select(i => new VolumeBucket(Now.AddMinutes(-60 + 5 * i), i >= 9 ? 10 : 10.0 / 9, i >= 9 ? 2 : 1)).ToList();
        var w = VolumeWindow.From(buckets, [], Now, AlertRules.Default, Now.AddDays(-30));
        Assert.Equal(40, w.Recent, 1e-9);
        Assert.Equal(30, w.Latest, 1e-9);
        var s = AlertSignals.Spike(7, null, w, AlertRules.Default);
        Assert.Equal(3.0, s.Speed!.Value, 1e-9);

        // The same hour spread evenly rose at the window's own pace.
        var even = VolumeWindow.From(Enumerable.Range(0, 12).Select(i => new VolumeBucket(Now.AddMinutes(-60 + 5 * i), 40.0 / 12, 1)), [], Now, AlertRules.Default, Now.AddDays(-30));
        Assert.Equal(1.0, AlertSignals.Spike(7, null, even, AlertRules.Default).Speed!.Value, 1e-9);
        Assert.Null(AlertSignals.Spike(7, null, new VolumeWindow(0, 0, 0, 0, null, null, null, TimeSpan.FromDays(9)), AlertRules.Default).Speed);
    }

    [Fact]
    public void A_drop_knows_its_points_per_minute_since_the_peak()
    {
        Assert.Equal(12.0 / 8, AlertSignals.Drop(7, 3, 60, 72, AlertRules.Default, sincePeak: TimeSpan.FromMinutes(8)).Speed!.Value, 1e-9);
        // The peak is known to its five-minute bucket: a fall within one bucket counts over five minutes, not as infinite.
        Assert.Equal(12.0 / 5, AlertSignals.Drop(7, 3, 60, 72, AlertRules.Default, sincePeak: TimeSpan.FromSeconds(30)).Speed!.Value, 1e-9);
        Assert.Null(AlertSignals.Drop(7, 3, 60, 72, AlertRules.Default).Speed);
    }

    [Fact]
    public void The_lifecycle_carries_the_speed_to_the_stored_alert()
    {
        var signal = AlertSignals.Drop(7, 3, 60, 72, AlertRules.Default, sincePeak: TimeSpan.FromMinutes(6));
        var step = AlertLifecycle.Step(null, signal, Now, AlertRules.Default);
        Assert.Equal(AlertEventKind.Opened, step.Event!.Kind);
        Assert.Equal(2.0, step.Event.Speed!.Value, 1e-9);
        // It grows (x1.5): the update carries the new speed.
        var faster = AlertSignals.Drop(7, 3, 40, 72, AlertRules.Default, sincePeak: TimeSpan.FromMinutes(8));
        var grown = AlertLifecycle.Step(step.State, faster, Now.AddMinutes(2), AlertRules.Default);
        Assert.Equal(AlertEventKind.Updated, grown.Event!.Kind);
        Assert.Equal(4.0, grown.Event.Speed!.Value, 1e-9);
    }

    [Fact]
    public void The_card_reads_the_rule_and_says_why_in_words()
    {
        var posts = new AlertEvidence([new EvidenceMention(1, "ann", -0.8, 1, Followers: 300), new EvidenceMention(2, "bo", -0.7, 1, Followers: 200)], [], []);
        var f = new AlertFacts(1, AlertKind.ScoreDrop, AlertStatus.Open, 3, 12, "Chez Marlin", "Roxy Vale", Now, null, 12, 72, 60, "s", posts, Speed: 2.4);
        var c = AlertCards.Build(f, Now);
        // Size low (12 points), fast (+1), seen by 500 followers in all (−1): low.
        Assert.Equal("low", c.Severity);
        Assert.Contains("The posts behind it reach 500 followers", c.Figures);
        Assert.Contains("Falling fast: 2.4 points a minute", c.Figures);
        var wide = AlertCards.Build(f with { Evidence = new AlertEvidence([new EvidenceMention(1, "ann", -0.8, 1, Followers: 180_000)], [], []) }, Now);
        Assert.Equal("high", wide.Severity);
        Assert.Contains("Rising fast: the last 15 minutes at 3× the spike window's average pace",
            AlertCards.Build(f with { Kind = AlertKind.NegativeSpike, Value = 5, Speed = 3 }, Now).Figures);
    }
}
