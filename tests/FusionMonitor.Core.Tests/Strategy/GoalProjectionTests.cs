using CsCheck;
using FusionMonitor.Core.Strategy;

namespace FusionMonitor.Core.Tests.Strategy;

public sealed class GoalProjectionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private static List<ScoreSample> Line(double start, double perDay, int days) =>
        Enumerable.Range(0, days).Select(d => new ScoreSample(Now.AddDays(-days + d), start + perDay * d)).ToList();

    [Fact]
    public void Met_when_the_score_reaches_the_target_whatever_the_trend()
    {
        var a = GoalProjection.Assess(72, Now, 70, Now.AddDays(10), [], Line(90, -2, 10));
        Assert.Equal(GoalStatus.Met, a.Status);
        Assert.Equal(Now, a.Eta);
    }

    [Fact]
    public void Missed_when_the_date_passed_unmet()
    {
        var a = GoalProjection.Assess(60, Now, 70, Now.AddDays(-1), [], Line(50, 1, 10));
        Assert.Equal(GoalStatus.Missed, a.Status);
        Assert.Null(a.Projected);
    }

    [Fact]
    public void On_track_when_the_trend_gets_there_in_time_with_the_eta_where_the_line_crosses()
    {
        var history = Line(50, 1, 10); // 50 … 59 over ten days, now 60
        var a = GoalProjection.Assess(60, Now, 70, Now.AddDays(20), [], history);
        Assert.Equal(GoalStatus.OnTrack, a.Status);
        Assert.Equal(1, a.SlopePerDay, 6);
        Assert.Equal(Now.AddDays(10), a.Eta!.Value, TimeSpan.FromMinutes(1));
        Assert.Equal(80, a.Projected!.Value, 6);
    }

    [Fact]
    public void At_risk_when_the_projection_falls_short_or_the_trend_falls()
    {
        Assert.Equal(GoalStatus.AtRisk, GoalProjection.Assess(60, Now, 70, Now.AddDays(5), [], Line(50, 1, 10)).Status);  // 65 by then
        var falling = GoalProjection.Assess(60, Now, 70, Now.AddDays(60), [], Line(70, -1, 10));
        Assert.Equal(GoalStatus.AtRisk, falling.Status);
        Assert.Null(falling.Eta); // never, on this trend
    }

    [Fact]
    public void No_trend_from_history_spanning_less_than_a_day_so_the_projection_is_the_score_now()
    {
        var hours = Enumerable.Range(0, 6).Select(h => new ScoreSample(Now.AddHours(-6 + h), 40 + h)).ToList();
        var a = GoalProjection.Assess(46, Now, 60, Now.AddDays(30), [], hours);
        Assert.Equal(0, a.SlopePerDay);
        Assert.Equal(46, a.Projected);
        Assert.Equal(GoalStatus.AtRisk, a.Status);
    }

    [Fact]
    public void The_next_milestone_out_of_reach_puts_the_goal_at_risk_and_a_past_one_is_judged_by_its_recorded_score()
    {
        var history = Line(50, 0.5, 10); // 50 … 54.5, now 55: +0.5 a day
        var soon = new Milestone(Now.AddDays(2), 58);  // projected 56
        var late = new Milestone(Now.AddDays(40), 70); // projected 75
        var a = GoalProjection.Assess(55, Now, 70, Now.AddDays(40), [late, soon], history);
        Assert.Equal(GoalStatus.AtRisk, a.Status);
        Assert.Equal([soon.At, late.At], a.Milestones.Select(m => m.At)); // in date order
        Assert.Equal(GoalStatus.AtRisk, a.Milestones[0].Status);
        Assert.Equal(GoalStatus.OnTrack, a.Milestones[1].Status);
        Assert.Equal(GoalStatus.OnTrack, GoalProjection.Assess(55, Now, 70, Now.AddDays(40), [late], history).Status);

        var past = new Milestone(Now.AddDays(-3).AddHours(1), 60); // the score then was 53.5
        var judged = GoalProjection.Assess(55, Now, 70, Now.AddDays(40), [past, late], history);
        Assert.Equal(GoalStatus.Missed, judged.Milestones[0].Status);
        Assert.Equal(53.5, judged.Milestones[0].Reached!.Value, 6);
        Assert.Equal(GoalStatus.AtRisk, judged.Status);
    }

    [Fact]
    public void Theil_Sen_ignores_an_odd_hour()
    {
        var history = Line(50, 1, 12);
        history[5] = history[5] with { Score = 5 }; // one wild reading
        Assert.Equal(1, GoalProjection.Slope([.. history, new ScoreSample(Now, 62)]), 6);
    }

    [Fact]
    public void Slope_of_points_on_a_line_is_the_line_s_slope_and_the_projection_stays_within_0_and_100()
    {
        Gen.Select(Gen.Double[-20, 20], Gen.Double[0, 100], Gen.Int[3, 40]).Sample((perDay, start, n) =>
        {
            var points = Enumerable.Range(0, n).Select(i => new ScoreSample(Now.AddHours(-i * 13), start + perDay * -i * 13 / 24.0)).ToList();
            Assert.Equal(perDay, GoalProjection.Slope(points), 1e-9); // a tolerance: rounding to 6 places flips at …5 boundaries
            Assert.InRange(GoalProjection.Project(start, perDay, TimeSpan.FromDays(30)), 0, 100);
        });
    }

    [Fact]
    public void The_missed_checkpoint_is_the_next_milestone_the_projection_falls_short_of()
    {
        var near = new Milestone(Now.AddDays(5), 65);
        var far = new Milestone(Now.AddDays(20), 60);
        var a = GoalProjection.Assess(50, Now, 70, Now.AddDays(30), [near, far], []);
        Assert.Equal(near, GoalProjection.MissedCheckpoint(a, 70, Now.AddDays(30)));
    }

    [Fact]
    public void No_checkpoint_is_missed_when_the_trend_reaches_the_next_milestone_even_if_the_goal_is_at_risk()
    {
        var history = Line(50, 1, 10); // rising a point a day, now 60: 65 in five days, but not 95 by the date
        var a = GoalProjection.Assess(60, Now, 95, Now.AddDays(20), [new Milestone(Now.AddDays(5), 64)], history);
        Assert.Equal(GoalStatus.AtRisk, a.Status);
        Assert.Null(GoalProjection.MissedCheckpoint(a, 95, Now.AddDays(20)));
    }

    [Fact]
    public void With_no_milestone_left_the_checkpoint_is_the_goal_itself()
    {
        var by = Now.AddDays(10);
        var a = GoalProjection.Assess(55, Now, 70, by, [new Milestone(Now.AddDays(-2), 52)], Line(55, 0, 10));
        Assert.Equal(new Milestone(by, 70), GoalProjection.MissedCheckpoint(a, 70, by));
    }

    [Fact]
    public void A_met_or_missed_goal_has_no_checkpoint_to_alert()
    {
        Assert.Null(GoalProjection.MissedCheckpoint(GoalProjection.Assess(72, Now, 70, Now.AddDays(10), [new Milestone(Now.AddDays(5), 80)], []), 70, Now.AddDays(10)));
        Assert.Null(GoalProjection.MissedCheckpoint(GoalProjection.Assess(60, Now, 70, Now.AddDays(-1), [], []), 70, Now.AddDays(-1)));
    }

    [Fact]
    public void A_checkpoint_is_missed_exactly_when_its_projection_is_short_of_its_target() =>
        Gen.Select(Gen.Double[0, 100], Gen.Double[-3, 3], Gen.Double[0, 100], Gen.Int[1, 60]).Sample((now, slope, target, days) =>
        {
            var history = Line(now - slope * 10, slope, 10);
            var by = Now.AddDays(days);
            var a = GoalProjection.Assess(now, Now, target, by, [], history);
            var missed = GoalProjection.MissedCheckpoint(a, target, by);
            if (a.Status is GoalStatus.Met) Assert.Null(missed);
            else Assert.Equal(a.Projected < target, missed is not null);
        });
}
