using FusionMonitor.Core.Sentiment;
using FusionMonitor.Core.Alerts;
using FusionMonitor.Core.Entities;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Ingestion.Alerts;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Ingestion.Scoring;
using FusionMonitor.Storage.Alerts;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.Storage.Scores;

namespace FusionMonitor.Ingestion.Tests.Pipeline;

/// <summary>Ingest → scores → history and rollups → alert evaluation → recompute, through the app's own services.</summary>
public abstract class PipelineTests : PipelineTestBase
{
    [Fact]
    public async Task Ingest_BadItems_AreQuarantinedWithReasonsByThePipeline_AndTheRestKept()
    {
        var batch = new IncomingMention?[]
        {
            Mention("ok1", "a plain remark", T0),
            Mention("", "no id", T0),
            Mention("no-text", "   ", T0),
            Mention("huge", new string('x', 40_001), T0),
            Mention("future", "from tomorrow", T0.AddDays(30)),
            Mention("ancient", "from 1970", new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            Mention("surrogate", "broken \ud800 text", T0),
            Mention("ok2", "another remark", T0),
            Mention("ok1", "the first one again, in the same batch", T0),
        };
        var result = await IngestAsync(batch);

        Assert.Equal(["ok1", "ok2"], result.Inserted.Select(i => i.Scored.Mention.ExternalId));
        Assert.Equal([0, 7], result.Inserted.Select(i => i.Index)); // indexes into the batch as given
        Assert.Equal([8], result.DuplicateIndexes);
        Assert.Equal([1, 2, 3, 4, 5, 6], result.Rejected.Select(r => r.Index));
        Assert.Contains("externalId", result.Rejected[0].Reason);
        Assert.Contains("text", result.Rejected[1].Reason);
        Assert.Contains("40,000", result.Rejected[2].Reason);
        Assert.Contains("future", result.Rejected[3].Reason);
        Assert.Contains("before", result.Rejected[4].Reason);
        Assert.Contains("surrogate", result.Rejected[5].Reason);

        var quarantined = await Get<MentionStore>().QuarantinedAsync();
        Assert.Equal(6, quarantined.Count);
        Assert.All(quarantined, q => Assert.False(string.IsNullOrEmpty(q.Reason)));
        Assert.Contains(quarantined, q => q.ExternalId == "huge" && q.Payload!.Length <= MentionStore.MaxQuarantinePayload + 500);

        var again = await IngestAsync(batch);
        Assert.Empty(again.Inserted);
        Assert.Equal([0, 7, 8], again.DuplicateIndexes);
        Assert.Equal(2, await Get<MentionStore>().CountAsync());
    }

    [Fact]
    public async Task Ingest_MovesThePairScore_RecordsItsHourAndRollups_AndPublishesTheCommit()
    {
        var (pair, brand, person) = await PairAsync("Lumen Knits", "Nova Reyes", "nova");
        var published = new List<LiveEvent>();
        using var _ = Get<LiveNotifier>().Subscribe(published.Add);

        var batch = Enumerable.Range(0, 6).Select(i => Mention($"m{i}", $"{person} was awful and rude about {brand} #{i}", T0.AddMinutes(-10 * i), $"critic{i}", 20_000)).ToArray();
        var result = await IngestAsync(batch);
        Assert.Equal(6, result.Accepted);

        var view = await Get<PairReadModel>().FindAsync(pair.Id, _ => true);
        Assert.NotNull(view);
        Assert.True(view.Score.Score < FusionScore.NeutralScore - 1, $"six negative co-mentions lower the score: {view.Score.Score}");
        Assert.Equal(6, view.Score.CoMentions);
        Assert.NotEmpty(view.Drivers);

        // History is the follow-up's: nothing per pair is written in the ingest transaction.
        Assert.Empty(await Get<HistoryStore>().HourlyAsync(pair.Id, T0.AddHours(-1), T0.AddHours(1)));
        await Get<AlertMonitor>().EvaluateAsync();
        var hour = Assert.Single(await Get<HistoryStore>().HourlyAsync(pair.Id, T0.AddHours(-1), T0.AddHours(1)));
        Assert.Equal(TimeBuckets.HourOf(T0), hour.Hour);
        Assert.Equal(view.Score.Score, hour.Score, 9);

        var rollups = Get<RollupStore>();
        var pairHours = await rollups.HourlyAsync(brand: false, pair.Id, T0.AddHours(-2), T0.AddHours(1));
        Assert.Equal(6, pairHours.Sum(r => r.Mentions));
        Assert.Equal(6, pairHours.Sum(r => r.Negative));
        Assert.Equal(6, (await rollups.HourlyAsync(brand: true, pair.BrandId, T0.AddHours(-2), T0.AddHours(1))).Sum(r => r.Mentions));
        var volumes = await rollups.VolumesSinceAsync([VolumeScope.ForBrand(pair.BrandId), VolumeScope.ForPair(pair.Id)], T0.AddHours(-2));
        Assert.Equal(6, volumes[VolumeScope.ForBrand(pair.BrandId)].Sum(v => v.NegCount));
        Assert.Equal(6, volumes[VolumeScope.ForPair(pair.Id)].Sum(v => v.NegCount));

        Assert.Equal(6, published.OfType<MentionScored>().Count());
        var moved = Assert.Single(published.OfType<ScoreUpdated>());
        Assert.Equal(pair.Id, moved.PairId);
        Assert.True(moved.Delta < 0);
    }

    [Fact]
    public async Task OwnPosts_AreDecidedByTheMatcherOnTheirPlatform_Stored_AndLiftThePair()
    {
        var (pair, brand, _) = await PairAsync("Lumen Knits", "Nova Reyes", "nova");
        // Her own posts on Bluesky, a day apart, her audience growing; the same handle from another platform is not her.
        var result = await IngestAsync(
            Mention("own1", $"wearing my {brand} sweater tonight", T0.AddDays(-2), "nova", 100_000, "bluesky:1"),
            Mention("own2", $"still in my {brand} sweater", T0.AddDays(-1), "nova", 130_000, "bluesky:1"),
            Mention("other", $"nova here, about {brand}", T0.AddDays(-1), "nova", 50, "mastodon:2"));
        Assert.Equal([pair.InfluencerId, pair.InfluencerId, (long?)null], result.Inserted.Select(m => m.Scored.AuthorInfluencerId));

        var view = (await Get<PairReadModel>().FindAsync(pair.Id, _ => true))!;
        Assert.True(view.Score.Components.Lift > 0, $"a growing audience across her own posts is lift: {view.Score.Components}");

        // The recompute reads the stored decision: the same lift comes back.
        await Get<ScoreRecompute>().RunAsync();
        var rebuilt = (await Get<PairReadModel>().FindAsync(pair.Id, _ => true))!;
        Assert.Equal(view.Score.Components.Lift, rebuilt.Score.Components.Lift, 9);
    }

    [Fact]
    public async Task AlertEvaluation_OpensANegativeSpike_WithTopMentionsAndTheirRecurringWords()
    {
        var (pair, brand, _) = await PairAsync("Brightcart", "Dana Ortiz", "dana");
        await CalmPastAsync(brand);
        await Get<AlertMonitor>().EvaluateAsync();
        var burst = Enumerable.Range(0, 30).Select(i => Mention($"angry{i}",
            $"{brand} lost my order again w{i}, awful, I want a refund", T0.AddMinutes(-20 + i * 0.5), $"angry{i}", 40_000)).ToArray();
        await IngestAsync(burst);

        var announced = (await Get<AlertMonitor>().EvaluateAsync()).Alerts;
        var spike = Assert.Single(announced, a => a.Event.AlertKind == AlertKind.NegativeSpike && a.Event.PairId is null);
        Assert.Equal(AlertEventKind.Opened, spike.Event.Kind);
        Assert.Equal(pair.BrandId, spike.Event.BrandId);
        var evidence = spike.Event.Evidence;
        Assert.NotEmpty(evidence.TopMentions);
        Assert.Equal(["again", "awful", "lost", "order", "refund"], evidence.Terms); // in every top mention; ties alphabetical
        Assert.DoesNotContain("brightcart", evidence.Terms); // the brand's own name is not evidence

        var stored = Assert.Single(await Get<AlertStore>().ListAsync("open", null), a => a.Kind == "negativeSpike" && a.PairId is null);
        Assert.Contains("refund", stored.Evidence);

        // The next cycle with nothing new keeps the one incident open and announces nothing.
        Clock.Now = T0.AddMinutes(1);
        Assert.DoesNotContain((await Get<AlertMonitor>().EvaluateAsync()).Alerts, a => a.Event.Key == spike.Event.Key);

        // With nothing new the firing spike is looked at again each minute; once its hour has passed it resolves.
        Clock.Now = T0.AddMinutes(70);
        var resolved = Assert.Single((await Get<AlertMonitor>().EvaluateAsync()).Alerts, a => a.Event.Key == spike.Event.Key);
        Assert.Equal(AlertEventKind.Resolved, resolved.Event.Kind);
    }

    [Fact]
    public async Task Ingest_InALanguageWithoutAModel_IsStoredUnscored_MovesNoScore_RaisesNoAlert_AndIsCounted()
    {
        var (pair, brand, person) = await PairAsync("Brightcart", "Dana Ortiz", "dana");
        // Russian has no model: these are stored and listed, but whatever the English scorer would make of "awful",
        // they must not move the score nor open a spike.
        var burst = Enumerable.Range(0, 30).Select(i => Mention($"ru{i}",
            $"{brand} и {person} снова потеряли мой заказ, это ужасно, верните деньги awful {i}", T0.AddMinutes(-20 + i * 0.5), $"angry{i}", 40_000)).ToArray();
        var result = await IngestAsync(burst);

        Assert.Equal(30, result.Accepted);
        Assert.All(result.Inserted, m => Assert.Equal("ru", m.Scored.Mention.Lang));
        Assert.All(result.Inserted, m => Assert.False(m.Scored.IsScored));
        var page = await Get<MentionStore>().QueryAsync(new MentionQuery(BrandId: pair.BrandId));
        Assert.Equal(30, page.Items.Count);
        Assert.All(page.Items, m => Assert.False(m.Scored));
        Assert.All(page.Items, m => Assert.Equal("ru", m.Mention.Lang));

        var reads = Get<PairReadModel>();
        var view = await reads.FindAsync(pair.Id, _ => true);
        Assert.Equal(FusionScore.NeutralScore, view!.Score.Score);
        Assert.Equal(0, view.Score.CoMentions);
        Assert.Equal(30, await reads.UnscoredMentionsAsync(pair));
        Assert.Equal(30, await reads.UnscoredBrandMentionsAsync(pair.BrandId));
        Assert.Empty(await Get<RollupStore>().HourlyAsync(brand: true, pair.BrandId, T0.AddHours(-2), T0.AddHours(1)));
        Assert.Empty((await Get<AlertMonitor>().EvaluateAsync()).Alerts);

        // English mentions beside them still count, and a recompute rebuilds both the score and the unscored count.
        await IngestAsync(Enumerable.Range(0, 6).Select(i => Mention($"en{i}", $"{person} was awful and rude about {brand} #{i}", T0.AddMinutes(-5 - i), $"critic{i}", 20_000)).ToArray());
        var after = (await reads.FindAsync(pair.Id, _ => true))!.Score;
        Assert.Equal(6, after.CoMentions);
        Assert.True(after.Score < FusionScore.NeutralScore - 1, $"the English complaints move it: {after.Score}");
        await Get<ScoreRecompute>().RunAsync();
        Assert.Equal(after.Score, (await reads.FindAsync(pair.Id, _ => true))!.Score.Score, 9);
        Assert.Equal(30, await reads.UnscoredMentionsAsync(pair));
    }

    [Fact]
    public async Task Recompute_FromStoredHistory_ReproducesTheScoresIngestLeft_WhateverTheOrder()
    {
        var (a, brand, person) = await PairAsync("Gilded Salmon", "Marco Chen", "marco");
        var (b, _, other) = await PairAsync(brand, "Priya Shah", "priya");
        var rng = new Random(4);
        var all = Enumerable.Range(0, 60).Select(i => Mention($"r{i}",
            (i % 3) switch
            {
                0 => $"{person} and {brand} were great together",
                1 => $"{other} was rude at {brand}",
                _ => $"{person} mentioned {brand} and {other}",
            }, T0.AddHours(-rng.Next(24 * 20)), $"fan{i % 7}", rng.Next(10, 2_000_000))).ToArray();
        // Late mentions arrive after newer ones: three batches, newest first.
        foreach (var chunk in all.OrderByDescending(m => m!.CreatedAt).Chunk(20)) await IngestAsync(chunk);

        var reader = Get<PairReadModel>();
        var before = await reader.ViewsAsync([a, b], maxDrivers: 0);
        var (mentions, scopes) = await Get<ScoreRecompute>().RunAsync();
        var after = await reader.ViewsAsync([a, b], maxDrivers: 0);

        Assert.Equal(60, mentions);
        Assert.Equal(5, scopes); // two pairs, two influencers, their one brand
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(before[i].Score.Score, after[i].Score.Score, 9);
            Assert.Equal(before[i].Score.Confidence, after[i].Score.Confidence, 9);
            Assert.Equal(before[i].Score.CoMentions, after[i].Score.CoMentions);
        }
    }

