using Dapper;
using FusionMonitor.Storage.Sources;

namespace FusionMonitor.Storage.Tests;

public abstract class SourceStoreTests : StoreTestBase
{
    private static readonly TimeSpan Running = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ClaimDue_ClaimsOnlyDueEnabledSources_NotTwiceWhileLeased_AndAnewOnceTheLeaseRanOut()
    {
        var store = new SourceStore(Db);
        var due = await store.AddAsync("rss", "due", "{}", 300, T0.AddMinutes(-1));
        await store.AddAsync("rss", "later", "{}", 300, T0.AddMinutes(10));
        var off = await store.AddAsync("rss", "off", "{}", 300, T0.AddMinutes(-1));
        await DisableAsync(off.Id);

        var first = await store.ClaimDueAsync(T0, TimeSpan.FromMinutes(2), 10);
        var second = await store.ClaimDueAsync(T0.AddMinutes(1), TimeSpan.FromMinutes(2), 10);
        var afterItRanOut = await store.ClaimDueAsync(T0.AddMinutes(3), TimeSpan.FromMinutes(2), 10);

        Assert.Equal([due.Id], first.Select(c => c.SourceId));
        Assert.Empty(second);
        Assert.Equal([due.Id], afterItRanOut.Select(c => c.SourceId));
        Assert.NotEqual(first[0].Claim, afterItRanOut[0].Claim);
    }

    [Fact]
    public async Task StartFetch_RunsOnlyForTheClaimThatHoldsTheSource_AndNeverForADisabledOne()
    {
        var store = new SourceStore(Db);
        var s = await store.AddAsync("rss", "feed", "{}", 600, T0.AddMinutes(-1));
        var claim = Assert.Single(await store.ClaimDueAsync(T0, TimeSpan.FromMinutes(2), 10)).Claim;

        Assert.Equal("another fetch of it is under way", (await store.StartFetchAsync(s.Id, null, T0, Running)).Skipped); // a "fetch now" meanwhile
        Assert.StartsWith("this claim is stale", (await store.StartFetchAsync(s.Id, "someone-else", T0, Running)).Skipped);
        var started = await store.StartFetchAsync(s.Id, claim, T0.AddSeconds(1), Running);
        Assert.Equal(s.Id, started.Source?.Id);
        var leases = new StreamLeaseStore(Db);
        Assert.Equal(claim, await leases.HolderAsync(s.Id, T0.AddSeconds(31))); // held for the running lease...
        Assert.Null(await leases.HolderAsync(s.Id, T0.AddSeconds(32)));
        Assert.True(await store.RenewAsync(s.Id, claim, T0.AddSeconds(11), Running)); // ...which the fetch renews
        Assert.Equal(claim, await leases.HolderAsync(s.Id, T0.AddSeconds(41)));

        // The fetch finished; a copy of the same job handed out long after (Hangfire's invisibility timeout) finds its claim stale.
        await using (var conn = await Db.OpenAsync())
        await using (var tx = await Db.BeginWriteAsync(conn))
        {
            await SourceStore.RecordSuccessAsync(conn, tx, started.Source!, claim, "c1", new SourceRun(s.Id, T0, T0.AddSeconds(2), 1, 1, 0, 0, null), default);
            await tx.CommitAsync();
        }
        Assert.StartsWith("this claim is stale", (await store.StartFetchAsync(s.Id, claim, T0.AddMinutes(30), Running)).Skipped);
        Assert.False(await store.RenewAsync(s.Id, claim, T0.AddMinutes(30), Running));

        await DisableAsync(s.Id);
        Assert.Equal("the source is disabled", (await store.StartFetchAsync(s.Id, null, T0.AddMinutes(31), Running)).Skipped);
        Assert.Equal("the source no longer exists", (await store.StartFetchAsync(s.Id + 1000, null, T0.AddMinutes(31), Running)).Skipped);
    }

    [Fact]
    public async Task AFetchWhoseInstanceDied_IsClaimedAgainOnceItsRunningLeaseRanOut()
    {
        var store = new SourceStore(Db);
        var s = await store.AddAsync("rss", "feed", "{}", 600, T0.AddMinutes(-1));
        var claim = Assert.Single(await store.ClaimDueAsync(T0, TimeSpan.FromMinutes(2), 10)).Claim;
        Assert.NotNull((await store.StartFetchAsync(s.Id, claim, T0, Running)).Source);

        // Its instance dies: no renewal. Within the running lease nobody may claim it, right after it anyone may.
        Assert.Empty(await store.ClaimDueAsync(T0.AddSeconds(29), TimeSpan.FromMinutes(2), 10));
        var again = Assert.Single(await store.ClaimDueAsync(T0.AddSeconds(31), TimeSpan.FromMinutes(2), 10));
        Assert.Equal(s.Id, again.SourceId);
        Assert.NotNull((await store.StartFetchAsync(s.Id, again.Claim, T0.AddSeconds(32), Running)).Source);
    }

