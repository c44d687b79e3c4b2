using Dapper;
using FusionMonitor.Core.Alerts;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Storage.Alerts;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Storage.Scores;

namespace FusionMonitor.Storage.Tests;

public abstract class ScoreStoreTests : StoreTestBase
{
    [Fact]
    public async Task Scopes_SaveAndLoad_RoundTripExactly()
    {
        var store = new ScopeStore(Db);
        var book = new ScoreBook(ScoreOptions.Default);
        book.Apply(new ScoreEvidence(1, T0, 0.8, 12_000, 40, [3], [5], null, "fan"));
        book.Apply(new ScoreEvidence(2, T0.AddHours(1), -0.6, 900, 2, [3], [5], 5, "nova"));
        await using (var conn = await Db.OpenAsync())
        await using (var tx = await Db.BeginWriteAsync(conn))
        {
            await ScopeStore.SaveAsync(conn, tx, book.Scopes, await ScopeChanges.IdAsync(conn, tx, default), T0, default);
            await tx.CommitAsync();
        }

        var keys = new[] { ScopeKey.ForPair(3, 5), ScopeKey.ForBrand(3), ScopeKey.ForInfluencer(5), ScopeKey.ForBrand(99) };
        var loaded = await store.LoadAsync(keys, withTop: true);
        Assert.Equal(3, loaded.Count);
        var copy = new ScoreBook(ScoreOptions.Default);
        foreach (var (k, v) in loaded) copy.Load(k, v);
        Assert.Equal(book.ScoreOf(3, 5, T0.AddDays(1)), copy.ScoreOf(3, 5, T0.AddDays(1)));
        foreach (var (k, v) in loaded) Assert.Equal(System.Text.Json.JsonSerializer.Serialize(book.Find(k)), System.Text.Json.JsonSerializer.Serialize(v));

        // A score needs only the sums: the same score, no top list parsed.
        var sums = await store.LoadAsync(keys, withTop: false);
        Assert.All(sums.Values, a => Assert.Empty(a.Top));
        var fromSums = new ScoreBook(ScoreOptions.Default);
        foreach (var (k, v) in sums) fromSums.Load(k, v);
        Assert.Equal(book.ScoreOf(3, 5, T0.AddDays(1)).Score, fromSums.ScoreOf(3, 5, T0.AddDays(1)).Score);
    }

    [Fact]
    public async Task Lock_CreatesMissingScopesEmpty_AndTheChangeFeedListsEachWrittenScopeOnce()
    {
        var store = new ScopeStore(Db);
        var feed = new ScopeChanges(Db);
        var keys = new[] { ScopeKey.ForBrand(1), ScopeKey.ForInfluencer(2), ScopeKey.ForPair(1, 2) };
        await WriteAsync(store, keys);

        await using (var conn = await Db.OpenAsync())
        await using (var tx = await Db.BeginWriteAsync(conn))
        {
            var page = await feed.ReadAsync(conn, tx, "test", 2, default);
            Assert.Equal(2, page.Changes.Count);
            Assert.True(page.More);
            await ScopeChanges.SaveCursorAsync(conn, tx, "test", page.Next, default);
            var rest = await feed.ReadAsync(conn, tx, "test", 2, default);
            Assert.Single(rest.Changes);
            Assert.False(rest.More);
            Assert.Equal(keys.Select(k => k.ToString()).Order(), page.Changes.Concat(rest.Changes).Select(c => c.Key.ToString()).Order());
            Assert.All(page.Changes.Concat(rest.Changes), c => Assert.Equal(1, c.Sums.Count));
            await ScopeChanges.SaveCursorAsync(conn, tx, "test", rest.Next, default);
            Assert.Empty((await feed.ReadAsync(conn, tx, "test", 10, default)).Changes);
            await tx.CommitAsync();
        }

        // Written again: listed again, and only it.
        await WriteAsync(store, [ScopeKey.ForBrand(1)]);
        await using (var conn = await Db.OpenAsync())
        await using (var tx = await Db.BeginWriteAsync(conn))
        {
            var again = await feed.ReadAsync(conn, tx, "test", 10, default);
            Assert.Equal([ScopeKey.ForBrand(1)], again.Changes.Select(c => c.Key));
            Assert.Equal(2, again.Changes[0].Sums.Count);
        }
    }

