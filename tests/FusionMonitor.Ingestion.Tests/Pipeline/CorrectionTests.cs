using Dapper;
using FusionMonitor.Core.Entities;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Ingestion.Alerts;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Ingestion.Scoring;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.Storage.Scores;

namespace FusionMonitor.Ingestion.Tests.Pipeline;

public sealed class CorrectionTestsOnPostgres : CorrectionTests { protected override DatabaseKind Kind => DatabaseKind.Postgres; }
public sealed class CorrectionTestsOnSqlite : CorrectionTests { protected override DatabaseKind Kind => DatabaseKind.Sqlite; }

/// <summary>
/// An analyst's correction, on each database: it is kept with who and when, it replaces the model's reading for the
/// score engine and the rollups, the scopes it touches are left exactly as a rebuild from history leaves them, and
/// neither a full recompute nor a model's re-read undoes it.
/// </summary>
public abstract class CorrectionTests : PipelineTestBase
{
    [Fact]
    public async Task A_correction_replaces_the_models_reading_and_leaves_the_scopes_a_full_rebuild_would()
    {
        var (pair, brand, person) = await PairAsync("Halden Coffee", "Mira Solano", "mira");
        var (other, _, _) = await PairAsync(brand, "Jonah Pike", "jonah"); // reads the brand scope: spill-over
        var items = Enumerable.Range(0, 12).Select(i => Mention($"c{i}",
            i % 3 == 0 ? $"{brand} and @mira, awful, so rude" : $"{brand} with @mira, a quiet morning", T0.AddMinutes(-60 + i), $"fan{i}", 5_000 + i)).ToArray();
        var ingest = await IngestAsync(items);
        var wrong = ingest.Inserted[0].Id; // read negative by the model ("awful, so rude")
        var monitor = Get<AlertMonitor>();
        await monitor.EvaluateAsync(); // the follow-up has seen the batch: both pairs recorded, the brand's mark set
        Clock.Now = Clock.Now.AddMinutes(5);
        var reads = Get<PairReadModel>();
        var before = (await reads.FindAsync(pair.Id, _ => true))!.Score;
        var otherBefore = (await reads.FindAsync(other.Id, _ => true))!.Score;

        var outcome = await Get<SentimentCorrections>().CorrectAsync(wrong, SentimentLabel.Positive, "ana (user:7)", _ => true);

        Assert.NotNull(outcome);
        Assert.Equal(SentimentLabel.Negative, outcome.Previous);
        Assert.Contains(outcome.Moved, m => m.PairId == pair.Id && m.Delta > 0);
        var after = (await reads.FindAsync(pair.Id, _ => true))!.Score;
        Assert.True(after.Score > before.Score, $"a complaint read as praise now lifts the pair: {before.Score} -> {after.Score}");
        Assert.True((await reads.FindAsync(other.Id, _ => true))!.Score.Score > otherBefore.Score, "the brand's reputation moved the other pair too");

        // The follow-up takes the rebuilt scopes from the change feed as it does a batch's: the co-mentioned pair gets its
        // hour's history, and the brand's other pair, moved though its mass did not change (one reading changed sign),
        // is re-read, recorded and pushed.
        var cycle = await monitor.EvaluateAsync();
        Assert.True(cycle.Changes >= 3, $"{cycle.Changes} changed scopes");
        var otherAfter = (await reads.FindAsync(other.Id, _ => true))!.Score.Score;
        var recorded = await Get<HistoryStore>().ScoresAtAsync([pair.Id, other.Id], Clock.Now);
        Assert.Equal(after.Score, recorded[pair.Id], 6);
        Assert.Equal(otherAfter, recorded[other.Id], 6);
        Assert.Contains(cycle.Scores.OfType<ScoreUpdated>(), e => e.PairId == other.Id && e.Delta > 0);

        // Kept with who and when; listed with the label in force and the model's own reading beside it.
        var history = await Get<CorrectionStore>().HistoryAsync(wrong);
        var kept = Assert.Single(history);
        Assert.Equal((SentimentLabel.Positive, SentimentLabel.Negative, "ana (user:7)", T0.AddMinutes(5)), (kept.Label, kept.PreviousLabel, kept.CorrectedBy, kept.CorrectedAt));
        var listed = (await Get<MentionStore>().QueryAsync(new MentionQuery(Label: SentimentLabel.Positive, Limit: 100))).Items.Single(m => m.Id == wrong);
        Assert.Equal(SentimentLabel.Negative, listed.Sentiment.Label);
        Assert.Equal(SentimentLabel.Positive, listed.InForce.Label);
        Assert.Equal("ana (user:7)", listed.Correction!.CorrectedBy);
        Assert.DoesNotContain((await Get<MentionStore>().QueryAsync(new MentionQuery(Label: SentimentLabel.Negative, Limit: 100))).Items, m => m.Id == wrong);

        // The rebuilt scopes are exactly what rebuilding every scope from history gives.
        var scopes = await AllScopesAsync();
        await Get<ScoreRecompute>().RunAsync();
        var rebuilt = await AllScopesAsync();
        Assert.Equal(rebuilt.Keys.Order(new KeyOrder()), scopes.Keys.Order(new KeyOrder()));
        foreach (var (key, acc) in rebuilt) Assert.Equal(ScoreJson.Write(acc), ScoreJson.Write(scopes[key]));
        Assert.Equal(after.Score, (await reads.FindAsync(pair.Id, _ => true))!.Score.Score, 9);

        // The hour's rollup counts it as positive now, not negative.
        var hour = (await Get<RollupStore>().HourlyAsync(brand: true, (await BrandIdAsync(brand)), T0.AddHours(-2), T0.AddHours(1)))
            .Aggregate((0L, 0L, 0L), (s, r) => (s.Item1 + r.Negative, s.Item2 + r.Neutral, s.Item3 + r.Positive));
        Assert.Equal((3L, 8L, 1L), hour);
    }