    [Fact]
    public async Task RecordSuccess_MovesCursorSchedulesTheNextCheckAndFreesTheSource()
    {
        var store = new SourceStore(Db);
        var s = await store.AddAsync("rss", "feed", "{\"url\":\"https://example.org/feed\"}", 600, T0);
        var (source, claim, _) = await store.StartFetchAsync(s.Id, null, T0, Running);
        var run = new SourceRun(s.Id, T0, T0.AddSeconds(2), 10, 7, 3, 0, null);
        await using (var conn = await Db.OpenAsync())
        await using (var tx = await Db.BeginWriteAsync(conn))
        {
            await SourceStore.RecordSuccessAsync(conn, tx, source!, claim, "cursor-2", run, default);
            await tx.CommitAsync();
        }
        var after = (await store.GetAsync(s.Id))!;
        Assert.Equal("cursor-2", after.Cursor);
        Assert.Equal(T0.AddSeconds(602), after.NextCheckAt);
        Assert.Equal(0, after.ErrorCount);
        Assert.StartsWith("ok: 10 fetched, 7 new", after.LastOutcome);
        Assert.Equal(run, Assert.Single(await store.RunsAsync(s.Id)));
        Assert.Null(await new StreamLeaseStore(Db).HolderAsync(s.Id, T0.AddSeconds(3)));
        Assert.NotNull((await store.StartFetchAsync(s.Id, null, T0.AddSeconds(3), Running)).Source); // free: a "fetch now" runs
    }

    [Fact]
    public async Task AFetchWhoseClaimWentToAnother_RecordsNothing()
    {
        var store = new SourceStore(Db);
        var s = await store.AddAsync("rss", "feed", "{}", 600, T0);
        var (source, claim, _) = await store.StartFetchAsync(s.Id, null, T0, Running);
        // Its instance stalled past the lease; a dispatch claimed the source for another fetch.
        var other = Assert.Single(await store.ClaimDueAsync(T0.AddSeconds(31), TimeSpan.FromMinutes(2), 10));
        Assert.NotEqual(claim, other.Claim);
        Assert.False(await store.RenewAsync(s.Id, claim, T0.AddSeconds(32), Running));
        await using (var conn = await Db.OpenAsync())
        await using (var tx = await Db.BeginWriteAsync(conn))
        {
            await Assert.ThrowsAsync<SourceClaimLostException>(() =>
                SourceStore.RecordSuccessAsync(conn, tx, source!, claim, "stale", new SourceRun(s.Id, T0, T0.AddSeconds(32), 1, 1, 0, 0, null), default));
        }
        Assert.False(await store.RecordFailureAsync(source!, claim, new SourceRun(s.Id, T0, T0.AddSeconds(33), 0, 0, 0, 0, "late")));
        var after = (await store.GetAsync(s.Id))!;
        Assert.Null(after.Cursor);
        Assert.Equal(0, after.ErrorCount);
        Assert.Empty(await store.RunsAsync(s.Id));
    }

    [Fact]
    public async Task RecordSuccess_RolledBack_LeavesTheCursorWhereItWas()
    {
        var store = new SourceStore(Db);
        var s = await store.AddAsync("rss", "feed", "{}", 600, T0);
        var claim = (await store.StartFetchAsync(s.Id, null, T0, Running)).Claim;
        await using (var conn = await Db.OpenAsync())
        await using (var tx = await Db.BeginWriteAsync(conn))
        {
            await SourceStore.RecordSuccessAsync(conn, tx, s, claim, "cursor-new", new SourceRun(s.Id, T0, T0, 1, 1, 0, 0, null), default);
            await tx.RollbackAsync(); // the batch's transaction failed: nothing it did may stick
        }
        Assert.Null((await store.GetAsync(s.Id))!.Cursor);
    }

    [Fact]
    public async Task RecordFailure_BacksOffExponentiallyAndKeepsTheError()
    {
        var store = new SourceStore(Db);
        var s = await store.AddAsync("rss", "flaky", "{}", 60, T0);
        var claim = (await store.StartFetchAsync(s.Id, null, T0, Running)).Claim;
        Assert.True(await store.RecordFailureAsync(s, claim, new SourceRun(s.Id, T0, T0, 0, 0, 0, 0, "HttpRequestException: 503")));
        var once = (await store.GetAsync(s.Id))!;
        claim = (await store.StartFetchAsync(s.Id, null, T0, Running)).Claim;
        Assert.True(await store.RecordFailureAsync(once, claim, new SourceRun(s.Id, T0, T0, 0, 0, 0, 0, "HttpRequestException: 503")));
        var twice = (await store.GetAsync(s.Id))!;

        Assert.Equal(1, once.ErrorCount);
        Assert.Equal(T0.AddSeconds(120), once.NextCheckAt);
        Assert.Equal(2, twice.ErrorCount);
        Assert.Equal(T0.AddSeconds(240), twice.NextCheckAt);
        Assert.Equal("HttpRequestException: 503", twice.LastError);
        Assert.Equal(2, (await store.RunsAsync(s.Id)).Count);
    }

    private async Task DisableAsync(long id)
    {
        await using var conn = await Db.OpenAsync();
        await conn.ExecuteAsync("update sources set enabled = @no where id = @id", new { no = false, id });
    }
}