    [Fact]
    public async Task TheChangeFeed_NeverPassesOverAWriteThatHasNotCommittedYet()
    {
        if (Kind != DatabaseKind.Postgres) return; // SQLite's writers take turns: a reader never runs beside an open writer
        var store = new ScopeStore(Db);
        var feed = new ScopeChanges(Db);

        // A slow writer takes its change id first, then a quick one writes and commits.
        await using var slow = await Db.OpenAsync();
        await using var slowTx = await Db.BeginWriteAsync(slow);
        var slowScopes = await store.LockAsync(slow, slowTx, [ScopeKey.ForBrand(7)], T0, default);
        var slowId = await ScopeChanges.IdAsync(slow, slowTx, default);
        await WriteAsync(store, [ScopeKey.ForBrand(8)]);

        await using (var conn = await Db.OpenAsync())
        await using (var tx = await Db.BeginWriteAsync(conn))
        {
            var page = await feed.ReadAsync(conn, tx, "test", 10, default);
            Assert.Empty(page.Changes); // brand 8 committed, but it is after the slow writer's id: it waits for it
            await ScopeChanges.SaveCursorAsync(conn, tx, "test", page.Next, default);
            await tx.CommitAsync();
        }

        Add(slowScopes[ScopeKey.ForBrand(7)], 1);
        await ScopeStore.SaveAsync(slow, slowTx, slowScopes, slowId, T0, default);
        await slowTx.CommitAsync();

        await using (var conn = await Db.OpenAsync())
        await using (var tx = await Db.BeginWriteAsync(conn))
        {
            var page = await feed.ReadAsync(conn, tx, "test", 10, default);
            Assert.Equal(["brand:7", "brand:8"], page.Changes.Select(c => c.Key.ToString()).Order());
        }
    }

    private async Task WriteAsync(ScopeStore store, IReadOnlyCollection<ScopeKey> keys)
    {
        await using var conn = await Db.OpenAsync();
        await using var tx = await Db.BeginWriteAsync(conn);
        var locked = await store.LockAsync(conn, tx, keys, T0, default);
        foreach (var a in locked.Values) Add(a, a.Count + 1);
        await ScopeStore.SaveAsync(conn, tx, locked, await ScopeChanges.IdAsync(conn, tx, default), T0, default);
        await tx.CommitAsync();
    }

    private static void Add(ScopeAccumulator a, long id)
    {
        var e = new ScoreEvidence(id, T0, 0.5, 100, 1, [1], [2], null, "fan");
        a.Add(e, MentionWeight.Of(e, ScoreOptions.Default), false, ScoreOptions.Default);
    }

    [Fact]
    public async Task Rollups_AddUpAcrossBatchesInTheSameHour()
    {
        var store = new RollupStore(Db);
        var hour = TimeBuckets.HourOf(T0.AddMinutes(17));
        for (var i = 0; i < 2; i++)
        {
            await using var conn = await Db.OpenAsync();
            await using var tx = await Db.BeginWriteAsync(conn);
            await RollupStore.AddHourlyAsync(conn, tx, brand: true, [new RollupRow(7, hour, 3, 1, 1, 1, 0.5, 6, 2)], default);
            await RollupStore.AddVolumesAsync(conn, tx, [new VolumeRow(VolumeScope.ForBrand(7), TimeBuckets.FiveMinutesOf(T0.AddMinutes(17)), 2.5, 1)], default);
            await tx.CommitAsync();
        }
        var rollup = Assert.Single(await store.HourlyAsync(brand: true, 7, T0, T0.AddHours(1)));
        Assert.Equal(new RollupRow(7, hour, 6, 2, 2, 2, 1.0, 12, 4), rollup);
        var volume = Assert.Single(await store.VolumesSinceAsync([VolumeScope.ForBrand(7), VolumeScope.ForBrand(8)], T0));
        Assert.Equal(VolumeScope.ForBrand(7), volume.Key);
        Assert.Equal(5.0, Assert.Single(volume).NegVolume);
    }

