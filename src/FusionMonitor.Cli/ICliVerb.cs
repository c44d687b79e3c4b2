namespace FusionMonitor.Cli;

/// <summary>The streams a verb reads and writes, so tests can run verbs in-process.</summary>
public sealed record CliConsole(TextReader In, TextWriter Out, TextWriter Error)
{
    public static CliConsole System => new(Console.In, Console.Out, Console.Error);
}

/// <summary>One command-line verb. Output meant for scripts goes to <see cref="CliConsole.Out"/>; progress to Error.</summary>
public interface ICliVerb
{
    string Name { get; }

    /// <summary>One line: the options, as shown in help.</summary>
    string Usage { get; }

    string Summary { get; }

    /// <summary>Runs the verb; returns the process exit code. Throws <see cref="CliUsageException"/> or
    /// <see cref="CliFailureException"/> for expected errors.</summary>
    Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken ct);
}
