using CsCheck;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Core.Sentiment;
using static FusionMonitor.Core.Tests.Scoring.EvidenceGen;

namespace FusionMonitor.Core.Tests.Scoring;

/// <summary>
/// A mention re-matched after the catalogue grew (it names more brands or influencers than when it was stored) adds
/// only what it newly feeds: its old rollups plus <see cref="Rollups.Added"/> are the rollups of its new state, and its
/// old scopes plus the new scopes applied alone are the score book of its new state.
/// </summary>
public sealed class RematchPropertyTests
{
    private static readonly ScoreOptions Options = ScoreOptions.Default;

    private static long? PairOf(long brandId, long influencerId) => brandId * 100 + influencerId; // every pair tracked

    /// <summary>A mention as stored (before) and as re-matched (after): the same mention, naming a superset of brands and influencers.</summary>
    private static readonly Gen<(ScoreEvidence Before, ScoreEvidence After, SentimentLabel Label)> Grown =
        from after in Mention()
        from keepBrands in Gen.Bool.Array[after.BrandIds.Count]
        from keepInfluencers in Gen.Bool.Array[after.InfluencerIds.Count]
        from label in Gen.Enum<SentimentLabel>()
        let before = after with
        {
            BrandIds = after.BrandIds.Where((_, i) => keepBrands[i]).ToList(),
            InfluencerIds = after.InfluencerIds.Where((_, i) => keepInfluencers[i]).ToList(),
            AuthorInfluencerId = after.AuthorInfluencerId is { } a && after.InfluencerIds.Where((_, i) => keepInfluencers[i]).Contains(a) ? a : null,
        }
        select (before, after with { AuthorInfluencerId = before.AuthorInfluencerId }, label);

    [Fact]
    public void OldRollupsPlusWhatTheRematchAdds_AreTheRollupsOfTheNewState()
    {
        Grown.List[1, 20].Sample(list =>
        {
            var list2 = list.Select((m, i) => (m.Before with { MentionId = i + 1 }, m.After with { MentionId = i + 1 }, m.Label)).ToList();
            var old = Rollups.Fold(list2.Select(m => (m.Item1, m.Label)), PairOf, Options);
            var added = Rollups.Added(list2, PairOf, Options);
            var whole = Rollups.Fold(list2.Select(m => (m.Item2, m.Label)), PairOf, Options);

            AssertSameRows(whole.Brands, old.Brands.Concat(added.Brands));
            AssertSameRows(whole.Pairs, old.Pairs.Concat(added.Pairs));
            Assert.Equal(Days(whole.PairDays), Days(old.PairDays.Concat(added.PairDays)));
            Assert.Equal(Volumes(whole.Volumes), Volumes(old.Volumes.Concat(added.Volumes)));
        });
    }

    [Fact]
    public void OldScopesPlusTheNewScopesAppliedAlone_AreTheScoreBookOfTheNewState()
    {
        Gen.Select(History(30), Grown).Sample((history, m) =>
        {
            var (before, after) = (m.Before with { MentionId = 999_999 }, m.After with { MentionId = 999_999 });
            var rematched = Book(history.Append(before));
            foreach (var key in ScoreUpdate.AffectedScopes(after).Except(ScoreUpdate.AffectedScopes(before)))
                ScoreUpdate.Apply(after, key, rematched.GetOrAdd(key), Options);
            var whole = Book(history.Append(after));

            foreach (var (b, i) in new[] { (1L, 10L), (1L, 11L), (2L, 10L), (2L, 11L) })
                Assert.Equal(whole.ScoreOf(b, i, Now).Score, rematched.ScoreOf(b, i, Now).Score, 1e-9);
        });
    }

    private static void AssertSameRows(IEnumerable<RollupRow> expected, IEnumerable<RollupRow> actual)
    {
        static Dictionary<(long, DateTimeOffset), (long, long, long, long, double, double, double, double)> Sum(IEnumerable<RollupRow> rows) =>
            rows.GroupBy(r => (r.ScopeId, r.Hour)).ToDictionary(g => g.Key, g => (g.Sum(r => r.Mentions), g.Sum(r => r.Negative), g.Sum(r => r.Neutral),
                g.Sum(r => r.Positive), Math.Round(g.Sum(r => r.PolaritySum), 9), Math.Round(g.Sum(r => r.WeightSum), 9), Math.Round(g.Sum(r => r.NegVolume), 9), Math.Round(g.Sum(r => r.PosVolume), 9)));
        var (e, a) = (Sum(expected), Sum(actual));
        Assert.Equal(e.Keys.Order(), a.Keys.Order());
        foreach (var k in e.Keys) Assert.Equal(e[k], a[k]);
    }

    private static List<(long, DateTimeOffset, long)> Days(IEnumerable<DailyMentions> days) =>
        days.GroupBy(d => (d.PairId, d.Day)).Select(g => (g.Key.PairId, g.Key.Day, g.Sum(d => d.Mentions))).Order().ToList();

    private static List<(string, DateTimeOffset, double, long, double, long)> Volumes(IEnumerable<VolumeRow> rows) =>
        rows.GroupBy(v => (v.Scope.ToString(), v.Bucket)).Select(g => (g.Key.Item1, g.Key.Bucket, Math.Round(g.Sum(v => v.NegVolume), 9), g.Sum(v => v.NegCount), Math.Round(g.Sum(v => v.PosVolume), 9), g.Sum(v => v.PosCount))).Order().ToList();
}
