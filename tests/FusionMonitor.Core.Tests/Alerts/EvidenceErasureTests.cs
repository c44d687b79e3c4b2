using FusionMonitor.Core.Alerts;

namespace FusionMonitor.Core.Tests.Alerts;

public sealed class EvidenceErasureTests
{
    private static readonly AlertEvidence Evidence = new(
        [new EvidenceMention(1, "troll", -0.9, 3, Text: "awful"), new EvidenceMention(2, "fan", 0.8, 1), new EvidenceMention(3, "troll", -0.7, 2)],
        ["troll", "fan"], ["awful"]);

    [Fact]
    public void Erased_mentions_leave_the_top_list_and_their_author_is_named_no_more()
    {
        var scrubbed = Evidence.Without(new HashSet<long> { 1, 3 });
        Assert.Equal([2L], scrubbed.TopMentions.Select(m => m.MentionId));
        Assert.Equal(["fan"], scrubbed.Authors);
        Assert.Equal(Evidence.Terms, scrubbed.Terms);
    }

    [Fact]
    public void An_author_stays_named_while_one_of_their_mentions_still_backs_the_alert()
    {
        var scrubbed = Evidence.Without(new HashSet<long> { 1 });
        Assert.Equal([2L, 3L], scrubbed.TopMentions.Select(m => m.MentionId));
        Assert.Equal(["troll", "fan"], scrubbed.Authors);
    }

    [Fact]
    public void Evidence_without_the_mentions_is_returned_as_it_is()
    {
        Assert.Same(Evidence, Evidence.Without(new HashSet<long> { 9 }));
        Assert.Same(AlertEvidence.None, AlertEvidence.None.Without(new HashSet<long> { 1 }));
    }
}
