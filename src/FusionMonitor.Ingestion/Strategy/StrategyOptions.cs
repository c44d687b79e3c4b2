namespace FusionMonitor.Ingestion.Strategy;

/// <summary>The strategy layer's settings (section <c>Strategy</c>).</summary>
public sealed class StrategyOptions
{
    public const string Section = "Strategy";

    /// <summary>
    /// The evidence (a voice's <c>weight</c>, see docs/fusion-score.md "Voices") at which an author not yet paired with
    /// the brand is suggested for tracking on the brand page and marked <c>suggested</c> by the voices API. The default,
    /// 10, is about four strong posts from an account with ten thousand followers, or three from a million-follower
    /// account; one casual post from a small account weighs about 1–3.
    /// </summary>
    public double SuggestWeight { get; set; } = 10;

    /// <summary>How often the goal check judges every goal, records status changes and raises <c>goalAtRisk</c> (docs/fusion-score.md, "Goals").</summary>
    public TimeSpan GoalCheckEvery { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the aspect check compares each brand's last 30 days with the 30 before and raises <c>aspectSlipping</c>.</summary>
    public TimeSpan AspectCheckEvery { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Mentions naming an aspect needed in each period before its slip is alerted.</summary>
    public int AspectMinMentions { get; set; } = 10;

    /// <summary>How much an aspect's importance (0…1) must have risen.</summary>
    public double AspectImportanceRise { get; set; } = 0.1;

    /// <summary>How much its performance (−1…1) must have fallen.</summary>
    public double AspectPerformanceFall { get; set; } = 0.2;

    public FusionMonitor.Core.Strategy.AspectTrendRules AspectTrend() => new(AspectMinMentions, AspectImportanceRise, AspectPerformanceFall);

    /// <summary>Every problem at once, as sentences (empty when the settings are good).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!(SuggestWeight > 0) || double.IsInfinity(SuggestWeight))
            problems.Add($"Strategy:SuggestWeight must be a positive number (the evidence at which a voice is suggested), got {SuggestWeight}.");
        if (GoalCheckEvery < TimeSpan.FromSeconds(1) || GoalCheckEvery > TimeSpan.FromDays(1))
            problems.Add($"Strategy:GoalCheckEvery must be from 1 second to 1 day, got {GoalCheckEvery}.");
        if (AspectCheckEvery < TimeSpan.FromSeconds(1) || AspectCheckEvery > TimeSpan.FromDays(7))
            problems.Add($"Strategy:AspectCheckEvery must be from 1 second to 7 days, got {AspectCheckEvery}.");
        if (AspectMinMentions < 1) problems.Add($"Strategy:AspectMinMentions must be at least 1, got {AspectMinMentions}.");
        if (!(AspectImportanceRise is > 0 and <= 1)) problems.Add($"Strategy:AspectImportanceRise must be above 0 and at most 1, got {AspectImportanceRise}.");
        if (!(AspectPerformanceFall is > 0 and <= 2)) problems.Add($"Strategy:AspectPerformanceFall must be above 0 and at most 2, got {AspectPerformanceFall}.");
        return problems;
    }
}
