using CsCheck;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Core.Text;
using static FusionMonitor.Core.Tests.Scoring.EvidenceGen;

namespace FusionMonitor.Core.Tests.Scoring;

/// <summary>Repeats and coordination (docs/fusion-score.md, "Repeats and coordination"): the rule and its invariants.</summary>
public sealed class VoiceTests
{
    private static readonly ScoreOptions Options = ScoreOptions.Default;
    private static readonly (long Brand, long Influencer)[] Pairs = [(1, 10), (1, 11), (2, 10), (2, 11)];

    private const string Complaint = "the waiters at this place were rude to my kids and the food came out cold again";

    private static readonly string[] Different =
    [
        "my order arrived two weeks late and support never answered a single email",
        "the sweater shrank after one wash even though I followed the label exactly",
        "charged twice for the same jacket and nobody at the store would refund me",
        "the seams came apart on the first day, what a waste of eighty dollars",
        "sizes are completely off, a medium fits like an extra small child shirt",
        "customer service hung up on me three times when I asked about my return",
        "the colour faded badly and now it looks nothing like the pictures online",
        "waited forty minutes in line just to be told the item was out of stock",
        "the zipper broke the second time I wore it and they refuse to repair it",
        "delivery driver left my parcel in the rain and everything inside got ruined",
    ];

    [Fact]
    public void NearDuplicates_ShareAKey_DifferentComplaintsDoNot_ShortTextsHaveNone()
    {
        var keys = NearDuplicate.Keys(Complaint);
        Assert.Equal(NearDuplicate.Bands, keys.Length);
        Assert.Equal(keys, NearDuplicate.Keys(Complaint));
        // A pasted copy with a handle, a link, other case and punctuation is the same text.
        Assert.Equal(keys, NearDuplicate.Keys("@gildedsalmon THE waiters at this place were rude to my kids, and the food came out cold again!! https://t.co/x1"));
        // One word changed of eighteen still shares a band.
        Assert.True(NearDuplicate.Similar(Complaint, "the waiters at this place were rude to my kids and the food came out cold today"));
        foreach (var a in Different)
        {
            Assert.False(NearDuplicate.Similar(Complaint, a), a);
            foreach (var b in Different.Where(b => b != a)) Assert.False(NearDuplicate.Similar(a, b), $"{a} / {b}");
        }
        Assert.Empty(NearDuplicate.Keys("so rude today"));
        Assert.Empty(NearDuplicate.Keys(null));
    }

    [Fact]
    public void ThirtyRepeats_AndThirtyAccountsPastingOneText_MoveAPairAtMostAQuarterAsFarAsThirtyPeople()
    {
        double Move(Func<int, (string Author, string Text)> post)
        {
            var book = new ScoreBook(Options);
            var before = book.ScoreOf(1, 10, Now).Score;
            for (var i = 0; i < 30; i++)
            {
                var (author, text) = post(i);
                book.Apply(new ScoreEvidence(i + 1, Now.AddMinutes(-60 + i), -0.8, 200, 3, [1], [10], null, author, TextKeys: NearDuplicate.Keys(text)));
            }
            return before - book.ScoreOf(1, 10, Now).Score;
        }

        var people = Move(i => ($"person{i}", Different[i % Different.Length] + $" number {i} of many complaints from {i} people"));
        var repeats = Move(_ => ("angry1", Complaint));
        var pasted = Move(i => ($"bot{i}", Complaint));
        Assert.True(people > 5, $"30 people moved it {people}");
        Assert.True(repeats <= people / 4, $"repeats {repeats} vs people {people}");
        Assert.True(pasted <= people / 4, $"pasted {pasted} vs people {people}");
        // Without the rule (RepeatWeight 1) a repeat counts as a new voice, as before.
        Assert.True(repeats > 0 && pasted > 0);
    }

    [Fact]
    public void AVoiceCountsItsStrongestMentionPlusBetaOfTheRest()
    {
        var book = new ScoreBook(Options);
        var e = new ScoreEvidence(1, Now.AddHours(-1), -1, 0, 0, [1], [], null, "x");
        book.Apply(e);
        var one = book.Find(ScopeKey.ForBrand(1))!.Negative;
        for (var i = 2; i <= 10; i++) book.Apply(e with { MentionId = i });
        var a = book.Find(ScopeKey.ForBrand(1))!;
        Assert.Equal(one * (1 + 9 * Options.RepeatWeight), a.Negative, 1e-9);
        var voice = Assert.Single(Assert.Single(a.Voices).Voices.Values);
        Assert.Equal((10, 1, "x"), (voice.Mentions, voice.Accounts, voice.Author));
        // Another window, another voice.
        book.Apply(e with { MentionId = 11, CreatedAt = Now.AddDays(-2) });
        Assert.Equal(2, a.Voices.Count);
    }

