using FusionMonitor.Ingestion.Scoring;

namespace FusionMonitor.Cli.Verbs;

/// <summary>Rebuilds every Fusion Score from stored history (after a formula or setting change), with the app's <c>Scoring:*</c>.</summary>
public sealed class RecomputeVerb : ICliVerb
{
    public string Name => "recompute";

    public string Usage => "[--postgres <cs> | --sqlite <path>] [--Scoring:Name=value ...]";

    public string Summary => "rebuilds every Fusion Score from the stored mentions";

    public async Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken ct)
    {
        await using var services = await CliServices.OpenMigratedAsync(args, console, ct);
        var (mentions, scopes) = await services.Get<ScoreRecompute>().RunAsync(
            new Progress<long>(n => console.Error.WriteLine($"  {n:N0} mentions folded in")), ct);
        await console.Out.WriteLineAsync($"scores rebuilt from {mentions:N0} mention(s) into {scopes:N0} scope(s)");
        return 0;
    }
}