    [Fact]
    public async Task History_KeepsTheLastScoreOfEachHour()
    {
        var store = new HistoryStore(Db, new RollupStore(Db));
        var pair = await SeedPairAsync();
        foreach (var (at, score) in new[] { (T0, 51.0), (T0.AddMinutes(30), 53.0), (T0.AddHours(1), 49.5) })
        {
            await using var conn = await Db.OpenAsync();
            await using var tx = await Db.BeginWriteAsync(conn);
            await HistoryStore.AppendAsync(conn, tx, [(pair, score, 0.2)], at, default);
            await tx.CommitAsync();
        }
        var history = await store.HourlyAsync(pair, T0.AddHours(-1), T0.AddHours(2));
        Assert.Equal([53.0, 49.5], history.Select(h => h.Score));
        Assert.Equal(53.0, (await store.ScoresAtAsync([pair], T0.AddMinutes(59)))[pair]);
        Assert.Empty(await store.ScoresAtAsync([pair], T0.AddHours(-1)));
        await using var read = await Db.OpenAsync();
        Assert.Equal(53.0, (await store.HighestSinceAsync(read, null, [pair], T0, T0.AddHours(1), default))[pair].Score);
    }

    [Fact]
    public async Task ScoresKnownAt_ReadOnlyPointsWhoseBucketHadClosed_FineFirstThenHourly()
    {
        var store = new HistoryStore(Db, new RollupStore(Db));
        var pair = await SeedPairAsync();
        // 60 early in the hour, 70 at its end, 50 just after it.
        foreach (var (at, score) in new[] { (T0.AddSeconds(30), 60.0), (T0.AddMinutes(59), 70.0), (T0.AddMinutes(61), 50.0) })
        {
            await using var conn = await Db.OpenAsync();
            await using var tx = await Db.BeginWriteAsync(conn);
            await HistoryStore.AppendAsync(conn, tx, [(pair, score, 0.2)], at, default);
            await tx.CommitAsync();
        }
        // Half-way through the hour the score was 60; the hour's row (its last score, 70) was not known yet.
        Assert.Equal(70.0, (await store.ScoresAtAsync([pair], T0.AddMinutes(30)))[pair]);
        Assert.Equal(60.0, (await store.ScoresKnownAtAsync([pair], T0.AddMinutes(30)))[pair]);
        // A minute past the hour the 70 of its last bucket is known, the 50 of the bucket still open is not.
        Assert.Equal(70.0, (await store.ScoresKnownAtAsync([pair], T0.AddMinutes(62)))[pair]);
        Assert.Equal(50.0, (await store.ScoresKnownAtAsync([pair], T0.AddMinutes(65)))[pair]);
        Assert.Empty(await store.ScoresKnownAtAsync([pair], T0.AddMinutes(4)));

        // Past the five-minute points' retention the hourly rows answer, again only hours that had closed.
        await using (var conn = await Db.OpenAsync())
        await using (var delete = conn.CreateCommand())
        {
            delete.CommandText = "delete from score_recent";
            await delete.ExecuteNonQueryAsync();
        }
        Assert.Empty(await store.ScoresKnownAtAsync([pair], T0.AddMinutes(59)));
        Assert.Equal(70.0, (await store.ScoresKnownAtAsync([pair], T0.AddMinutes(62)))[pair]);
        Assert.Equal(50.0, (await store.ScoresKnownAtAsync([pair], T0.AddHours(2)))[pair]);
    }