    private static readonly Gen<(string Author, long[] Keys)> Voice = Gen.OneOfConst<(string, long[])>(
        ("a", []), ("b", [1, 2]), ("c", [2, 3]), ("a", [4]), ("d", [4]), ("e", []), ("b", [5]));

    /// <summary>A history where authors repeat and texts are shared, over a short span, so voices form and merge.</summary>
    private static Gen<List<ScoreEvidence>> VoicedHistory(int max = 60, int days = 6) =>
        Gen.Select(Mention(), Voice, Gen.Int[0, days * 24 * 60]).Select((e, v, minutes) => e with { AuthorHandle = v.Author, TextKeys = v.Keys, CreatedAt = Now.AddMinutes(-minutes) })
            .List[0, max].Select(list => list.Select((e, i) => e with { MentionId = i + 1 }).ToList());

    [Fact]
    public void ArrivalOrder_DoesNotChangeTheResult_WithRepeatsAndSharedTexts()
    {
        Gen.Select(VoicedHistory(), Gen.Int).Sample((history, seed) =>
        {
            var shuffled = history.ToArray();
            new Random(seed).Shuffle(shuffled);
            var inOrder = Book(history.OrderBy(e => e.CreatedAt).ThenBy(e => e.MentionId));
            var mixed = Book(shuffled);
            var rebuilt = ScoreBook.Rebuild(shuffled, Options);
            foreach (var (b, i) in Pairs)
            {
                var a = inOrder.ScoreOf(b, i, Now).Score;
                Assert.Equal(a, mixed.ScoreOf(b, i, Now).Score, 1e-6);
                Assert.Equal(a, rebuilt.ScoreOf(b, i, Now).Score, 1e-6);
            }
        });
    }

    [Fact]
    public void ARepeat_RaisesAScopesMassByAtMostBetaOfItsOwn_AndAnyMentionByAtMostItsOwn()
    {
        Gen.Select(VoicedHistory(40, 2), Gen.Int[0, 39], Gen.Double[0, 1]).Sample((history, pick, shrink) =>
        {
            if (history.Count == 0) return;
            var book = Book(history);
            var original = history[pick % history.Count];
            if (!original.Moves || original.Polarity == 0) return;
            // The same account again, in the same window, saying the same at most as strongly: a repeat.
            var repeat = original with { MentionId = 999_999, Polarity = original.Polarity * shrink, Engagement = (long)(original.Engagement * shrink) };
            var mass = ScoreUpdate.AffectedScopes(repeat).ToDictionary(k => k, k => Mass(book.Find(k)));
            book.Apply(repeat);
            var own = MentionWeight.Of(repeat, Options) * Math.Abs(MentionWeight.Polarity(repeat.Polarity)) * Math.Pow(2, (repeat.CreatedAt - Now).TotalDays / Options.HalfLife.TotalDays);
            foreach (var (k, m0) in mass)
            {
                var grew = Mass(book.Find(k)) - m0;
                Assert.True(grew <= Options.RepeatWeight * own + 1e-9 * (1 + m0), $"{k}: grew {grew}, own {own}");
            }
        });

        static double Mass(ScopeAccumulator? a) => a is null ? 0 : (a.Positive + a.Negative) * a.DecayTo(Now);
    }

    [Fact]
    public void RepeatWeightOne_CountsEveryMentionInFull()
    {
        var options = Options with { RepeatWeight = 1 };
        var book = new ScoreBook(options);
        var e = new ScoreEvidence(1, Now.AddHours(-1), -1, 0, 0, [1], [], null, "x", TextKeys: NearDuplicate.Keys(Complaint));
        for (var i = 1; i <= 10; i++) book.Apply(e with { MentionId = i });
        var a = book.Find(ScopeKey.ForBrand(1))!;
        Assert.Equal(10 * MentionWeight.Of(e, options), a.Negative * a.DecayTo(e.CreatedAt), 1e-9);
        Assert.Empty(a.Voices);
    }
}
