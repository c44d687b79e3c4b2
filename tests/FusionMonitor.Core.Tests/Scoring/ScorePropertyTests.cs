using CsCheck;
using FusionMonitor.Core.Scoring;
using static FusionMonitor.Core.Tests.Scoring.EvidenceGen;

namespace FusionMonitor.Core.Tests.Scoring;

public sealed class ScorePropertyTests
{
    private static readonly ScoreOptions Options = ScoreOptions.Default;
    private static readonly (long Brand, long Influencer)[] Pairs = [(1, 10), (1, 11), (2, 10), (2, 11)];

    [Fact]
    public void Score_IsAlwaysWithin0And100_AtAnyReadTime()
    {
        Gen.Select(History(), Gen.Int[-400, 400]).Sample((history, hours) =>
        {
            var book = Book(history);
            foreach (var (b, i) in Pairs)
            {
                var s = book.ScoreOf(b, i, Now.AddHours(hours));
                Assert.InRange(s.Score, 0, 100);
                Assert.InRange(s.Confidence, 0, 1);
            }
        });
    }

    [Fact]
    public void PositiveCoMention_NeverLowersThePairScore()
    {
        Gen.Select(History(), Gen.Double[0, 1], Gen.Int[0, Span * 24], Gen.Long[0, 50_000_000].Nullable()).Sample((history, p, hoursAgo, followers) =>
        {
            var book = Book(history);
            var before = book.ScoreOf(1, 10, Now).Score;
            book.Apply(new ScoreEvidence(999_999, Now.AddHours(-hoursAgo), p, followers, 10, [1], [10], null, "fan"));
            var after = book.ScoreOf(1, 10, Now).Score;
            Assert.True(after >= before - 1e-9, $"{before} -> {after}");
        });
    }

    [Fact]
    public void WithoutNewEvidence_TheScoreDecaysTowardNeutral()
    {
        Gen.Select(History(), Gen.Int[1, 2000]).Sample((history, hoursLater) =>
        {
            var book = Book(history);
            foreach (var (b, i) in Pairs)
            {
                var now = Math.Abs(book.ScoreOf(b, i, Now).Score - 50);
                var later = Math.Abs(book.ScoreOf(b, i, Now.AddHours(hoursLater)).Score - 50);
                Assert.True(later <= now + 1e-9, $"{now} -> {later}");
            }
        });
    }

    [Fact]
    public void ArrivalOrder_DoesNotChangeTheResult_EvenAcrossAnchorMoves()
    {
        // A one-day half-life makes 200 days of history cross the 64-half-life anchor grid several times.
        var options = Options with { HalfLife = TimeSpan.FromDays(1) };
        Gen.Select(History(80), Gen.Int).Sample((history, seed) =>
        {
            var shuffled = history.ToArray();
            new Random(seed).Shuffle(shuffled);
            var inOrder = Book(history.OrderBy(e => e.CreatedAt), options);
            var mixed = Book(shuffled, options);
            var rebuilt = ScoreBook.Rebuild(shuffled, options);
            foreach (var (b, i) in Pairs)
            {
                var a = inOrder.ScoreOf(b, i, Now);
                var m = mixed.ScoreOf(b, i, Now);
                // Equal up to floating-point summation order (a millionth of a point); Rebuild sorts, so it is bit-exact.
                Assert.Equal(a.Score, m.Score, 1e-6);
                Assert.Equal(a.Components.Lift, m.Components.Lift, 1e-6);
                Assert.Equal(ScoreBook.Rebuild(history, options).ScoreOf(b, i, Now).Score, rebuilt.ScoreOf(b, i, Now).Score);
                Assert.Equal(
                    inOrder.Find(ScopeKey.ForPair(b, i))?.Top.Select(c => c.MentionId).Order().ToArray() ?? [],
                    mixed.Find(ScopeKey.ForPair(b, i))?.Top.Select(c => c.MentionId).Order().ToArray() ?? []);
            }
        });
    }

    [Fact]
    public void OneMentionsEffect_IsBoundedByItsWeight()
    {
        // Own posts also carry follower counts, which move the lift: that is separate evidence, so here third parties.
        Gen.Select(History(), Mention(999_999)).Sample((history, extra) =>
        {
            var e = extra with { AuthorInfluencerId = null };
            var book = Book(history);
            var before = book.ScoreOf(1, 10, Now).Score;
            book.Apply(e);
            var after = book.ScoreOf(1, 10, Now).Score;

            var alpha = (e.BrandIds.Contains(1) && e.InfluencerIds.Contains(10) ? Options.PairWeight : 0)
                        + (e.InfluencerIds.Contains(10) ? Options.InfluencerWeight : 0)
                        + (e.BrandIds.Contains(1) ? Options.BrandWeight : 0);
            var decay = Math.Pow(2, (e.CreatedAt - Now).TotalDays / Options.HalfLife.TotalDays);
            var b = alpha * MentionWeight.Of(e, Options) * Math.Abs(e.Polarity) * decay;
            Assert.True(Math.Abs(after - before) <= 100 * b / (Options.PriorWeight + b) + 1e-9, $"{before} -> {after}, b {b}");
        });
    }

    [Fact]
    public void ASharedScopesChange_MovesEveryPairReadingIt_ByNoMoreThanItsSpillOverBound()
    {
        // The pairs of influencer 10 and of brand 1 with any history of their own, then more evidence about the
        // influencer alone or the brand alone (late or on time), read later: each pair moved by at most the bound.
        Gen.Select(History(), Mention(999_000).List[1, 20], Gen.Bool, Gen.Int[0, 48]).Sample((history, more, brand, hoursLater) =>
        {
            var book = Book(history);
            var key = brand ? ScopeKey.ForBrand(1) : ScopeKey.ForInfluencer(10);
            var mark = book.Find(key) is { } a ? SpillOverMark.Of(a) : (SpillOverMark?)null;
            var read = Now.AddHours(hoursLater);
            (long B, long I)[] readers = brand ? [(1, 10), (1, 11)] : [(1, 10), (2, 10)];
            var before = readers.Select(p => book.ScoreOf(p.B, p.I, read).Score).ToArray();
            foreach (var e in more.Select((e, i) => e with
                     {
                         MentionId = 999_000 + i, AuthorInfluencerId = null,
                         BrandIds = brand ? [1] : [], InfluencerIds = brand ? [] : [10],
                     }))
            {
                book.Apply(e);
            }
            var bound = SpillOver.Bound(key.Kind, book.Find(key)!, mark, read, Options);
            for (var k = 0; k < readers.Length; k++)
            {
                var after = book.ScoreOf(readers[k].B, readers[k].I, read).Score;
                Assert.True(Math.Abs(after - before[k]) <= bound + 1e-9, $"{before[k]} -> {after}, bound {bound}");
            }
        });
    }
}
