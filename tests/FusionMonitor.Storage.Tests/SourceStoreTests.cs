using FusionMonitor.Storage.Sources;

namespace FusionMonitor.Storage.Tests;

public abstract class SourceStoreTests : StoreTestBase
{
    [Fact]
    public async Task ClaimDue_ClaimsOnlyDueEnabledSources_AndNotTwiceWithinTheLease()
    {
        var store = new SourceStore(Db);
        var due = await store.AddAsync("rss", "due", "{}", 300, T0.AddMinutes(-1));
        await store.AddAsync("rss", "later", "{}", 300, T0.AddMinutes(10));

        var first = await store.ClaimDueAsync(T0, TimeSpan.FromMinutes(5), 10);
        var second = await store.ClaimDueAsync(T0.AddMinutes(1), TimeSpan.FromMinutes(5), 10);

        Assert.Equal([due.Id], first);
        Assert.Empty(second);
        Assert.Equal([due.Id], await store.ClaimDueAsync(T0.AddMinutes(6), TimeSpan.FromMinutes(5), 10));
    }

    [Fact]
    public async Task RecordSuccess_MovesCursorAndSchedulesTheNextCheck()
    {
        var store = new SourceStore(Db);
        var s = await store.AddAsync("rss", "feed", "{\"url\":\"https://example.org/feed\"}", 600, T0);
        var run = new SourceRun(s.Id, T0, T0.AddSeconds(2), 10, 7, 3, 0, null);
        await using (var conn = await Db.OpenAsync())
        await using (var tx = await Db.BeginWriteAsync(conn))
        {
            await SourceStore.RecordSuccessAsync(conn, tx, s, "cursor-2", run, default);
            await tx.CommitAsync();
        }
        var after = (await store.GetAsync(s.Id))!;
        Assert.Equal("cursor-2", after.Cursor);
        Assert.Equal(T0.AddSeconds(602), after.NextCheckAt);
        Assert.Equal(0, after.ErrorCount);
        Assert.StartsWith("ok: 10 fetched, 7 new", after.LastOutcome);
        Assert.Equal(run, Assert.Single(await store.RunsAsync(s.Id)));
    }

    [Fact]
    public async Task RecordSuccess_RolledBack_LeavesTheCursorWhereItWas()
    {
        var store = new SourceStore(Db);
        var s = await store.AddAsync("rss", "feed", "{}", 600, T0);
        await using (var conn = await Db.OpenAsync())
        await using (var tx = await Db.BeginWriteAsync(conn))
        {
            await SourceStore.RecordSuccessAsync(conn, tx, s, "cursor-new", new SourceRun(s.Id, T0, T0, 1, 1, 0, 0, null), default);
            await tx.RollbackAsync(); // the batch's transaction failed: nothing it did may stick
        }
        Assert.Null((await store.GetAsync(s.Id))!.Cursor);
    }

    [Fact]
    public async Task RecordFailure_BacksOffExponentiallyAndKeepsTheError()
    {
        var store = new SourceStore(Db);
        var s = await store.AddAsync("rss", "flaky", "{}", 60, T0);
        await store.RecordFailureAsync(s, new SourceRun(s.Id, T0, T0, 0, 0, 0, 0, "HttpRequestException: 503"));
        var once = (await store.GetAsync(s.Id))!;
        await store.RecordFailureAsync(once, new SourceRun(s.Id, T0, T0, 0, 0, 0, 0, "HttpRequestException: 503"));
        var twice = (await store.GetAsync(s.Id))!;

        Assert.Equal(1, once.ErrorCount);
        Assert.Equal(T0.AddSeconds(120), once.NextCheckAt);
        Assert.Equal(2, twice.ErrorCount);
        Assert.Equal(T0.AddSeconds(240), twice.NextCheckAt);
        Assert.Equal("HttpRequestException: 503", twice.LastError);
        Assert.Equal(2, (await store.RunsAsync(s.Id)).Count);
    }
}