    [Fact]
    public async Task LatestScores_FollowEachPairsNewestHour_AndRankABrandsPairsWithNeutralForNone()
    {
        var store = new HistoryStore(Db, new RollupStore(Db));
        var e = new EntityStore(Db);
        var brand = (await e.AddBrandAsync("B")).Id;
        var other = (await e.AddBrandAsync("C")).Id;
        var fell = (await e.AddPairAsync(brand, (await e.AddInfluencerAsync("I1")).Id)).Id;
        var high = (await e.AddPairAsync(brand, (await e.AddInfluencerAsync("I2")).Id)).Id;
        var never = (await e.AddPairAsync(brand, (await e.AddInfluencerAsync("I3")).Id)).Id;
        var elsewhere = (await e.AddPairAsync(other, (await e.AddInfluencerAsync("I4")).Id)).Id;
        // An older hour written after a newer one (a rebuilt past) leaves the newer as the latest.
        foreach (var (pair, score, at) in new[] { (fell, 70.0, T0), (high, 60.0, T0), (elsewhere, 10.0, T0), (fell, 40.0, T0.AddHours(1)), (high, 20.0, T0.AddHours(-3)) })
        {
            await using var conn = await Db.OpenAsync();
            await using var tx = await Db.BeginWriteAsync(conn);
            await HistoryStore.AppendAsync(conn, tx, [(pair, score, 0.3)], at, default);
            await tx.CommitAsync();
        }

        Assert.Equal([(fell, 40.0), (high, 60.0)], await store.LatestOfBrandAsync(brand));
        Assert.Equal([fell, never, high], await store.RankedOfBrandAsync(brand, 0, 10)); // 40, none (50), 60
        Assert.Equal([never], await store.RankedOfBrandAsync(brand, 1, 1));
        Assert.Equal([elsewhere], await store.RankedOfBrandAsync(other, 0, 10));

        // A rebuild reads them again from the history as it stands.
        await using (var conn = await Db.OpenAsync())
        await using (var tx = await Db.BeginWriteAsync(conn))
        {
            await HistoryStore.DeletePastAsync(conn, tx, T0.AddHours(1), default);
            await HistoryStore.RefreshLatestAsync(conn, tx, default);
            await tx.CommitAsync();
        }
        Assert.Equal([(fell, 40.0)], await store.LatestOfBrandAsync(brand));
        Assert.Equal([fell, high, never], await store.RankedOfBrandAsync(brand, 0, 10)); // 40, then both neutral by id
    }

    [Fact]
    public async Task KeptPeak_EqualsThePeakOfTheFiveMinuteHistory_AsTheWindowSlides_AndAfterARebuildClearsIt()
    {
        var store = new HistoryStore(Db, new RollupStore(Db));
        var pair = await SeedPairAsync();
        var window = TimeSpan.FromHours(2);
        var rng = new Random(24);
        var at = T0;
        var score = 60.0;
        for (var i = 0; i < 60; i++)
        {
            at += TimeSpan.FromMinutes(rng.Next(1, 25));
            score = Math.Round(score + rng.Next(-5, 6), 1);
            await using (var conn = await Db.OpenAsync())
            await using (var tx = await Db.BeginWriteAsync(conn))
            {
                await HistoryStore.AppendAsync(conn, tx, [(pair, score, 0.4)], at, default);
                await tx.CommitAsync();
            }
            if (i == 40)
            {
                // A rebuild rewrites the latest rows without their peaks: the next read seeds them from the five-minute points.
                await using var conn = await Db.OpenAsync();
                await using var tx = await Db.BeginWriteAsync(conn);
                await HistoryStore.RefreshLatestAsync(conn, tx, default);
                await tx.CommitAsync();
            }
            await using var read = await Db.OpenAsync();
            // Kept on the row itself, except just after the rebuild.
            Assert.Equal(i != 40, await read.ExecuteScalarAsync<string?>("select peaks from score_latest where pair_id = @pair", new { pair }) is not null);
            Assert.True(HistoryStore.PeakKeptFor(window, at));
            foreach (var since in new[] { at - window, at - TimeSpan.FromMinutes(30) })
            {
                var history = (await store.HighestSinceAsync(read, null, [pair], since, at, default))[pair];
                var kept = (await HistoryStore.KeptPeaksAsync(read, null, [pair], at, default))[pair].Since(since);
                Assert.Equal(new PeakEntry(history.At, history.Score), kept);
            }
        }
        Assert.False(HistoryStore.PeakKeptFor(TimeSpan.FromHours(48), at)); // a longer window reads the hourly history too
    }

