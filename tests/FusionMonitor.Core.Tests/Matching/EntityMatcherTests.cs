using FusionMonitor.Core.Entities;
using FusionMonitor.Core.Matching;
using FusionMonitor.Core.Mentions;

namespace FusionMonitor.Core.Tests.Matching;

public sealed class EntityMatcherTests
{
    private const long Apple = 1, NovaWear = 2, Salmon = 3, Cafe = 4, Acme = 5;
    private const long Nova = 10, Jo = 11;

    private static readonly EntityMatcher Matcher = new(
        [
            new Brand(Apple, "Apple", ["Apple Inc"], ["iPhone", "$AAPL"], ["apple pie", "big apple", "apple juice"]),
            new Brand(NovaWear, "NovaWear", ["Nova Wear"], ["glitter sweater"], []),
            new Brand(Salmon, "The Gilded Salmon", ["Gilded Salmon"], ["#gildedsalmonla"], []),
            new Brand(Cafe, "Café Olé", [], [], []),
            new Brand(Acme, "Coca-Cola", [], [], []),
        ],
        [
            new Influencer(Nova, "Nova Reyes", ["Nova"], new Dictionary<string, string> { ["bluesky"] = "novareyes.bsky.social", ["mastodon"] = "@nova@pop.social", ["x"] = "NovaReyes" }),
            new Influencer(Jo, "Jo Park", [], new Dictionary<string, string> { ["x"] = "jopark" }),
        ]);

    public static TheoryData<string, long[], long[]> TextCases => new()
    {
        // word boundaries: no substring matches
        { "I love my new Apple watch", [Apple], [] },
        { "Dinner at Applebee's tonight", [], [] },
        { "pineapple on pizza", [], [] },
        { "APPLE!!! finally", [Apple], [] },
        { "apple's keynote", [Apple], [] },
        // exclusions veto only where they overlap
        { "grandma's apple pie is the best", [], [] },
        { "New York, the Big Apple", [], [] },
        { "apple pie while reading about Apple earnings", [Apple], [] },
        { "Apple Inc reported", [Apple], [] },
        // keywords and cashtags
        { "my iphone died", [Apple], [] },
        { "$AAPL up 3% today", [Apple], [] },
        { "AAPL without a dollar is just letters", [], [] },
        // accents and case
        { "coffee at cafe ole", [Cafe], [] },
        { "COFFEE AT CAFÉ OLÉ", [Cafe], [] },
        { "Café Olé", [Cafe], [] },
        { "café alone is not the brand", [], [] },
        // hyphenated names
        { "a cold coca cola", [Acme], [] },
        { "a cold Coca-Cola", [Acme], [] },
        { "#cocacola summer", [Acme], [] },
        // hashtags: the name's words run together
        { "#NovaReyes slays", [], [Nova] },
        { "#novawear drop", [NovaWear], [] },
        { "#GildedSalmonLA was rude", [Salmon], [] },
        { "gildedsalmonla without hashtag", [], [] },
        { "word#novareyes is not a hashtag", [], [] },
        // multi-word names need all words in order
        { "nova wears a sweater", [], [Nova] },
        { "the nova wear glitter sweater", [NovaWear], [Nova] },
        { "Reyes Nova is reversed", [], [Nova] },
        // @handles in text, any platform
        { "cc @NovaReyes", [], [Nova] },
        { "thanks @novareyes.bsky.social.", [], [Nova] },
        { "boost @nova@pop.social", [], [Nova] },
        { "mail me at jo@jopark.com", [], [] },
        // several entities in one text
        { "Nova Reyes wore a NovaWear sweater to The Gilded Salmon", [NovaWear, Salmon], [Nova] },
        { "Jo Park says Gilded Salmon > Apple", [Apple, Salmon], [Jo] },
        // nothing
        { "", [], [] },
        { "   ", [], [] },
        { "完全に無関係なテキスト", [], [] },
    };

    [Theory]
    [MemberData(nameof(TextCases))]
    public void Text_matches_exactly_the_expected_entities(string text, long[] brands, long[] influencers)
    {
        var result = Matcher.Match(Mention("rss:1", "someone", text));
        Assert.Equal(brands, result.BrandIds);
        Assert.Equal(influencers, result.InfluencerIds);
    }

    [Theory]
    [InlineData("bluesky:7", "novareyes.bsky.social", true)]
    [InlineData("bluesky", "@NovaReyes.bsky.social", true)]
    [InlineData("x", "novareyes", true)]
    [InlineData("mastodon", "nova@pop.social", true)]
    [InlineData("mastodon", "novareyes", false)] // the x handle on another platform is someone else
    [InlineData("rss:3", "novareyes", false)]
    public void Author_handle_matches_the_influencer_on_that_platform_only(string source, string author, bool matches)
    {
        var result = Matcher.Match(Mention(source, author, "just posted a photo"));
        Assert.Equal(matches ? [Nova] : Array.Empty<long>(), result.InfluencerIds);
        Assert.Equal(matches ? Nova : (long?)null, result.AuthorInfluencerId); // the own-post verdict rides on the result
    }

    [Fact]
    public void Naming_an_influencer_in_the_text_is_not_their_own_post()
    {
        var result = Matcher.Match(Mention("mastodon", "novareyes", "Nova Reyes just posted a photo"));
        Assert.Equal([Nova], result.InfluencerIds);
        Assert.Null(result.AuthorInfluencerId);
    }

    [Fact]
    public void Explain_gives_a_reason_per_matched_entity()
    {
        var result = Matcher.Match(Mention("x", "novareyes", "#NovaWear forever"), explain: true);
        Assert.Contains(result.Reasons, r => r.Contains("influencer 10") && r.Contains("author handle"));
        Assert.Contains(result.Reasons, r => r.Contains("brand 2") && r.Contains("hashtag"));
    }

    [Fact]
    public void Matcher_with_no_entities_matches_nothing()
    {
        var empty = new EntityMatcher([], []);
        Assert.True(empty.Match(Mention("x", "a", "Apple Nova")).IsEmpty);
    }

    [Fact]
    public void Same_entity_named_twice_is_reported_once()
    {
        var result = Matcher.Match(Mention("x", "a", "Apple apple APPLE #apple iPhone $AAPL"));
        Assert.Equal([Apple], result.BrandIds);
    }

    private static IncomingMention Mention(string source, string author, string text) =>
        new(source, "id", text, DateTimeOffset.UnixEpoch, new Author(author));
}
