using FusionMonitor.Core.Entities;
using FusionMonitor.Core.Matching;
using FusionMonitor.Core.Mentions;

namespace FusionMonitor.Core.Tests.Matching;

/// <summary>The matcher keeps where the text names each entity: what the per-party reading reads.</summary>
public sealed class MatchedSpanTests
{
    private static readonly EntityMatcher Matcher = new(
        [new Brand(3, "The Gilded Salmon", ["Gilded Salmon"], ["#gildedsalmonla", "$GSLM"], [])],
        [new Influencer(10, "Nova Reyes", ["Nova"], new Dictionary<string, string> { ["bluesky"] = "novareyes" })]);

    private static string[] Named(string text, bool isBrand, long id) =>
        Matcher.MatchText(text).SpansOf(isBrand, id).Select(s => text.Substring(s.Start, s.Length)).ToArray();

    [Fact]
    public void Each_entity_keeps_every_place_it_is_named_in_text_order()
    {
        const string text = "The GILDED Salmon's waiters vs Nova: @novareyes says #GildedSalmonLA and #NovaReyes, $gslm down";
        Assert.Equal(["The GILDED Salmon", "GILDED Salmon", "#GildedSalmonLA", "$gslm"], Named(text, true, 3));
        Assert.Equal(["Nova", "@novareyes", "#NovaReyes"], Named(text, false, 10));
    }

    [Fact]
    public void Spans_are_offsets_into_the_text_as_written_accents_and_case_included()
    {
        var m = new EntityMatcher([new Brand(4, "Café Olé", [], [], [])], []);
        const string text = "Ate at CAFÉ OLÉ — never again";
        var s = Assert.Single(m.MatchText(text).SpansOf(true, 4));
        Assert.Equal("CAFÉ OLÉ", text.Substring(s.Start, s.Length));
    }

    [Fact]
    public void An_influencer_matched_through_the_author_alone_has_no_span()
    {
        var match = Matcher.Match(new IncomingMention("bluesky", "1", "Dinner was lovely tonight", DateTimeOffset.UnixEpoch, new Author("novareyes")));
        Assert.Equal([10L], match.InfluencerIds);
        Assert.Empty(match.SpansOf(false, 10));
    }

    [Fact]
    public void Without_names_blanks_every_name_and_keeps_the_words_around_them_in_place()
    {
        const string text = "The Gilded Salmon's waiters were lovely to Nova and @novareyes";
        var blanked = Matcher.MatchText(text).WithoutNames(text);
        Assert.Equal(text.Length, blanked.Length);
        Assert.Equal("'s waiters were lovely to and", string.Join(' ', blanked.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal("Dinner was lovely", Matcher.MatchText("Dinner was lovely").WithoutNames("Dinner was lovely"));
    }

    [Fact]
    public void Without_names_clips_spans_to_a_cut_copy_of_the_text()
    {
        const string text = "so good, The Gilded Salmon";
        var blanked = Matcher.MatchText(text).WithoutNames(text[..16]);
        Assert.Equal(16, blanked.Length);
        Assert.Equal("so good,", blanked.TrimEnd());
    }
}
