using FusionMonitor.Storage;

namespace FusionMonitor.Storage.Tests;

public abstract class MigrationTests : StoreTestBase
{
    [Fact]
    public async Task Migrate_Twice_SecondRunAppliesNothing()
    {
        var runner = new MigrationRunner(Db);
        var again = await runner.MigrateAsync();
        Assert.Empty(again);
        var applied = await runner.AppliedAsync();
        Assert.Equal(MigrationRunner.Shipped(Kind).Select(m => m.Version), applied);
    }

    [Fact]
    public void Shipped_BothDialects_HaveTheSameVersions() =>
        Assert.Equal(MigrationRunner.Shipped(DatabaseKind.Postgres).Select(m => m.Version), MigrationRunner.Shipped(DatabaseKind.Sqlite).Select(m => m.Version));
}
