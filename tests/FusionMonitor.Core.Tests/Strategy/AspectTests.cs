using CsCheck;
using FusionMonitor.Core.Strategy;

namespace FusionMonitor.Core.Tests.Strategy;

public sealed class AspectTests
{
    private static readonly AspectLexicon Lexicon = AspectLexicon.Default;

    [Fact]
    public void Aspects_are_found_as_whole_words_any_case_with_plurals_and_multiword_terms_with_their_spans()
    {
        var text = "The WAITERS were rude, the Prices a rip-off; delivery on time though. Staffing was fine, the pricelist too.";
        var hits = Lexicon.Detect(text).ToDictionary(h => h.Aspect);
        Assert.Equal(["staff", "price", "delivery"], hits.Keys);
        Assert.Equal(["WAITERS", "rude"], hits["staff"].Spans.Select(s => text.Substring(s.Start, s.Length)));
        Assert.Equal(["Prices", "rip-off"], hits["price"].Spans.Select(s => text.Substring(s.Start, s.Length)));
        Assert.Equal(["delivery", "on time"], hits["delivery"].Spans.Select(s => text.Substring(s.Start, s.Length)));
        Assert.Empty(Lexicon.Detect("Went there on Friday."));
        Assert.Empty(Lexicon.Detect(""));
        Assert.Equal(["place"], Lexicon.Detect("Café was spotless and CLEAN").Select(h => h.Aspect));
    }

    [Fact]
    public void The_slated_aspect_that_drives_the_verdict_needs_attention_the_praised_one_is_overkill()
    {
        // "Lovely staff, outrageous prices": the reviews read negative overall, as the prices do.
        var mentions = Enumerable.Range(0, 6).Select(i => new AspectMention(-0.6 - i * 0.05,
            new Dictionary<string, double> { ["staff"] = 0.8, ["price"] = -0.9 })).ToList<AspectMention>();
        mentions.Add(new AspectMention(0.1, new Dictionary<string, double>()));
        var rows = ImportancePerformance.Analyse(mentions, ["staff", "quality", "price"]).ToDictionary(r => r.Aspect);
        Assert.Equal(["staff", "price"], rows.Keys); // an aspect nobody names is not listed
        Assert.Equal(Quadrant.ConcentrateHere, rows["price"].Quadrant);
        Assert.Equal(Quadrant.PossibleOverkill, rows["staff"].Quadrant);
        Assert.Equal(-0.9, rows["price"].Performance, 6);
        Assert.Equal(0, rows["staff"].Importance);
        Assert.Equal(6, rows["price"].Mentions);
    }

    [Fact]
    public void Two_aspects_that_each_carry_their_reviews_are_both_important_one_kept_up_one_to_fix()
    {
        var mentions = Enumerable.Range(0, 5).Select(_ => new AspectMention(0.8, new Dictionary<string, double> { ["staff"] = 0.8 }))
            .Concat(Enumerable.Range(0, 5).Select(_ => new AspectMention(-0.8, new Dictionary<string, double> { ["price"] = -0.8 })))
            .Concat(Enumerable.Range(0, 10).Select(i => new AspectMention(i % 2 == 0 ? 0.3 : -0.3, new Dictionary<string, double> { ["place"] = 0.1 })))
            .ToList();
        var rows = ImportancePerformance.Analyse(mentions, ["staff", "price", "place"]).ToDictionary(r => r.Aspect);
        Assert.Equal(rows["staff"].Importance, rows["price"].Importance, 9);
        Assert.Equal(Quadrant.KeepUp, rows["staff"].Quadrant);
        Assert.Equal(Quadrant.ConcentrateHere, rows["price"].Quadrant);
        Assert.Equal(Quadrant.PossibleOverkill, rows["place"].Quadrant); // named often, moves nothing
    }

    [Fact]
    public void Importance_is_within_0_and_1_and_performance_within_minus_1_and_1_for_any_data()
    {
        var aspects = new[] { "a", "b", "c" };
        var mention = Gen.Select(Gen.Double[-1, 1], Gen.Double[-1, 1].Array[3], Gen.Bool.Array[3])
            .Select((y, xs, present) => new AspectMention(y, Enumerable.Range(0, 3).Where(i => present[i]).ToDictionary(i => aspects[i], i => xs[i])));
        mention.List[0, 40].Sample(mentions =>
        {
            foreach (var r in ImportancePerformance.Analyse(mentions, aspects))
            {
                Assert.InRange(r.Importance, 0, 1);
                Assert.InRange(r.Performance, -1, 1);
                Assert.True(r.Mentions > 0);
            }
        });
    }
}