    [Fact]
    public async Task PruneVolumes_DropsFiveMinuteBucketsNoRuleReads_AndKeepsTheRest()
    {
        var (pair, brand, person) = await PairAsync("Northwind", "Sam Lee", "sam");
        await IngestAsync(
            Mention("old", $"{person} was awful at {brand}", T0 - RollupStore.VolumeRetention - TimeSpan.FromHours(1)),
            Mention("new", $"{person} was awful at {brand} again", T0.AddMinutes(-5)));

        Assert.Equal(2, await Get<AlertMonitor>().PruneVolumesAsync());
        var left = (await Get<RollupStore>().VolumesSinceAsync([VolumeScope.ForBrand(pair.BrandId), VolumeScope.ForPair(pair.Id)], DateTimeOffset.UnixEpoch))
            .SelectMany(g => g).ToList();
        Assert.Equal(2, left.Count); // the recent mention's brand and pair buckets
        Assert.All(left, v => Assert.True(v.Bucket >= T0.AddMinutes(-10)));
        Assert.Contains(left, v => v.Scope == VolumeScope.ForPair(pair.Id));
    }

    [Fact]
    public async Task TheCatalogue_MatchesABrandAddedElsewhere_AtOnce_AndIsRebuiltOnlyWhenEntitiesChange()
    {
        Assert.Empty((await IngestAsync(Mention("c1", "Zephyr Foods opened a shop", T0))).Inserted.Single().Scored.BrandIds);
        var catalog = Get<EntityCatalog>();
        var before = await catalog.GetAsync();
        Assert.Same(before, await catalog.CurrentAsync()); // nothing changed: the same snapshot, not a rebuild

        // Added as another instance would: straight to the store, nothing told to this catalogue.
        var zephyr = await Get<EntityStore>().AddBrandAsync("Zephyr Foods");
        Assert.Equal([zephyr.Id], (await IngestAsync(Mention("c2", "Zephyr Foods opened another shop", T0))).Inserted.Single().Scored.BrandIds);
        var after = await catalog.GetAsync();
        Assert.True(after.Version > before.Version);
        Assert.Same(after, await catalog.CurrentAsync());
    }

