using FusionMonitor.Ingestion.Scoring;
using FusionMonitor.Ingestion.Strategy;

namespace FusionMonitor.Cli.Verbs;

/// <summary>Rebuilds every Fusion Score from stored history (after a formula or setting change), with the app's <c>Scoring:*</c>,
/// and the pairs' hourly and daily history before the current hour with it, and the voices and aspects rollups.</summary>
public sealed class RecomputeVerb : ICliVerb
{
    public string Name => "recompute";

    public string Usage => "[--postgres <cs> | --sqlite <path>] [--no-history] [--Scoring:Name=value ...]";

    public string Summary => "rebuilds every Fusion Score, and the score history, from the stored mentions";

    public async Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken ct)
    {
        // The history pass costs a score per pair per hour a mention reached it: on a store with brands of very many
        // pairs it can take far longer than the recompute itself, so it can be left out.
        var history = !args.Flag("no-history");
        await using var services = await CliServices.OpenMigratedAsync(args, console, ct);
        var (mentions, scopes) = await services.Get<ScoreRecompute>().RunAsync(
            new Progress<long>(n => console.Error.WriteLine($"  {n:N0} mentions folded in")), ct);
        await console.Out.WriteLineAsync($"scores rebuilt from {mentions:N0} mention(s) into {scopes:N0} scope(s)");
        if (history) await RebuildHistoryAsync(services.Get<ScoreHistoryRebuild>(), console, ct);
        await RebuildStrategyAsync(services.Get<StrategyRollupRebuild>(), console, ct);
        return 0;
    }

    /// <summary>The strategy reads' rollups (voices and aspects) are rebuilt from the same mentions, so they read the same readings.</summary>
    internal static async Task RebuildStrategyAsync(StrategyRollupRebuild rebuild, CliConsole console, CancellationToken ct)
    {
        await console.Error.WriteLineAsync("rebuilding the voices and aspects rollups…");
        var mentions = await rebuild.RunAsync(progress: null, ct: ct);
        await console.Out.WriteLineAsync($"voices and aspects rebuilt from {mentions:N0} brand mention(s)");
    }

    /// <summary>The history is rebuilt with the scores, so charts and changes read the same formula as the scores.</summary>
    internal static async Task RebuildHistoryAsync(ScoreHistoryRebuild rebuild, CliConsole console, CancellationToken ct)
    {
        await console.Error.WriteLineAsync("rebuilding the score history (hourly and daily, before this hour)…");
        var (mentions, points) = await rebuild.RunAsync(new Progress<long>(n => console.Error.WriteLine($"  {n:N0} mentions replayed")), ct);
        await console.Out.WriteLineAsync($"history rebuilt: {points:N0} hourly point(s) from {mentions:N0} mention(s)");
    }
}
