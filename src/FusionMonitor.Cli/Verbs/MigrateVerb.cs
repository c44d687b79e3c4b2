namespace FusionMonitor.Cli.Verbs;

public sealed class MigrateVerb : ICliVerb
{
    public string Name => "migrate";

    public string Usage => "[--postgres <connection string> | --sqlite <path>] [--Section:Key=value ...]";

    public string Summary => "applies the schema migrations to the configured database";

    public async Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken ct)
    {
        await using var services = await CliServices.OpenMigratedAsync(args, console, ct);
        var applied = services.Applied;
        await console.Out.WriteLineAsync(applied.Count == 0
            ? $"{services.Db.Describe()} is up to date ({(await services.Get<Storage.MigrationRunner>().AppliedAsync(ct)).Count} migrations)"
            : $"applied to {services.Db.Describe()}: {string.Join(", ", applied)}");
        return 0;
    }
}
