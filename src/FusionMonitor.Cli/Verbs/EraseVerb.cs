using FusionMonitor.Ingestion.Scoring;
using FusionMonitor.Storage.Mentions;

namespace FusionMonitor.Cli.Verbs;

/// <summary>
/// Erases one author's data (a GDPR request) as <c>POST /api/erasures</c> does (<see cref="AuthorErasure"/>): their
/// mentions and what is keyed by them, the scores rebuilt without them, their traces in alert evidence and quarantine.
/// </summary>
public sealed class EraseVerb : ICliVerb
{
    public string Name => "erase";

    public string Usage => "--author <platform:handle> [--postgres <cs> | --sqlite <path>]";

    public string Summary => "erases one author's mentions and their traces, and rebuilds the scores they moved (GDPR)";

    public async Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken ct)
    {
        var text = args.Optional("author") ?? throw new CliUsageException("--author <platform:handle> is required, e.g. --author bluesky:nova.bsky.social");
        var author = AuthorRef.Parse(text)
            ?? throw new CliUsageException($"--author must be platform:handle (the platform is the part of the mentions' source before ':'), not '{text}'");
        await using var services = await CliServices.OpenMigratedAsync(args, console, ct);
        await console.Error.WriteLineAsync($"erasing {author}…");
        var outcome = await services.Get<AuthorErasure>().EraseAsync(author, ct);
        await console.Out.WriteLineAsync(
            $"erased {outcome.Mentions:N0} mention(s) of {author}; {outcome.Scopes:N0} score scope(s) rebuilt, {outcome.Moved.Count:N0} pair score(s) moved, " +
            $"{outcome.Alerts:N0} alert(s) and {outcome.Quarantined:N0} quarantined item(s) cleaned");
        return 0;
    }
}
