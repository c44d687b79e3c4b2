using Dapper;
using FusionMonitor.Core.Alerts;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Alerts;
using FusionMonitor.Storage.Scores;
using FusionMonitor.TestSupport;

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

    [Fact]
    public async Task TheFollowUpMigration_SplitsEachStoredAccumulatorsTopList_AndKeepsOnlyLiveAlertStates()
    {
        await using var old = await TestDatabases.CreateAsync(Kind, migrate: false);
        var runner = new MigrationRunner(old);
        var before = MigrationRunner.Shipped(Kind).Last(m => string.CompareOrdinal(m.Version, "0006") < 0).Version;
        await runner.MigrateAsync(upTo: before);

        // An accumulator as the old schema stored it: one JSON document with its top list inside (and no voices: the
        // schema of then had none, RepeatWeight 1 keeps none).
        var book = new ScoreBook(ScoreOptions.Default with { RepeatWeight = 1 });
        book.Apply(new ScoreEvidence(1, T0, -0.8, 12_000, 40, [3], [5], null, "critic"));
        book.Apply(new ScoreEvidence(2, T0.AddHours(1), 0.6, 900, 2, [3], [5], 5, "nova"));
        var firing = new AlertState("ScoreBelow:pair:9", AlertKind.ScoreBelow, 3, 9, AlertPhase.Firing, IncidentId: "ScoreBelow:pair:9@x", LastActiveAt: T0);
        var inactive = new AlertState("ScoreDrop:pair:9", AlertKind.ScoreDrop, 3, 9, AlertPhase.Inactive);
        await using (var conn = await old.OpenAsync())
        {
            foreach (var (key, acc) in book.Scopes)
                await conn.ExecuteAsync("insert into score_scopes (kind, brand_id, influencer_id, state, updated_at) values (@k, @b, @i, @state, @at)",
                    new { k = (short)key.Kind, b = key.BrandId, i = key.InfluencerId, state = ScoreJson.Write(acc), at = T0 });
            foreach (var s in new[] { firing, inactive })
                await conn.ExecuteAsync("insert into alert_states (key, state, updated_at) values (@key, @state, @at)", new { key = s.Key, state = ScoreJson.Write(s), at = T0 });
        }
        await runner.MigrateAsync();

        var loaded = await new ScopeStore(old).LoadAsync(book.Scopes.Keys.ToList(), withTop: true);
        Assert.Equal(book.Scopes.Count, loaded.Count);
        foreach (var (key, acc) in book.Scopes) Assert.Equal(System.Text.Json.JsonSerializer.Serialize(acc), System.Text.Json.JsonSerializer.Serialize(loaded[key]));

        await using var read = await old.OpenAsync();
        await using var tx = await old.BeginWriteAsync(read);
        var due = await AlertStore.DueAsync(read, tx, T0, 10, default);
        Assert.Equal([firing.Key], due.Select(d => d.Key)); // kept, and looked at in the first cycle; the inactive one is gone
        Assert.Empty((await new ScopeChanges(old).ReadAsync(read, tx, ScopeChanges.FollowUp, 10, default)).Changes); // evaluated by the old cycle already
    }

    [Fact]
    public async Task TheNameKeyMigration_KeysExistingRows_AndKeepsALaterDuplicateUnderItsOwnKey()
    {
        await using var old = await TestDatabases.CreateAsync(Kind, migrate: false);
        var runner = new MigrationRunner(old);
        await runner.MigrateAsync(upTo: "0011_2026-12-02_administration");
        await using (var conn = await old.OpenAsync())
        {
            foreach (var name in new[] { "Pebble Roasters", "pébble  ROASTERS", "Lumen Knits" })
                await conn.ExecuteAsync("insert into brands (name, aliases, keywords, excludes, created_at) values (@name, '[]', '[]', '[]', @at)", new { name, at = T0 });
        }

        await runner.MigrateAsync();

        await using var read = await old.OpenAsync();
        var keys = (await read.QueryAsync<(long Id, string Name, string Key)>("select id, name, name_key from brands order by id")).ToList();
        Assert.Equal("pebble roasters", keys[0].Key);
        Assert.Equal($"pebble roasters #{keys[1].Id}", keys[1].Key); // kept, with its name, under a key of its own
        Assert.Equal("pébble  ROASTERS", keys[1].Name);
        Assert.Equal("lumen knits", keys[2].Key);
        Assert.Equal([$"brand 'pébble  ROASTERS' (#{keys[1].Id}) duplicates 'Pebble Roasters' (#{keys[0].Id})"], runner.Duplicates);
        // The database itself now refuses a third spelling of the name, whoever writes it.
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            read.ExecuteAsync("insert into brands (name, name_key, aliases, keywords, excludes, created_at) values ('PEBBLE roasters', 'pebble roasters', '[]', '[]', '[]', @at)", new { at = T0 }));
        Assert.Empty(await new MigrationRunner(old).MigrateAsync());
    }

    [Fact]
    public async Task TheEntityTermsMigration_WritesTheTermsOfExistingEntities_SoTheirNamesAndAliasesStillClash()
    {
        await using var old = await TestDatabases.CreateAsync(Kind, migrate: false);
        var runner = new MigrationRunner(old);
        await runner.MigrateAsync(upTo: MigrationRunner.Shipped(Kind).Last(m => string.CompareOrdinal(m.Version, "0043") < 0).Version);
        // Written as the store wrote them before the terms table existed.
        long brandId, personId;
        await using (var conn = await old.OpenAsync())
        {
            brandId = await conn.ExecuteScalarAsync<long>("insert into brands (name, name_key, aliases, keywords, excludes, created_at) values ('Pebble Roasters', 'pebble roasters', '[\"Pebble Coffee\"]', '[]', '[]', @at) returning id", new { at = T0 });
            personId = await conn.ExecuteScalarAsync<long>("insert into influencers (name, name_key, aliases, handles, created_at) values ('Nova Reyes', 'nova reyes', '[\"Nova R\"]', '{}', @at) returning id", new { at = T0 });
        }
        var store = new FusionMonitor.Storage.Entities.EntityStore(old);

        await runner.MigrateAsync();

        await using (var conn = await old.OpenAsync())
        {
            var terms = (await conn.QueryAsync<(string Kind, long Id, string Key)>("select kind, entity_id, key from entity_terms order by kind, entity_id, key")).ToList();
            Assert.Equal([("brand", brandId, "pebble coffee"), ("brand", brandId, "pebble roasters"), ("influencer", personId, "nova r"), ("influencer", personId, "nova reyes")], terms);
        }
        // The check reads those rows: an old alias is still taken, by another kind too, and an old name still clashes.
        var e = await Assert.ThrowsAsync<FusionMonitor.Storage.Entities.DuplicateNameException>(() => store.AddInfluencerAsync("Someone", aliases: ["PEBBLE coffee"]));
        Assert.Equal($"The alias 'PEBBLE coffee' already belongs to the brand 'Pebble Roasters' (#{brandId}).", e.Message);
        e = await Assert.ThrowsAsync<FusionMonitor.Storage.Entities.DuplicateNameException>(() => store.AddBrandAsync("Nova R"));
        Assert.Equal($"The name 'Nova R' is already an alias ('Nova R') of the influencer 'Nova Reyes' (#{personId}).", e.Message);
        e = await Assert.ThrowsAsync<FusionMonitor.Storage.Entities.DuplicateNameException>(() => store.AddInfluencerAsync("nóva reyes"));
        Assert.StartsWith("The name 'nóva reyes' clashes with the influencer 'Nova Reyes'", e.Message);
        Assert.Empty(await new MigrationRunner(old).MigrateAsync());
    }
}
