using FusionMonitor.Core.Entities;
using FusionMonitor.Core.Scoring;

namespace FusionMonitor.Core.Tests.Scoring;

public sealed class HistoryReplayTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private static readonly Pair A = new(1, BrandId: 10, InfluencerId: 100);
    private static readonly Pair B = new(2, BrandId: 10, InfluencerId: 200);
    private static readonly Pair C = new(3, BrandId: 20, InfluencerId: 300);

    private static ScoreEvidence E(long id, DateTimeOffset at, double polarity, long[] brands, long[] influencers, bool scored = true) =>
        new(id, at, polarity, 10_000, 5, brands, influencers, Scored: scored);

    [Fact]
    public void Each_hour_records_the_pairs_it_reached_at_the_score_the_mentions_up_to_its_end_give()
    {
        var evidence = new[]
        {
            E(1, T0.AddMinutes(5), 0.9, [10], [100]), // pair A, and brand 10 reaches B too
            E(2, T0.AddMinutes(50), 0.8, [20], []), // brand 20: pair C
            E(3, T0.AddHours(3).AddMinutes(1), -0.9, [], [200]), // influencer 200 only: pair B
            E(4, T0.AddHours(3).AddMinutes(2), -0.9, [10], [100], scored: false), // unscored: reaches nothing
        };
        var replay = new HistoryReplay([A, B, C], ScoreOptions.Default);
        var points = evidence.SelectMany(replay.Add).ToList();
        points.AddRange(replay.Finish(T0.AddHours(5)));

        Assert.Equal([(1L, T0), (2L, T0), (3L, T0), (2L, T0.AddHours(3))], points.Select(p => (p.PairId, p.Hour)));
        foreach (var p in points)
        {
            var pair = new[] { A, B, C }.Single(x => x.Id == p.PairId);
            var end = p.Hour.AddHours(1);
            var expected = ScoreBook.Rebuild(evidence.Where(e => e.CreatedAt < end), ScoreOptions.Default).ScoreOf(pair.BrandId, pair.InfluencerId, end);
            Assert.Equal(expected.Score, p.Score, 1e-9);
            Assert.Equal(expected.Confidence, p.Confidence, 1e-9);
        }
    }

    [Fact]
    public void The_hour_under_way_is_not_recorded()
    {
        var replay = new HistoryReplay([A], ScoreOptions.Default);
        Assert.Empty(replay.Add(E(1, T0.AddMinutes(10), 0.9, [10], [100])));
        Assert.Empty(replay.Finish(T0.AddMinutes(30)));
        Assert.Single(replay.Finish(T0.AddHours(1)));
    }
}
