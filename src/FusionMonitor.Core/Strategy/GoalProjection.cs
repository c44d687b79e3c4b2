namespace FusionMonitor.Core.Strategy;

public enum GoalStatus { OnTrack, AtRisk, Met, Missed }

/// <summary>A goal status as the API, the history and the dashboard name it.</summary>
public static class GoalStatuses
{
    public static string Name(GoalStatus s) => s switch
    {
        GoalStatus.OnTrack => "onTrack",
        GoalStatus.AtRisk => "atRisk",
        GoalStatus.Met => "met",
        _ => "missed",
    };
}

/// <summary>An intermediate goal: the score wanted by <see cref="At"/>.</summary>
public sealed record Milestone(DateTimeOffset At, double Target);

/// <summary>A score (0–100) at a moment: one point of the history a goal's trend reads.</summary>
public readonly record struct ScoreSample(DateTimeOffset At, double Score);

/// <summary>A milestone as judged now: past ones met or missed by the score recorded at their time, coming ones by the projection.</summary>
public sealed record MilestoneState(DateTimeOffset At, double Target, GoalStatus Status, double? Projected, double? Reached);

/// <summary>A goal as judged at <see cref="At"/>.</summary>
/// <param name="SlopePerDay">The trend, points a day (Theil–Sen over the recent history); 0 when the history cannot say.</param>
/// <param name="Projected">The score the trend gives at the goal's date (clamped to 0–100); null once the date has passed.</param>
/// <param name="Eta">When the trend reaches the target: the judging time when it is met already, null when the trend never gets there (flat or falling).</param>
public sealed record GoalAssessment(DateTimeOffset At, double Now, GoalStatus Status, double SlopePerDay, double? Projected, DateTimeOffset? Eta,
    IReadOnlyList<MilestoneState> Milestones);

/// <summary>
/// "Now vs Tomorrow" (seeds/004): a target score by a date, judged from the score now and its recent trend. Pure.
/// <list type="bullet">
/// <item><b>met</b> when the score now is at least the target (a goal already met stays met while it holds);</item>
/// <item><b>missed</b> when the date has passed unmet;</item>
/// <item><b>atRisk</b> when the trend's projection at the date, or at the next coming milestone, falls short of it,
/// or a past milestone was missed;</item>
/// <item><b>onTrack</b> otherwise.</item>
/// </list>
/// The trend is the Theil–Sen slope (the median of the slopes between every two points, robust to one odd hour)
/// over the samples of the last <see cref="TrendWindow"/> and the score now; it needs samples spanning at least
/// <see cref="MinTrendSpan"/>, else it is 0 (no trend yet: the projection is the score now). The projection is linear,
/// clamped to 0–100.
/// </summary>
public static class GoalProjection
{
    /// <summary>How far back the trend looks.</summary>
    public static readonly TimeSpan TrendWindow = TimeSpan.FromDays(14);

    /// <summary>The least time the samples must span before a slope is read from them.</summary>
    public static readonly TimeSpan MinTrendSpan = TimeSpan.FromHours(24);

    /// <summary>At most this many samples are used (the newest), so the pairwise slopes stay a few tens of thousands.</summary>
    public const int MaxSamples = 400;

    public static GoalAssessment Assess(double now, DateTimeOffset at, double target, DateTimeOffset by, IReadOnlyList<Milestone> milestones,
        IReadOnlyList<ScoreSample> history)
    {
        var recent = history.Where(s => s.At >= at - TrendWindow && s.At < at).OrderBy(s => s.At).ToList();
        if (recent.Count > MaxSamples) recent = recent.Skip(recent.Count - MaxSamples).ToList();
        recent.Add(new ScoreSample(at, now));
        var slope = Slope(recent);

        var states = milestones.OrderBy(m => m.At).Select(m => Judge(m, now, at, slope, history)).ToList();
        double? projected = by > at ? Project(now, slope, by - at) : null;
        GoalStatus status;
        if (now >= target) status = GoalStatus.Met;
        else if (by <= at) status = GoalStatus.Missed;
        else
        {
            var nextMilestone = states.FirstOrDefault(s => s.At > at);
            var behind = projected < target
                         || nextMilestone is { Projected: { } p } && p < nextMilestone.Target
                         || states.Any(s => s.Status == GoalStatus.Missed);
            status = behind ? GoalStatus.AtRisk : GoalStatus.OnTrack;
        }
        return new GoalAssessment(at, now, status, slope, projected, Eta(now, at, target, slope), states);
    }

