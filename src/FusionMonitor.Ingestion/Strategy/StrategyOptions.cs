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

    /// <summary>Every problem at once, as sentences (empty when the settings are good).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!(SuggestWeight > 0) || double.IsInfinity(SuggestWeight))
            problems.Add($"Strategy:SuggestWeight must be a positive number (the evidence at which a voice is suggested), got {SuggestWeight}.");
        if (GoalCheckEvery < TimeSpan.FromSeconds(1) || GoalCheckEvery > TimeSpan.FromDays(1))
            problems.Add($"Strategy:GoalCheckEvery must be from 1 second to 1 day, got {GoalCheckEvery}.");
        return problems;
    }
}