    [Fact]
    public async Task FiveMinutePoints_KeepEachBucketsPeak_SoAFallInsideOneHourHasAPeakToFallFrom()
    {
        var store = new HistoryStore(Db, new RollupStore(Db));
        var pair = await SeedPairAsync();
        foreach (var (at, score) in new[] { (T0.AddMinutes(1), 60.0), (T0.AddMinutes(2), 78.0), (T0.AddMinutes(3), 34.0), (T0.AddMinutes(11), 35.0) })
        {
            await using var conn = await Db.OpenAsync();
            await using var tx = await Db.BeginWriteAsync(conn);
            await HistoryStore.AppendAsync(conn, tx, [(pair, score, 0.4)], at, default);
            await tx.CommitAsync();
        }
        // The hourly row keeps the hour's last score only; the five-minute bucket keeps its peak beside its last score.
        Assert.Equal([35.0], (await store.HourlyAsync(pair, T0, T0.AddHours(1))).Select(h => h.Score));
        Assert.Equal([34.0, 35.0], (await store.RecentAsync(pair, T0, T0.AddHours(1))).Select(h => h.Score));
        await using var read = await Db.OpenAsync();
        Assert.Equal(new ScorePeak(78.0, T0), (await store.HighestSinceAsync(read, null, [pair], T0.AddHours(-23), T0.AddMinutes(12), default))[pair]);
        Assert.Equal(new ScorePeak(35.0, T0.AddMinutes(10)), (await store.HighestSinceAsync(read, null, [pair], T0.AddMinutes(10), T0.AddMinutes(12), default))[pair]);
        Assert.Equal(34.0, (await store.RecentScoresAtAsync(read, null, [pair], T0.AddMinutes(9), default))[pair]);

        Assert.Equal(1, await store.PruneRecentAsync(T0.AddMinutes(10)));
        Assert.Equal([35.0], (await store.RecentAsync(pair, T0, T0.AddHours(1))).Select(h => h.Score));
    }

    [Fact]
    public async Task Alerts_OpenAcknowledgeResolve_FollowTheEvents()
    {
        var store = new AlertStore(Db);
        var evidence = new AlertEvidence([new EvidenceMention(1, "angry", -0.9, 4.2)], ["angry"], ["refund"]);
        var opened = new AlertEvent(AlertEventKind.Opened, "inc-1", "NegativeSpike:brand:7", "brand:7", AlertKind.NegativeSpike, 7, null,
            AlertStatus.Open, T0, T0, 4.5, "negative spike", evidence);
        long id;
        await using (var conn = await Db.OpenAsync())
        await using (var tx = await Db.BeginWriteAsync(conn))
        {
            id = await AlertStore.ApplyAsync(conn, tx, opened, default);
            await tx.CommitAsync();
        }
        Assert.Equal("open", Assert.Single(await store.ListAsync("open", null)).Status);
        Assert.Empty(await store.ListAsync(status: null, [8]));

        Assert.True(await store.SetStatusAsync(id, AlertStatus.Acknowledged, T0.AddMinutes(1)));
        Assert.Equal("acknowledged", (await store.GetAsync(id))!.Status);

        await using (var conn = await Db.OpenAsync())
        await using (var tx = await Db.BeginWriteAsync(conn))
        {
            await AlertStore.ApplyAsync(conn, tx, opened with { Kind = AlertEventKind.Resolved, At = T0.AddMinutes(20), Status = AlertStatus.Resolved }, default);
            await tx.CommitAsync();
        }
        var resolved = (await store.GetAsync(id))!;
        Assert.Equal("resolved", resolved.Status);
        Assert.Equal(T0.AddMinutes(20), resolved.ResolvedAt);
        Assert.Contains("refund", resolved.Evidence);
    }

