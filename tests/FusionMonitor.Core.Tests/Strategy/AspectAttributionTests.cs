using FusionMonitor.Core.Sentiment;
using FusionMonitor.Core.Strategy;

namespace FusionMonitor.Core.Tests.Strategy;

public sealed class AspectAttributionTests
{
    private const long Knits = 1, Salmon = 2;

    private static IReadOnlyList<NamedParty> Named(string text, params (long Id, string Name)[] parties) =>
        parties.SelectMany(p => Occurrences(text, p.Name).Select(at => new NamedParty(p.Id, new TextSpan(at, p.Name.Length)))).ToList();

    private static IEnumerable<int> Occurrences(string text, string name)
    {
        for (var at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + 1, StringComparison.Ordinal)) yield return at;
    }

    private static Dictionary<string, string[]> About(string text, long party, IReadOnlyList<NamedParty> named) =>
        AspectAttribution.About(text, AspectLexicon.Default.Detect(text), party, named)
            .ToDictionary(h => h.Aspect, h => h.Spans.Select(s => text.Substring(s.Start, s.Length)).ToArray());

    [Fact]
    public void Each_brand_gets_the_aspects_of_its_own_clause_in_a_post_naming_two()
    {
        const string text = "Loved my Lumen Knits sweater but the Gilded Salmon waiters were rude";
        var named = Named(text, (Knits, "Lumen Knits"), (Salmon, "Gilded Salmon"));
        Assert.Equal(new Dictionary<string, string[]> { ["quality"] = ["sweater"] }, About(text, Knits, named));
        Assert.Equal(new Dictionary<string, string[]> { ["staff"] = ["waiters", "rude"] }, About(text, Salmon, named));
    }

    [Fact]
    public void A_term_in_a_clause_naming_no_brand_goes_to_the_nearest_named_one_and_one_aspect_can_be_both_brands()
    {
        const string text = "Gilded Salmon: rude staff. Lumen Knits, the fabric is lovely, and their staff were kind.";
        var named = Named(text, (Knits, "Lumen Knits"), (Salmon, "Gilded Salmon"));
        Assert.Equal(["staff"], About(text, Salmon, named).Keys);               // "rude staff" names no brand: Gilded Salmon is nearest
        Assert.Equal(["rude", "staff"], About(text, Salmon, named)["staff"]);
        var knits = About(text, Knits, named);
        Assert.Equal(["fabric"], knits["quality"]);                             // nearest: Lumen Knits, just before it
        Assert.Equal(["staff"], knits["staff"]);                                // the second staff, kind, is Lumen Knits'
    }

    [Fact]
    public void A_single_brand_or_a_brand_not_named_in_words_gets_every_aspect_and_a_term_inside_a_name_is_none()
    {
        const string text = "Lumen Knits sweater was lovely but the waiters next door were rude";
        var hits = AspectLexicon.Default.Detect(text);
        var one = Named(text, (Knits, "Lumen Knits"));
        Assert.Equal(["staff", "quality"], AspectAttribution.About(text, hits, Knits, one).Select(h => h.Aspect));
        Assert.Same(hits, AspectAttribution.About(text, hits, Salmon, one));   // Salmon not named in the words: the whole text
        Assert.Same(hits, AspectAttribution.About(text, hits, Knits, []));

        const string named = "Quality Knits: the waiters were rude";
        var parties = Named(named, (Knits, "Quality Knits"));
        Assert.Equal(["staff"], AspectAttribution.About(named, AspectLexicon.Default.Detect(named), Knits, parties).Select(h => h.Aspect));
    }

    [Fact]
    public void Ties_go_to_both_brands()
    {
        const string text = "Lumen Knits and Gilded Salmon both have rude staff";
        var named = Named(text, (Knits, "Lumen Knits"), (Salmon, "Gilded Salmon"));
        Assert.Equal(["staff"], About(text, Salmon, named).Keys);               // nearest in the clause
        Assert.Empty(About(text, Knits, named));                                // farther in the same clause
        const string tie = "rude staff";
        var both = new List<NamedParty> { new(Knits, new TextSpan(0, 0)), new(Salmon, new TextSpan(0, 0)) };
        Assert.Equal(["staff"], About(tie, Knits, both).Keys);
        Assert.Equal(["staff"], About(tie, Salmon, both).Keys);
    }
}
