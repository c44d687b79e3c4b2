namespace FusionMonitor.Cli;

/// <summary>Dispatches <c>fusion &lt;verb&gt; [options]</c> to a verb. Add a verb by adding it to <see cref="Verbs"/>.</summary>
public static class CliApp
{
    public static IReadOnlyList<ICliVerb> Verbs { get; } =
    [
        new Verbs.TrainVerb(),
        new Verbs.EvaluateVerb(),
        new Verbs.ScoreVerb(),
        new Verbs.ImportVerb(),
        new Verbs.MigrateVerb(),
        new Verbs.RescoreVerb(),
        new Verbs.RecomputeVerb(),
        new Verbs.EraseVerb(),
    ];

    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken ct = default)
    {
        if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
        {
            WriteHelp(console.Out);
            return args.Length == 0 ? 2 : 0;
        }

        var verb = Verbs.FirstOrDefault(v => v.Name == args[0]);
        if (verb is null)
        {
            await console.Error.WriteLineAsync($"error: unknown verb '{args[0]}'.");
            WriteHelp(console.Error);
            return 2;
        }

        try
        {
            return await verb.RunAsync(CliArgs.Parse(args[1..]), console, ct);
        }
        catch (CliUsageException e)
        {
            await console.Error.WriteLineAsync($"error: {e.Message}\nusage: fusion {verb.Name} {verb.Usage}");
            return 2;
        }
        catch (CliFailureException e)
        {
            await console.Error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync("cancelled.");
            return 130;
        }
    }

    private static void WriteHelp(TextWriter w)
    {
        w.WriteLine("usage: fusion <verb> [options]\n\nverbs:");
        foreach (var v in Verbs) w.WriteLine($"  {v.Name,-10} {v.Summary}\n  {"",-10} {v.Name} {v.Usage}");
    }
}
