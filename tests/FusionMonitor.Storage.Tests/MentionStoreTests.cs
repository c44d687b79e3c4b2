using FusionMonitor.Core.Mentions;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Storage.Mentions;

namespace FusionMonitor.Storage.Tests;

public abstract class MentionStoreTests : StoreTestBase
{
    [Fact]
    public async Task Ingest_NewBatch_StoresEveryMentionWithItsFields()
    {
        var store = new MentionStore(Db);
        var (brand, influencer) = await SeedAsync();
        var result = await store.IngestAsync([Mention("a", "Ünïcødé ✨ text", [brand], [influencer]), Mention("b")], now: T0.AddHours(1));

        Assert.Equal(2, result.Accepted);
        Assert.Equal([0, 1], result.Inserted.Select(i => i.Index));
        var page = await store.QueryAsync(new MentionQuery());
        Assert.Equal(2, page.Items.Count);
        var a = page.Items.Single(m => m.Mention.ExternalId == "a");
        Assert.Equal("Ünïcødé ✨ text", a.Mention.Text);
        Assert.Equal(T0, a.Mention.CreatedAt);
        Assert.Equal(T0.AddMinutes(1), a.IngestedAt);
        Assert.Equal(120, a.Mention.Author.Followers);
        Assert.Equal(new Engagement(3, 1, 0), a.Mention.Engagement);
        Assert.Equal(SentimentLabel.Positive, a.Sentiment.Label);
        Assert.Equal(0.7f, a.Sentiment.PPos);
        Assert.Equal("test-model-1", a.ModelVersion);
        Assert.Equal([brand], a.BrandIds);
        Assert.Equal([influencer], a.InfluencerIds);
    }

    [Fact]
    public async Task Ingest_SameBatchTwice_AddsNothingAndReportsDuplicates()
    {
        var store = new MentionStore(Db);
        var batch = Enumerable.Range(0, 50).Select(i => Mention($"m{i}")).ToList();
        var first = await store.IngestAsync(batch, now: T0.AddHours(1));
        var second = await store.IngestAsync(batch, now: T0.AddHours(1));

        Assert.Equal(50, first.Accepted);
        Assert.Equal(0, second.Accepted);
        Assert.Equal(50, second.Duplicates);
        Assert.Equal(50, await store.CountAsync());
    }

    [Fact]
    public async Task Ingest_SameBatchByTwoWritersAtOnce_StoresEachMentionOnce()
    {
        var store = new MentionStore(Db);
        var (brand, influencer) = await SeedAsync();
        var batch = Enumerable.Range(0, 40).Select(i => Mention($"c{i}", brands: [brand], influencers: [influencer])).ToList();

        await using var connA = await Db.OpenAsync();
        await using var txA = await Db.BeginWriteAsync(connA);
        var first = await store.IngestAsync(connA, txA, batch.Select((m, i) => (i, m)).ToList(), [], T0.AddHours(1), default);
        // The second writer starts while the first has not committed: it cannot see the first one's rows yet.
        var second = Task.Run(() => store.IngestAsync(batch, now: T0.AddHours(1)));
        await Task.Delay(300);
        await txA.CommitAsync();
        var result = await second;

        Assert.Equal(40, first.Accepted);
        Assert.Equal(0, result.Accepted);
        Assert.Equal(40, result.Duplicates);
        Assert.Equal(40, await store.CountAsync());
        var page = await store.QueryAsync(new MentionQuery(BrandId: brand, Limit: 100));
        Assert.Equal(40, page.Items.Count);
        Assert.All(page.Items, m => Assert.Equal([influencer], m.InfluencerIds));
    }

    [Fact]
    public async Task Ingest_DuplicateWithinBatch_KeepsTheFirstAndCountsTheRest()
    {
        var store = new MentionStore(Db);
        var result = await store.IngestAsync([Mention("x", "first"), Mention("x", "second"), Mention("y")], now: T0.AddHours(1));
        Assert.Equal(2, result.Accepted);
        Assert.Equal([1], result.DuplicateIndexes);
        var x = (await store.QueryAsync(new MentionQuery())).Items.Single(m => m.Mention.ExternalId == "x");
        Assert.Equal("first", x.Mention.Text);
    }