    [Fact]
    public async Task AMentionStoredJustBeforeItsBrand_IsMatchedByTheRematch_CountsOnce_AndOldOnesAreLeftAlone()
    {
        var old = (await IngestAsync(Mention("r0", "Quill Paper is lovely, said last week", T0.AddDays(-3)))).Inserted.Single();
        Clock.Now = T0 + CatalogRematch.Window + TimeSpan.FromMinutes(1); // r0 was stored a window ago
        var early = (await IngestAsync(Mention("r1", "Quill Paper is great", Clock.Now.AddMinutes(-1)))).Inserted.Single();
        Assert.Empty(early.Scored.BrandIds);

        var quill = await Get<EntityStore>().AddBrandAsync("Quill Paper");
        var rematch = Get<CatalogRematch>();
        Assert.Equal(1, await rematch.CatchUpAsync());

        var linked = await Get<MentionStore>().QueryAsync(new MentionQuery(BrandId: quill.Id));
        Assert.Equal([early.Id], linked.Items.Select(m => m.Id)); // r0 is outside the window
        var brandScope = (await Get<ScopeStore>().LoadAsync([ScopeKey.ForBrand(quill.Id)], withTop: false))[ScopeKey.ForBrand(quill.Id)];
        Assert.Equal(1, brandScope.Count);
        var hourly = await Get<RollupStore>().HourlyAsync(brand: true, quill.Id, Clock.Now.AddHours(-2), Clock.Now.AddHours(1));
        Assert.Equal(1, hourly.Sum(r => r.Mentions));

        // Nothing new since: a second catch-up finds nothing and counts nothing twice.
        Assert.Equal(0, await rematch.CatchUpAsync());
        await Get<EntityStore>().AddBrandAsync("Unrelated Brand"); // a change that matches nothing here
        Assert.Equal(0, await rematch.CatchUpAsync());
        Assert.Equal(1, (await Get<ScopeStore>().LoadAsync([ScopeKey.ForBrand(quill.Id)], withTop: false))[ScopeKey.ForBrand(quill.Id)].Count);
        Assert.Equal(old.Id, (await Get<MentionStore>().QueryAsync(new MentionQuery(Limit: 10))).Items.Min(m => m.Id));
    }

