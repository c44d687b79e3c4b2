namespace FusionMonitor.Core.Strategy;

/// <summary>
/// When an aspect slips (issue 21): it matters more to the brand's customers than it did and the brand does worse on
/// it — the worst way to move on the importance–performance grid, toward "concentrate here". Thresholds:
/// </summary>
/// <param name="MinMentions">Mentions naming the aspect needed in each period: fewer say nothing (10).</param>
/// <param name="ImportanceRise">How much importance (0…1) must have risen (0.1).</param>
/// <param name="PerformanceFall">How much performance (−1…1) must have fallen (0.2: a tenth of the scale).</param>
public sealed record AspectTrendRules(int MinMentions = 10, double ImportanceRise = 0.1, double PerformanceFall = 0.2);

/// <summary>An aspect that slipped from one period to the next.</summary>
public sealed record SlippingAspect(string Aspect, AspectStanding Before, AspectStanding Now)
{
    /// <summary>How far performance fell (positive).</summary>
    public double Fall => Before.Performance - Now.Performance;
}

/// <summary>The rule behind the <c>aspectSlipping</c> alert. Pure.</summary>
public static class AspectTrends
{
    /// <summary>The aspects whose importance rose and whose performance fell by the rules' margins, both periods holding enough mentions; worst fall first.</summary>
    public static IReadOnlyList<SlippingAspect> Slipping(IReadOnlyList<AspectStanding> before, IReadOnlyList<AspectStanding> now, AspectTrendRules rules)
    {
        var then = before.ToDictionary(a => a.Aspect, StringComparer.Ordinal);
        return now.Where(a => a.Mentions >= rules.MinMentions && then.TryGetValue(a.Aspect, out var b) && b.Mentions >= rules.MinMentions
                              && a.Importance - b.Importance >= rules.ImportanceRise && b.Performance - a.Performance >= rules.PerformanceFall)
            .Select(a => new SlippingAspect(a.Aspect, then[a.Aspect], a))
            .OrderByDescending(s => s.Fall).ThenBy(s => s.Aspect, StringComparer.Ordinal).ToList();
    }
}
