namespace FusionMonitor.Web.Tests.Infrastructure;

/// <summary>
/// The real app on the embedded default: SQLite in a fresh temporary file and Hangfire in memory, for the tests that
/// must hold on both databases. (The PostgreSQL database the base fixture creates is left unused.)
/// </summary>
public sealed class SqliteFusionApp : FusionApp
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"fusion-web-{Guid.NewGuid():N}.db");

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["ConnectionStrings:Postgres"] = "",
        ["Storage:SqlitePath"] = _path,
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
            if (File.Exists(file)) File.Delete(file);
    }
}
