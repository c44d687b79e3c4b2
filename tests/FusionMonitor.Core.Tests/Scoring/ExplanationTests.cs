using FusionMonitor.Core.Scoring;
using FusionMonitor.Core.Text;
using static FusionMonitor.Core.Tests.Scoring.EvidenceGen;

namespace FusionMonitor.Core.Tests.Scoring;

/// <summary>Explanations agree with the move: drivers pull the way the score went, one per author, a coordinated group as one.</summary>
public sealed class ExplanationTests
{
    private static readonly ScoreOptions Options = ScoreOptions.Default;
    private const string Pasted = "this brand treats its workers terribly and everyone should stop buying from them today";

    [Fact]
    public void AFall_IsExplainedByTheMentionsPullingDown_OnePerAuthor_ACoordinatedGroupAsOne()
    {
        var book = new ScoreBook(Options);
        var id = 0L;
        ScoreEvidence Post(string author, double p, long followers, string? text = null, int minutesAgo = 30) =>
            new(++id, Now.AddMinutes(-minutesAgo), p, followers, 10, [1], [10], null, author, TextKeys: NearDuplicate.Keys(text));
        // Older praise from a big account, then the fall: one account complaining five times, twenty accounts pasting one
        // text, a few others, and one more kind word from the big account in the middle of it.
        book.Apply(Post("novareyes", 0.9, 2_000_000, minutesAgo: 600));
        var before = PairStateOf(book);
        for (var i = 0; i < 5; i++) book.Apply(Post("angry1", -0.9, 50_000, $"worst service ever from this brand, complaint number {i} today and counting", 20 - i));
        for (var i = 0; i < 20; i++) book.Apply(Post($"bot{i:00}", -0.8, 300, Pasted, 15));
        book.Apply(Post("critic", -0.7, 5_000, "the new collection is overpriced and the quality has dropped a lot this year"));
        book.Apply(Post("novareyes", 0.3, 2_000_000, minutesAgo: 10));

        var change = ScoreExplainer.Explain(before, Now, PairStateOf(book), Now, Options, maxDrivers: 10);

        Assert.True(change.Delta < -1, change.Summary);
        Assert.NotEmpty(change.Drivers);
        Assert.All(change.Drivers, d => Assert.True(d.Points < 0 && d.Polarity < 0, change.Summary));
        Assert.DoesNotContain(change.Drivers, d => d.Author == "novareyes");
        Assert.Equal(change.Drivers.Count, change.Drivers.Select(d => d.Author).Distinct().Count());
        var group = Assert.Single(change.Drivers, d => d.Author!.StartsWith("bot", StringComparison.Ordinal));
        Assert.True(group.Coordinated);
        Assert.Equal(20, group.Accounts);
        Assert.Contains("coordinated: @bot00 and 19 more accounts posting near-identical text (20 mentions", change.Summary);
        Assert.Contains("@angry1 repeating (five mentions", change.Summary);
        Assert.DoesNotContain("(+", change.Summary);
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    public void Two_people_who_happen_to_write_alike_are_not_named_as_coordinated_but_three_are(int accounts, bool named)
    {
        var book = new ScoreBook(Options);
        var before = PairStateOf(book);
        for (var i = 0; i < accounts; i++)
            book.Apply(new ScoreEvidence(i + 1, Now.AddMinutes(-20 + i), -0.8, 800, 5, [1], [10], null, $"person{i}", TextKeys: NearDuplicate.Keys(Pasted)));
        book.Apply(new ScoreEvidence(50, Now.AddMinutes(-5), -0.7, 900, 5, [1], [10], null, "other", TextKeys: NearDuplicate.Keys("the new collection is overpriced and the quality has dropped a lot this year")));

        var change = ScoreExplainer.Explain(before, Now, PairStateOf(book), Now, Options, maxDrivers: 10);

        Assert.Equal(named, change.Summary.Contains("coordinated: @person0", StringComparison.Ordinal));
        // Counted as one voice either way: the rule does not change, only what the sentence names.
        var group = Assert.Single(change.Drivers, d => d.Author!.StartsWith("person", StringComparison.Ordinal));
        Assert.Equal(accounts, group.Accounts);
    }

    private static PairState PairStateOf(ScoreBook book) => book.StateOf(1, 10).Snapshot();
}

public sealed class CoordinatedEvidenceTests
{
    [Fact]
    public void AlertEvidence_ShowsACoordinatedGroupAsOneMention_WithItsAccounts()
    {
        var options = ScoreOptions.Default;
        var book = new ScoreBook(options);
        const string text = "boycott this brand now, they lied to all of us about where the cotton comes from";
        for (var i = 0; i < 20; i++)
            book.Apply(new ScoreEvidence(i + 1, Now.AddMinutes(-30 + i), -0.8, 5_000, 3, [1], [], null, $"acct{i:00}", TextKeys: NearDuplicate.Keys(text)));
        book.Apply(new ScoreEvidence(100, Now.AddMinutes(-5), -0.9, 500_000, 100, [1], [], null, "someone", TextKeys: NearDuplicate.Keys("my order never arrived and the support line is always busy")));
        book.Apply(new ScoreEvidence(101, Now.AddMinutes(-5), 0.9, 300, 1, [1], [], null, "fan", TextKeys: []));

        var evidence = FusionMonitor.Core.Alerts.AlertEvidenceBuilder.FromScopes([book.Find(ScopeKey.ForBrand(1))!], options);

        Assert.Equal(2, evidence.TopMentions.Count);
        var group = Assert.Single(evidence.TopMentions, m => m.Author!.StartsWith("acct", StringComparison.Ordinal));
        Assert.Equal(20, group.Accounts);
        Assert.Equal(1, Assert.Single(evidence.TopMentions, m => m.Author == "someone").Accounts);
    }
}