    [Fact]
    public async Task An_alerts_timeline_keeps_what_happened_by_whom_in_order_and_is_pruned_by_age()
    {
        var store = new AlertStore(Db);
        var opened = new AlertEvent(AlertEventKind.Opened, "inc-tl", "NegativeSpike:brand:9", "brand:9", AlertKind.NegativeSpike, 9, null,
            AlertStatus.Open, T0, T0, 4.5, "Negative spike for Nine", AlertEvidence.None);
        long id;
        await using (var conn = await Db.OpenAsync())
        await using (var tx = await Db.BeginWriteAsync(conn))
        {
            id = await AlertStore.ApplyAsync(conn, tx, opened, default);
            await tx.CommitAsync();
        }
        Assert.Equal(AlertStore.NoteResult.Added, await store.AddNoteAsync(id, "ana", "Called the manager", T0.AddMinutes(2)));
        Assert.Equal(AlertStore.NoteResult.NoAlert, await store.AddNoteAsync(id + 1000, "ana", "x", T0.AddMinutes(2)));
        Assert.True(await store.AssignAsync(id, "ben", "ana", T0.AddMinutes(3)));
        Assert.True(await store.AssignAsync(id, "ben", "ana", T0.AddMinutes(4))); // no change, no event
        Assert.True(await store.SetStatusAsync(id, AlertStatus.Acknowledged, T0.AddMinutes(5), "ben"));
        Assert.True(await store.SetStatusAsync(id, AlertStatus.Acknowledged, T0.AddMinutes(6), "ben")); // already: no event
        Assert.True(await store.SetStatusAsync(id, AlertStatus.Resolved, T0.AddMinutes(7), "ben"));
        // The lifecycle's own resolve after a person's adds nothing.
        await using (var conn = await Db.OpenAsync())
        await using (var tx = await Db.BeginWriteAsync(conn))
        {
            await AlertStore.ApplyAsync(conn, tx, opened with { Kind = AlertEventKind.Resolved, At = T0.AddMinutes(20), Status = AlertStatus.Resolved }, default);
            await tx.CommitAsync();
        }

        var timeline = await store.TimelineAsync(id);
        Assert.Equal(["opened", "noted", "assigned", "acknowledged", "resolved"], timeline.Select(e => e.Kind));
        Assert.Equal([null, "ana", "ana", "ben", "ben"], timeline.Select(e => e.Actor));
        Assert.Equal(["Negative spike for Nine", "Called the manager", "ben", null, null], timeline.Select(e => e.Text));
        Assert.Equal(T0.AddMinutes(2), timeline[1].At);
        Assert.Equal("ben", (await store.GetAsync(id))!.Assignee);

        Assert.Equal(2, await store.PruneTimelineAsync(T0.AddMinutes(3)));
        Assert.Equal(["assigned", "acknowledged", "resolved"], (await store.TimelineAsync(id)).Select(e => e.Kind));
    }

    [Fact]
    public async Task AlertsOfAPair_AreItsOwnAndItsBrandsSinceATime_OldestFirst_NoOtherPairsOrBrands()
    {
        var store = new AlertStore(Db);
        AlertEvent Opened(string id, AlertKind kind, long brand, long? pair, DateTimeOffset at) =>
            new(AlertEventKind.Opened, id, $"{kind}:{id}", $"brand:{brand}", kind, brand, pair, AlertStatus.Open, at, at, 3, id, AlertEvidence.None);
        await using (var conn = await Db.OpenAsync())
        await using (var tx = await Db.BeginWriteAsync(conn))
        {
            foreach (var e in new[]
                     {
                         Opened("brand-old", AlertKind.NegativeSpike, 7, null, T0.AddDays(-2)),
                         Opened("pair", AlertKind.ScoreDrop, 7, 70, T0.AddMinutes(10)),
                         Opened("brand", AlertKind.PositiveSpike, 7, null, T0),
                         Opened("other-brand", AlertKind.NegativeSpike, 8, null, T0.AddMinutes(5)),
                         Opened("other-pair", AlertKind.ScoreDrop, 7, 71, T0.AddMinutes(6)),
                     })
                await AlertStore.ApplyAsync(conn, tx, e, default);
            await tx.CommitAsync();
        }

        var markers = await store.OpenedForPairAsync(70, 7, T0.AddHours(-1));
        Assert.Equal(["brand", "pair"], markers.Select(a => a.Summary));
        Assert.Equal(["positiveSpike", "scoreDrop"], markers.Select(a => a.Kind));
        Assert.Equal(["pair"], (await store.OpenedForPairAsync(70, 7, T0.AddMinutes(1))).Select(a => a.Summary));
    }