    [Fact]
    public async Task A_party_the_rematch_adds_is_read_per_party_and_its_scope_reads_that()
    {
        // Only the person is tracked when the quarrel arrives: its readings hold her alone.
        var entities = Get<EntityStore>();
        var person = await entities.AddInfluencerAsync("Roxy Vantler");
        Get<EntityCatalog>().Invalidate();
        var quarrel = (await IngestAsync(Mention("q1", "Marrow Diner staff were lovely; Roxy Vantler was rude to them", Clock.Now.AddMinutes(-2)))).Inserted.Single();
        Assert.Equal([person.Id], quarrel.Scored.InfluencerIds);
        Assert.Equal(TargetKind.Influencer, Assert.Single(quarrel.Scored.Targets!).Kind);

        var diner = await entities.AddBrandAsync("Marrow Diner");
        Assert.Equal(1, await Get<CatalogRematch>().CatchUpAsync());

        // The restaurant's reading is its own (its clause praises it), stored with the mention, and its scope reads it.
        var stored = Assert.Single((await Get<MentionStore>().QueryAsync(new MentionQuery(BrandId: diner.Id))).Items);
        var towardDiner = Assert.Single(stored.Targets!, t => t.Kind == TargetKind.Brand && t.Id == diner.Id);
        Assert.Equal(SentimentLabel.Positive, towardDiner.Label);
        Assert.Equal(SentimentLabel.Negative, Assert.Single(stored.Targets!, t => t.Kind == TargetKind.Influencer).Label);
        var scope = (await Get<ScopeStore>().LoadAsync([ScopeKey.ForBrand(diner.Id)], withTop: false))[ScopeKey.ForBrand(diner.Id)];
        Assert.True(scope.Positive > 0 && scope.Negative == 0, $"the restaurant's scope read P {scope.Positive}, N {scope.Negative}");
    }

    /// <summary>A tracked pair (its brand reused when one of that name exists), with the catalogue refreshed.</summary>
    private async Task<(Pair Pair, string Brand, string Person)> PairAsync(string brandName, string person, string handle)
    {
        var entities = Get<EntityStore>();
        var brand = (await entities.BrandsAsync()).FirstOrDefault(x => x.Name == brandName) ?? await entities.AddBrandAsync(brandName);
        var influencer = await entities.AddInfluencerAsync(person, new Dictionary<string, string> { ["bluesky"] = handle });
        var pair = await entities.AddPairAsync(brand.Id, influencer.Id);
        Get<EntityCatalog>().Invalidate();
        return (pair, brand.Name, influencer.Name);
    }
}