    [Fact]
    public async Task A_brand_added_after_a_correction_is_fed_the_correction_by_the_rematch()
    {
        var (_, brand, _) = await PairAsync("Copper Kiln", "Ada Voss", "adavoss");
        var text = $"{brand} and Saltmarsh Mugs, awful, so rude";
        var id = (await IngestAsync(Mention("k1", text, Clock.Now.AddMinutes(-2)))).Inserted.Single().Id; // read negative
        await Get<SentimentCorrections>().CorrectAsync(id, SentimentLabel.Positive, "ana", _ => true);

        // Saltmarsh Mugs is added afterwards: the re-match links the mention to it, read as the analyst read it.
        var later = await Get<EntityStore>().AddBrandAsync("Saltmarsh Mugs");
        Assert.Equal(1, await Get<CatalogRematch>().CatchUpAsync());
        var key = ScopeKey.ForBrand(later.Id);
        var fed = (await Get<ScopeStore>().LoadAsync([key], withTop: false))[key];
        Assert.True(fed.Positive > 0 && fed.Negative == 0, $"positive {fed.Positive}, negative {fed.Negative}");
        var hour = (await Get<RollupStore>().HourlyAsync(brand: true, later.Id, Clock.Now.AddHours(-2), Clock.Now.AddHours(1))).Single();
        Assert.Equal((1L, 0L), (hour.Positive, hour.Negative));
        // …exactly as rebuilding every scope from history leaves it.
        await Get<ScoreRecompute>().RunAsync();
        Assert.Equal(ScoreJson.Write(fed), ScoreJson.Write((await Get<ScopeStore>().LoadAsync([key], withTop: false))[key]));
    }