    [Fact]
    public async Task Histories_ReadSeveralPairsAtOnce_EachInTimeOrder()
    {
        var store = new HistoryStore(Db, new RollupStore(Db));
        var first = await SeedPairAsync();
        var second = await SeedPairAsync("B2", "I2");
        var quiet = await SeedPairAsync("B3", "I3");
        foreach (var (at, a, b) in new[] { (T0, 51.0, 60.0), (T0.AddHours(1), 52.0, 58.0), (T0.AddHours(2), 53.0, 57.0) })
        {
            await using var conn = await Db.OpenAsync();
            await using var tx = await Db.BeginWriteAsync(conn);
            await HistoryStore.AppendAsync(conn, tx, [(first, a, 0.2), (second, b, 0.3)], at, default);
            await tx.CommitAsync();
        }
        var histories = await store.HourlyAsync([first, second, quiet], T0.AddHours(1), T0.AddHours(3));
        Assert.Equal([52.0, 53.0], histories[first].Select(h => h.Score));
        Assert.Equal([58.0, 57.0], histories[second].Select(h => h.Score));
        Assert.Empty(histories[quiet]);
        Assert.Empty(await store.HourlyAsync([], T0, T0.AddHours(3)));
    }

    private async Task<long> SeedPairAsync(string brand = "B", string influencer = "I")
    {
        var e = new EntityStore(Db);
        return (await e.AddPairAsync((await e.AddBrandAsync(brand)).Id, (await e.AddInfluencerAsync(influencer)).Id)).Id;
    }
}

public abstract class SeriesTests : StoreTestBase
{
    [Fact]
    public async Task Series_ByDay_ReadsTheLastScoreOfEachDayAndItsMentions()
    {
        var e = new EntityStore(Db);
        var pair = (await e.AddPairAsync((await e.AddBrandAsync("B")).Id, (await e.AddInfluencerAsync("I")).Id)).Id;
        var store = new HistoryStore(Db, new RollupStore(Db));
        foreach (var (at, score, mentions) in new[] { (T0, 51.0, 2L), (T0.AddHours(5), 55.0, 3L), (T0.AddDays(1), 48.0, 1L) })
        {
            await using var conn = await Db.OpenAsync();
            await using var tx = await Db.BeginWriteAsync(conn);
            await HistoryStore.AppendAsync(conn, tx, [(pair, score, 0.3)], at, default);
            await RollupStore.AddDailyMentionsAsync(conn, tx, [new DailyMentions(pair, TimeBuckets.DayOf(at), mentions)], default);
            await tx.CommitAsync();
        }

        var days = await store.SeriesAsync(pair, T0.AddDays(-1), T0.AddDays(2), "day");
        Assert.Equal([(TimeBuckets.DayOf(T0), 55.0, 5L), (TimeBuckets.DayOf(T0.AddDays(1)), 48.0, 1L)], days.Select(d => (d.At, d.Score, d.Mentions)));
        var hours = await store.SeriesAsync(pair, T0.AddDays(-1), T0.AddDays(2), "hour");
        Assert.Equal([51.0, 55.0, 48.0], hours.Select(h => h.Score));
    }

    [Fact]
    public async Task Concurrent_unscored_counts_of_the_same_scopes_in_any_order_wait_for_each_other_and_add_up()
    {
        // Batches meet the same scopes in different orders, each counting thousands of them in one transaction (the
        // upsert runs as several statements), so they overlap. Written in the order met, two such batches deadlocked
        // (PostgreSQL 40P01); in the scopes' lock order, each waits for the other.
        var keys = Enumerable.Range(1, 3_000).Select(i => ScopeKey.ForPair(i % 7 + 1, i)).Append(ScopeKey.ForBrand(1)).ToList();
        const int Batches = 8;
        await Parallel.ForEachAsync(Enumerable.Range(0, Batches), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (b, ct) =>
        {
            var order = keys.OrderBy(k => HashCode.Combine(b, k.BrandId, k.InfluencerId)).ToList();
            await using var conn = await Db.OpenAsync(ct);
            await using var tx = await Db.BeginWriteAsync(conn, ct);
            await UnscoredCountStore.AddAsync(conn, tx, order, ct);
            await tx.CommitAsync(ct);
        });
        var store = new UnscoredCountStore(Db);
        foreach (var k in keys) Assert.Equal(Batches, await store.CountAsync(k));
    }
}