    /// <summary>When a score moving <paramref name="slopePerDay"/> from <paramref name="now"/> reaches the target; now when it is there already, null when it never gets there.</summary>
    public static DateTimeOffset? Eta(double now, DateTimeOffset at, double target, double slopePerDay)
    {
        if (now >= target) return at;
        if (slopePerDay <= 1e-9 || target > 100) return null;
        var days = (target - now) / slopePerDay;
        return days > 365 * 100 ? null : at + TimeSpan.FromDays(days);
    }

    /// <summary>
    /// The checkpoint whose projection falls short, which the goal's <c>atRisk</c> alert is about: the next coming
    /// milestone, or the goal itself (its target by its date) once no milestone is left; null when the projection
    /// reaches it, the goal is met, or its date has passed. One alert per checkpoint: the caller remembers the last
    /// one it alerted.
    /// </summary>
    public static Milestone? MissedCheckpoint(GoalAssessment a, double target, DateTimeOffset by)
    {
        if (a.Status is GoalStatus.Met or GoalStatus.Missed) return null;
        var next = a.Milestones.FirstOrDefault(m => m.At > a.At);
        if (next is not null) return next.Status == GoalStatus.AtRisk ? new Milestone(next.At, next.Target) : null;
        return a.Projected is { } q && q < target ? new Milestone(by, target) : null;
    }

    /// <summary>The linear projection, clamped to 0–100.</summary>
    public static double Project(double now, double slopePerDay, TimeSpan ahead) => Math.Clamp(now + slopePerDay * ahead.TotalDays, 0, 100);

    /// <summary>
    /// Theil–Sen: the median of (sⱼ − sᵢ)/(tⱼ − tᵢ) over every two samples at different times, in points a day; 0 when
    /// the samples span less than <see cref="MinTrendSpan"/>.
    /// </summary>
    public static double Slope(IReadOnlyList<ScoreSample> samples)
    {
        if (samples.Count < 2) return 0;
        var first = samples.Min(s => s.At);
        var last = samples.Max(s => s.At);
        if (last - first < MinTrendSpan) return 0;
        var slopes = new List<double>(samples.Count * (samples.Count - 1) / 2);
        for (var i = 0; i < samples.Count; i++)
        for (var j = i + 1; j < samples.Count; j++)
        {
            var dt = (samples[j].At - samples[i].At).TotalDays;
            if (Math.Abs(dt) < 1e-9) continue;
            slopes.Add((samples[j].Score - samples[i].Score) / dt);
        }
        if (slopes.Count == 0) return 0;
        slopes.Sort();
        var n = slopes.Count;
        return n % 2 == 1 ? slopes[n / 2] : (slopes[n / 2 - 1] + slopes[n / 2]) / 2;
    }

    private static MilestoneState Judge(Milestone m, double now, DateTimeOffset at, double slope, IReadOnlyList<ScoreSample> history)
    {
        if (m.At > at)
        {
            var p = Project(now, slope, m.At - at);
            return new MilestoneState(m.At, m.Target, now >= m.Target ? GoalStatus.Met : p >= m.Target ? GoalStatus.OnTrack : GoalStatus.AtRisk, p, null);
        }
        // Past: the last score recorded at or before the milestone's time (neutral before any).
        var reached = history.Where(s => s.At <= m.At).OrderBy(s => s.At).Select(s => (double?)s.Score).LastOrDefault() ?? 50;
        return new MilestoneState(m.At, m.Target, reached >= m.Target ? GoalStatus.Met : GoalStatus.Missed, null, reached);
    }
}
