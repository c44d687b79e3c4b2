using FusionMonitor.Storage.Sources;

namespace FusionMonitor.Storage.Tests;

public abstract class StreamLeaseStoreTests : StoreTestBase
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task One_holder_at_a_time_renewal_by_the_holder_and_takeover_once_the_lease_runs_out()
    {
        var source = await new SourceStore(Db).AddAsync("jetstream", "stream", "{}", 300, T0);
        var leases = new StreamLeaseStore(Db);

        Assert.True(await leases.TryAcquireAsync(source.Id, "a", T0, Ttl));
        Assert.False(await leases.TryAcquireAsync(source.Id, "b", T0.AddSeconds(10), Ttl));
        Assert.True(await leases.TryAcquireAsync(source.Id, "a", T0.AddSeconds(20), Ttl)); // renewed until T0+50
        Assert.False(await leases.TryAcquireAsync(source.Id, "b", T0.AddSeconds(45), Ttl));
        Assert.Equal("a", await leases.HolderAsync(source.Id, T0.AddSeconds(45)));
        Assert.True(await leases.TryAcquireAsync(source.Id, "b", T0.AddSeconds(51), Ttl)); // a died: b takes over
        Assert.False(await leases.TryAcquireAsync(source.Id, "a", T0.AddSeconds(52), Ttl));
        await leases.ReleaseAsync(source.Id, "a", default); // not a's to give up
        Assert.Equal("b", await leases.HolderAsync(source.Id, T0.AddSeconds(52)));
        await leases.ReleaseAsync(source.Id, "b", default);
        Assert.True(await leases.TryAcquireAsync(source.Id, "a", T0.AddSeconds(53), Ttl));
    }

    [Fact]
    public async Task Two_instances_racing_for_a_free_lease_never_both_win()
    {
        var source = await new SourceStore(Db).AddAsync("jetstream", "race", "{}", 300, T0);
        var leases = new StreamLeaseStore(Db);

        var wins = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => leases.TryAcquireAsync(source.Id, "holder-" + i, T0, Ttl))));

        Assert.Equal(1, wins.Count(w => w));
    }

    [Fact]
    public async Task Only_the_holder_moves_the_cursor_and_a_lost_lease_rolls_the_batch_back()
    {
        var store = new SourceStore(Db);
        var source = await store.AddAsync("jetstream", "fenced", "{}", 300, T0);
        var leases = new StreamLeaseStore(Db);
        await leases.TryAcquireAsync(source.Id, "a", T0, Ttl);

        await using (var conn = await Db.OpenAsync())
        await using (var tx = await Db.BeginWriteAsync(conn))
        {
            await StreamLeaseStore.CommitAsync(conn, tx, source.Id, "a", T0.AddSeconds(1), "{\"timeUs\":1}", new SourceRun(source.Id, T0, T0.AddSeconds(1), 3, 2, 1, 0, null), default);
            await tx.CommitAsync();
        }
        await leases.TryAcquireAsync(source.Id, "b", T0.AddSeconds(40), Ttl); // a's lease ran out; b holds it
        await using (var conn = await Db.OpenAsync())
        await using (var tx = await Db.BeginWriteAsync(conn))
        {
            await Assert.ThrowsAsync<StreamLeaseLostException>(() =>
                StreamLeaseStore.CommitAsync(conn, tx, source.Id, "a", T0.AddSeconds(41), "{\"timeUs\":99}", null, default));
        }

        var after = (await store.GetAsync(source.Id))!;
        Assert.Equal("{\"timeUs\":1}", after.Cursor);
        Assert.StartsWith("streaming: 3 matched, 2 new", after.LastOutcome);
        Assert.Single(await store.RunsAsync(source.Id));
    }

    [Fact]
    public async Task Stream_kinds_are_never_claimed_for_polling()
    {
        var store = new SourceStore(Db);
        var polled = await store.AddAsync("rss", "polled", "{}", 300, T0.AddMinutes(-1));
        await store.AddAsync("jetstream", "streamed", "{}", 300, T0.AddMinutes(-1));

        Assert.Equal([polled.Id], (await store.ClaimDueAsync(T0, TimeSpan.FromMinutes(5), 10, default, exceptKinds: ["jetstream"])).Select(c => c.SourceId));
    }
}

public sealed class StreamLeaseStoreTestsOnPostgres : StreamLeaseStoreTests { protected override DatabaseKind Kind => DatabaseKind.Postgres; }
public sealed class StreamLeaseStoreTestsOnSqlite : StreamLeaseStoreTests { protected override DatabaseKind Kind => DatabaseKind.Sqlite; }