    [Fact]
    public async Task A_models_re_read_does_not_undo_a_correction_and_the_latest_correction_is_in_force()
    {
        var (pair, brand, _) = await PairAsync("Velvet Pine", "Tessa Marlow", "tessa");
        var ingest = await IngestAsync(Mention("v1", $"{brand} @tessa I love it, great", T0.AddMinutes(-10)), Mention("v2", $"{brand} @tessa fine", T0.AddMinutes(-9)));
        var id = ingest.Inserted[0].Id;
        var corrections = Get<SentimentCorrections>();
        await corrections.CorrectAsync(id, SentimentLabel.Negative, "first", _ => true);
        Clock.Now = Clock.Now.AddMinutes(1);
        await corrections.CorrectAsync(id, SentimentLabel.Neutral, "second", _ => true);
        var inForce = (await Get<PairReadModel>().FindAsync(pair.Id, _ => true))!.Score.Score;

        // A new model reads the mention again (what fusion rescore stores), then every score is rebuilt.
        await Get<MentionMaintenance>().UpdateReadingsAsync([(id, new SentimentReading(new SentimentScore(0.01f, 0.01f, 0.98f), new LanguageReading("en", 1), true, "new-model"))]);
        await Get<ScoreRecompute>().RunAsync();

        var view = (await Get<MentionStore>().QueryAsync(new MentionQuery(Limit: 10))).Items.Single(m => m.Id == id);
        Assert.Equal(SentimentLabel.Positive, view.Sentiment.Label); // the model's new reading is kept…
        Assert.Equal(SentimentLabel.Neutral, view.InForce.Label);    // …but the latest correction is what counts
        Assert.Equal("second", view.Correction!.CorrectedBy);
        Assert.Equal(2, (await Get<CorrectionStore>().HistoryAsync(id)).Count);
        Assert.Equal(inForce, (await Get<PairReadModel>().FindAsync(pair.Id, _ => true))!.Score.Score, 9);
        Assert.Equal([(SentimentLabel.Neutral, $"{brand} @tessa I love it, great")],
            (await Get<CorrectionStore>().InForceAsync(null)).Select(c => (c.Label, c.Text)));
    }

    [Fact]
    public async Task An_unknown_mention_or_one_the_caller_may_not_see_is_not_corrected()
    {
        var (_, brand, _) = await PairAsync("Copperfield Tea", "Devon Achebe", "devon");
        var id = (await IngestAsync(Mention("u1", $"{brand} @devon awful", T0))).Inserted[0].Id;
        var corrections = Get<SentimentCorrections>();
        Assert.Null(await corrections.CorrectAsync(id + 1000, SentimentLabel.Positive, "x", _ => true));
        Assert.Null(await corrections.CorrectAsync(id, SentimentLabel.Positive, "x", _ => false));
        Assert.Empty(await Get<CorrectionStore>().HistoryAsync(id));
    }

    private sealed class KeyOrder : IComparer<ScopeKey>
    {
        public int Compare(ScopeKey a, ScopeKey b) => (a.Kind, a.BrandId, a.InfluencerId).CompareTo((b.Kind, b.BrandId, b.InfluencerId));
    }

    private async Task<long> BrandIdAsync(string name) => (await Get<EntityStore>().BrandsAsync()).Single(b => b.Name == name).Id;

    private async Task<(Pair Pair, string Brand, string Person)> PairAsync(string brandName, string person, string handle)
    {
        var entities = Get<EntityStore>();
        var brand = (await entities.BrandsAsync()).FirstOrDefault(x => x.Name == brandName) ?? await entities.AddBrandAsync(brandName);
        var influencer = await entities.AddInfluencerAsync(person, new Dictionary<string, string> { ["bluesky"] = handle });
        var pair = await entities.AddPairAsync(brand.Id, influencer.Id);
        Get<EntityCatalog>().Invalidate();
        return (pair, brand.Name, influencer.Name);
    }

    /// <summary>Every stored accumulator, top lists included.</summary>
    private async Task<Dictionary<ScopeKey, ScopeAccumulator>> AllScopesAsync()
    {
        List<ScopeKey> keys;
        await using (var conn = await Get<FusionDatabase>().OpenAsync())
            keys = (await conn.QueryAsync<(long Kind, long BrandId, long InfluencerId)>(
                    "select cast(kind as bigint), cast(brand_id as bigint), cast(influencer_id as bigint) from score_scopes"))
                .Select(k => new ScopeKey((ScopeKind)k.Kind, k.BrandId, k.InfluencerId)).ToList();
        return await Get<ScopeStore>().LoadAsync(keys, withTop: true);
    }
}