    [Fact]
    public async Task Ingest_SameExternalIdFromAnotherSource_IsADifferentMention()
    {
        var store = new MentionStore(Db);
        var result = await store.IngestAsync([Mention("1", source: "rss:1"), Mention("1", source: "rss:2")], now: T0.AddHours(1));
        Assert.Equal(2, result.Accepted);
    }

    [Fact]
    public async Task Ingest_TheOwnPostDecision_IsStoredAndReadBackAsEvidence()
    {
        var store = new MentionStore(Db);
        var (brand, influencer) = await SeedAsync();
        var own = Mention("own", brands: [brand], influencers: [influencer]) with { AuthorInfluencerId = influencer };
        var fan = Mention("fan", brands: [brand], influencers: [influencer]);
        await store.IngestAsync([own, fan], now: T0.AddHours(1));

        var evidence = new Dictionary<long, long?>();
        await foreach (var e in new MentionMaintenance(Db).EvidenceAsync()) evidence[e.MentionId] = e.AuthorInfluencerId;
        Assert.Equal([influencer, null], evidence.OrderBy(kv => kv.Key).Select(kv => kv.Value));
    }

    [Fact]
    public async Task Query_ByBrandWithCursor_PagesThroughEveryMatchOnceNewestFirst()
    {
        var store = new MentionStore(Db);
        var (brand, _) = await SeedAsync();
        // Several mentions share a timestamp, so paging must break ties by id.
        var batch = Enumerable.Range(0, 25)
            .Select(i => Mention($"m{i}", brands: i % 5 == 0 ? [] : [brand], at: T0.AddMinutes(i / 3)))
            .ToList();
        await store.IngestAsync(batch, now: T0.AddHours(1));

        var seen = new List<string>();
        MentionCursor? cursor = null;
        var pages = 0;
        do
        {
            var page = await store.QueryAsync(new MentionQuery(BrandId: brand, Limit: 7, After: cursor));
            seen.AddRange(page.Items.Select(m => m.Mention.ExternalId));
            cursor = page.Next;
            pages++;
        } while (cursor is not null && pages < 20);

        var expected = batch.Select((m, i) => (m, i)).Where(x => x.i % 5 != 0)
            .OrderByDescending(x => x.m.Mention.CreatedAt).ThenByDescending(x => x.i).Select(x => x.m.Mention.ExternalId);
        Assert.Equal(expected, seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task Query_WithAllowedBrands_HidesOtherBrandsMentions()
    {
        var store = new MentionStore(Db);
        var entities = new EntityStore(Db);
        var a = await entities.AddBrandAsync("A");
        var b = await entities.AddBrandAsync("B");
        await store.IngestAsync([Mention("1", brands: [a.Id]), Mention("2", brands: [b.Id]), Mention("3", brands: [a.Id, b.Id])], now: T0.AddHours(1));

        var page = await store.QueryAsync(new MentionQuery(AllowedBrandIds: [a.Id]));
        Assert.Equal(["1", "3"], page.Items.Select(m => m.Mention.ExternalId).Order());
    }

    [Fact]
    public void Cursor_EncodeDecode_RoundTripsAndRejectsGarbage()
    {
        var c = new MentionCursor(T0, 42);
        Assert.True(MentionCursor.TryDecode(c.Encode(), out var back));
        Assert.Equal(c, back);
        Assert.False(MentionCursor.TryDecode("not a cursor!", out _));
        Assert.False(MentionCursor.TryDecode(Convert.ToBase64String("9:x"u8.ToArray()), out _));
    }

    private async Task<(long Brand, long Influencer)> SeedAsync()
    {
        var entities = new EntityStore(Db);
        var b = await entities.AddBrandAsync("Glitter Knits");
        var i = await entities.AddInfluencerAsync("Nova Reyes");
        return (b.Id, i.Id);
    }
}
