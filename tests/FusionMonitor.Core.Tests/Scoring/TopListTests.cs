using CsCheck;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Core.Text;
using static FusionMonitor.Core.Tests.Scoring.EvidenceGen;

namespace FusionMonitor.Core.Tests.Scoring;

/// <summary>
/// The top list each accumulator keeps for explanations holds one entry per voice (docs/fusion-score.md, "Repeats and
/// coordination"): accounts pasting one text take one place, so they cannot crowd out the other people.
/// </summary>
public sealed class TopListTests
{
    private static readonly ScoreOptions Options = ScoreOptions.Default;

    private const string Pasted = "this brand sold me a broken coat and then laughed at me when I asked for a refund";

    /// <summary>People writing in their own words (no two near duplicates: checked below).</summary>
    private static readonly string[] Own =
    [
        "my order arrived two weeks late and support never answered a single email",
        "the sweater shrank after one wash even though I followed the label exactly",
        "charged twice for the same jacket and nobody at the store would refund me",
        "the seams came apart on the first day, what a waste of eighty dollars",
        "customer service hung up on me three times when I asked about my return",
        "the colour faded badly and now it looks nothing like the pictures online",
    ];

    [Fact]
    public void Five_accounts_pasting_one_text_take_one_place_and_the_other_people_keep_theirs()
    {
        foreach (var a in Own.Append(Pasted))
            foreach (var b in Own.Where(b => b != a)) Assert.False(NearDuplicate.Similar(a, b), $"{a} / {b}");
        var book = new ScoreBook(Options);
        var id = 0L;
        // Six big accounts paste one text (each stronger than any single person), four people write their own words.
        for (var i = 0; i < 6; i++)
            book.Apply(new ScoreEvidence(++id, Now.AddMinutes(-50 + i), -0.9, 200_000, 50, [1], [10], null, $"paster{i}", TextKeys: NearDuplicate.Keys(Pasted)));
        for (var i = 0; i < 4; i++)
            book.Apply(new ScoreEvidence(++id, Now.AddMinutes(-30 + i), -0.7, 300, 2, [1], [10], null, $"person{i}", TextKeys: NearDuplicate.Keys(Own[i])));

        foreach (var scope in new[] { ScopeKey.ForPair(1, 10), ScopeKey.ForBrand(1), ScopeKey.ForInfluencer(10) })
        {
            var top = book.Find(scope)!.Top;
            Assert.Equal(5, top.Count);
            Assert.Single(top, c => c.Author!.StartsWith("paster"));
            Assert.Equal(4, top.Count(c => c.Author!.StartsWith("person")));
        }

        var change = ScoreExplainer.Explain(PairState.Empty, Now, book.StateOf(1, 10), Now, Options, maxDrivers: 5);
        Assert.Equal(5, change.Drivers.Count);
        var group = Assert.Single(change.Drivers, d => d.Coordinated);
        Assert.Equal(6, group.Accounts);
        Assert.Equal(4, change.Drivers.Count(d => d.Author!.StartsWith("person")));
    }

    [Fact]
    public void A_mention_that_ties_two_voices_together_leaves_one_entry_for_them()
    {
        var book = new ScoreBook(Options);
        var other = Own[5];
        book.Apply(new ScoreEvidence(1, Now.AddMinutes(-40), -0.9, 5_000, 0, [1], [], null, "ann", TextKeys: NearDuplicate.Keys(Pasted)));
        book.Apply(new ScoreEvidence(2, Now.AddMinutes(-39), -0.8, 4_000, 0, [1], [], null, "bob", TextKeys: NearDuplicate.Keys(other)));
        Assert.Equal(2, book.Find(ScopeKey.ForBrand(1))!.Top.Count);
        // Bob pastes Ann's text: the two are one voice now, and the list keeps its strongest.
        book.Apply(new ScoreEvidence(3, Now.AddMinutes(-38), -0.1, 10, 0, [1], [], null, "bob", TextKeys: NearDuplicate.Keys(Pasted)));
        var top = Assert.Single(book.Find(ScopeKey.ForBrand(1))!.Top);
        Assert.Equal(1, top.MentionId);
    }

    private static readonly Gen<(string Author, long[] Keys)> Voice = Gen.OneOfConst<(string, long[])>(
        ("a", []), ("b", [1, 2]), ("c", [2, 3]), ("a", [4]), ("d", [4]), ("e", []), ("b", [5]), ("f", [6]), ("g", [6]), ("h", [6]), ("i", [6]), ("j", [6]));

    [Fact]
    public void No_two_entries_of_a_top_list_share_an_author_or_a_voice_whatever_the_history()
    {
        var history = Gen.Select(Mention(), Voice, Gen.Int[0, 3 * 24 * 60])
            .Select((e, v, minutes) => e with { AuthorHandle = v.Author, TextKeys = v.Keys, CreatedAt = Now.AddMinutes(-minutes) })
            .List[0, 60].Select(list => list.Select((e, i) => e with { MentionId = i + 1 }).ToList());
        Gen.Select(history, Gen.Int).Sample((h, seed) =>
        {
            var shuffled = h.ToArray();
            new Random(seed).Shuffle(shuffled);
            var book = Book(shuffled);
            foreach (var a in book.Scopes.Values)
            {
                Assert.Equal(a.Top.Count, a.Top.DistinctBy(c => c.Author).Count());
                var voices = a.Top.Select(c => VoiceRule.Find(a, c, Options)).OfType<VoiceRef>().Select(v => (v.Index, v.Id)).ToList();
                Assert.Equal(voices.Count, voices.Distinct().Count());
            }
        });
    }
}
