using FusionMonitor.Core.Alerts;

namespace FusionMonitor.Core.Tests.Alerts;

/// <summary>"What changed since it opened", worded from what the store says at read time.</summary>
public sealed class AlertChangeTests
{
    private static readonly DateTimeOffset Opened = new(2026, 12, 2, 1, 10, 0, TimeSpan.Zero);

    [Fact]
    public void A_spike_still_rising_says_the_score_the_new_mentions_and_the_last_two_quarter_hours()
    {
        var c = AlertChanges.Of(AlertKind.NegativeSpike, new AlertChangeFacts(61.5, 44.25, 47, Opened, 14, 6, 2));
        Assert.Equal("rising", c.Trend);
        Assert.True(c.StillMoving);
        Assert.Equal("negative", c.Direction);
        Assert.Equal("Since it opened: score 61.5 when it opened → 44.3 now (−17.3); 14 negative mentions since Dec 2, 01:10 UTC; "
            + "still rising (6 in the last 15 minutes, 2 in the 15 before).", c.Text);
    }

    [Theory]
    [InlineData(3, 3, "steady", true)]
    [InlineData(1, 5, "easing", false)]
    [InlineData(0, 0, "quiet", false)]
    public void A_spike_compares_its_newest_quarter_hour_with_the_one_before(long latest, long before, string trend, bool moving)
    {
        var c = AlertChanges.Of(AlertKind.PositiveSpike, new AlertChangeFacts(null, null, null, Opened, 9, latest, before));
        Assert.Equal((trend, moving), (c.Trend, c.StillMoving));
        Assert.Contains("9 positive mentions since", c.Text);
        Assert.DoesNotContain("score", c.Text);
    }

    [Fact]
    public void A_spike_with_nothing_since_it_opened_is_quiet_even_when_the_wave_before_it_was_rising()
    {
        // The wave that opened it fills the newest quarter hour; nothing came after the bucket it opened in.
        var c = AlertChanges.Of(AlertKind.NegativeSpike, new AlertChangeFacts(null, null, null, Opened, 0, 31, 0));
        Assert.Equal(("quiet", false), (c.Trend, c.StillMoving));
        Assert.Equal("Since it opened: no negative mentions since Dec 2, 01:10 UTC.", c.Text);
    }

    [Theory]
    [InlineData(40.0, 42.0, "falling", true, "still falling (−2.0 in the last 15 minutes)")]
    [InlineData(44.0, 42.0, "recovering", false, "recovering (+2.0 in the last 15 minutes)")]
    [InlineData(42.05, 42.0, "holding", false, "holding for the last 15 minutes")]
    public void A_score_alert_reads_its_trend_from_the_score(double now, double ago, string trend, bool moving, string words)
    {
        var c = AlertChanges.Of(AlertKind.ScoreDrop, new AlertChangeFacts(55, now, ago, Opened, 1, 0, 1));
        Assert.Equal((trend, moving), (c.Trend, c.StillMoving));
        Assert.Contains(words, c.Text);
        Assert.Contains("1 negative mention since", c.Text);
    }

    [Fact]
    public void A_score_alert_younger_than_a_quarter_hour_reads_its_trend_since_it_opened()
    {
        var c = AlertChanges.Of(AlertKind.ScoreBelow, new AlertChangeFacts(30, 27.5, null, Opened, 4, 4, 0));
        Assert.Equal("falling", c.Trend);
        Assert.Contains("still falling (−2.5 since it opened)", c.Text);
    }

    [Fact]
    public void The_card_carries_the_change_only_when_it_was_read()
    {
        var f = new AlertFacts(7, AlertKind.ScoreDrop, AlertStatus.Open, 3, 12, "Chez Marlin", "Roxy Vale", Opened, null, 12, 60, 48, "s", AlertEvidence.None);
        Assert.Null(AlertCards.Build(f, Opened).Change);
        var card = AlertCards.Build(f with { Change = new AlertChangeFacts(50, 45, 47, Opened, 0, 0, 0) }, Opened.AddMinutes(30));
        Assert.Equal("falling", card.Change!.Trend);
        Assert.StartsWith("Since it opened: score 50.0 when it opened → 45.0 now (−5.0); no negative mentions since", card.Change.Text);
    }

    [Fact]
    public void A_spike_card_says_the_live_score_when_it_was_read_and_was_once_resolved()
    {
        // A spike stores the score from when it opened or last grew (79.1); read later, the pair stands at 77.7.
        var f = new AlertFacts(8, AlertKind.NegativeSpike, AlertStatus.Open, 3, 12, "Chez Marlin", "Roxy Vale", Opened, null, 11.5, null, 79.1, "s", AlertEvidence.None);
        Assert.Equal("Score now 79.1", AlertCards.Build(f, Opened).Figures[0]);
        var read = AlertCards.Build(f with { Change = new AlertChangeFacts(77.9, 77.7, 77.8, Opened, 5, 11, 0) }, Opened.AddMinutes(2));
        Assert.Equal("Score now 77.7", read.Figures[0]);
        Assert.Contains("score 77.9 when it opened → 77.7 now", read.Change!.Text);
        var over = AlertCards.Build(f with { Status = AlertStatus.Resolved, ResolvedAt = Opened.AddHours(2) }, Opened.AddDays(1));
        Assert.Equal("Score was 79.1", over.Figures[0]);
    }
}
