namespace FusionMonitor.Ingestion.Demo;

/// <summary>
/// The lines the demo's people say. Plain data, kept apart from <see cref="DemoStream"/>'s timing logic.
/// Texts name brands and people the way real posts do (names, aliases, hashtags, @handles) so matching is exercised.
/// </summary>
internal static class DemoScript
{
    /// <summary>The post that starts the incident: petty, public, and blaming the wrong people.</summary>
    public const string IncidentPost =
        "Worst salmon of my life at The Gilded Salmon tonight. Dry, bitter, inedible. And the waiters? Clueless and rude. " +
        "Left a tiny tip and I'm never going back. #gildedsalmon";

    public static readonly string[] BrandPositive =
    [
        "Just got my {brand} order and honestly it's perfect. Love it!",
        "Shout-out to {brand}, their support sorted my problem in five minutes. Great service.",
        "{brand} never disappoints. Best purchase this month. {tag}",
        "Can't stop recommending {brand} to everyone, amazing quality.",
        "Really happy with {brand} lately, they keep getting better.",
    ];

    public static readonly string[] BrandNeutral =
    [
        "Anyone know if {brand} ships to Canada?",
        "Comparing {brand} with a couple of others before deciding.",
        "{brand} announced new store hours for the holidays.",
        "Saw an ad for {brand} on the subway today.",
    ];

    public static readonly string[] BrandNegative =
    [
        "Third time my {brand} order arrived late. Really disappointed.",
        "{brand} customer service is awful, two weeks and no answer.",
        "Not impressed with {brand} this time, felt cheap and overpriced.",
        "Returned my {brand} purchase, broke after a week. Terrible.",
    ];

    public static readonly string[] ConcertPositive =
    [
        "Nova Reyes in that Lumen Knits glitter sweater at the Arcwave Live show!!! Iconic. I need it.",
        "Sold out: the glitter sweater Nova wore on stage. #lumenknits won the night",
        "@novareyes killed it tonight and that sweater from Lumen Knits was everything",
        "Nova Reyes + Lumen Knits is the collab we didn't know we needed. Gorgeous.",
        "Best concert of the year, Nova Reyes was unreal and the Arcwave sound system was crystal clear.",
        "Ordered the Lumen Knits sweater the second I saw Nova wearing it. Zero regrets, it's beautiful.",
    ];

    public static readonly string[] NovaOwnPositive =
    [
        "Thank you for an unforgettable night! Wearing my favourite Lumen Knits sweater, feeling amazing. #arcwavelive",
        "Huge love to the Arcwave crew, best sound I've ever had on stage.",
        "New week, new song, same glitter sweater. Lumen Knits you're the best.",
    ];

    public static readonly string[] CriticOnSalmon =
    [
        "The Gilded Salmon's new tasting menu is a triumph. The staff were warm and attentive. Highly recommend.",
        "Review: Gilded Salmon keeps its crown. Superb fish, lovely service.",
        "Quiet Tuesday at The Gilded Salmon, solid as always.",
    ];

    public static readonly string[] ReviewerOnArcwave =
    [
        "Tested the new Arcwave headphones for a week: excellent noise cancelling, great battery. Recommended.",
        "Arcwave Audio's app update fixed the pairing bug. Nice work.",
        "Arcwave's flagship is good but the price is steep. Mixed feelings.",
    ];

    public static readonly string[] ConsumerOnBrightcart =
    [
        "Brightcart delivered my groceries in 20 minutes, love this app.",
        "Brightcart forgot half my order again. So frustrating.",
        "Trying Brightcart for the first time this weekend.",
    ];

    /// <summary>Replies and reactions in the wave after the incident post; mostly negative about the artist.</summary>
    public static readonly string[] WaveNegativeOnNova =
    [
        "@novareyes blaming the waiters when the kitchen messed up? That's so petty. Disappointed.",
        "Nova Reyes tipping badly and trashing the waitstaff publicly is a terrible look.",
        "Unfollowed Nova Reyes. Punching down at waiters is gross.",
        "Was a fan of Nova but this Gilded Salmon rant is embarrassing. Awful behaviour.",
        "Imagine having millions of fans and using them to bully waiters. Shame on you @novareyes",
        "Nova Reyes complaining about salmon in a Lumen Knits sweater is peak entitlement. Done with both.",
        "Kinda regret buying that Lumen Knits glitter sweater now. Not a good association anymore.",
        "Lumen Knits should rethink who they dress. Nova Reyes was nasty to those waiters.",
    ];

    public static readonly string[] WaveOnSalmon =
    [
        "Worked at The Gilded Salmon, the waiters there are the kindest people. This is unfair to them.",
        "Dry salmon is a kitchen problem, not a waiter problem. Gilded Salmon should still fix it though.",
        "Heard The Gilded Salmon had a bad night. Disappointing food for that price.",
        "The Gilded Salmon's response was classy. Still, bad fish is bad fish.",
    ];

    public static readonly string[] WaveDefendingNova =
    [
        "Honestly Nova Reyes is allowed to have a bad night. Give her a break.",
        "Nova apologised to the staff, that's more than most would do. Respect.",
    ];

    /// <summary>How people open a post; combined with <see cref="Closers"/> so no two people sound alike.</summary>
    public static readonly string[] Openers = ["", "", "", "Honestly — ", "Ok so: ", "PSA: ", "Not gonna lie — ", "Update: ", "Hot take: ", "Quick one: ", "So… ", "Fun fact: "];

    public static readonly string[] Closers = ["", "", "", " 🙌", " Thoughts?", " Just saying.", " #weekend", " (again)", " 10/10", " Anyone else?", " lol", " 🤷"];

    /// <summary>The things people talk about, filling {thing} in <see cref="History"/> lines.</summary>
    public static readonly string[] Things = ["order", "delivery", "app", "new collection", "store", "support chat", "return", "gift card", "latest drop", "loyalty points"];

    /// <summary>The weeks before the story: ordinary, mixed chatter about the brands, mostly mild.</summary>
    public static readonly string[] History =
    [
        "{brand} {thing} arrived a day early, nice surprise.",
        "Still waiting on my {brand} {thing}, tracking hasn't moved since Monday.",
        "Is the {brand} {thing} worth it? Thinking about it.",
        "My {brand} {thing} was fine. Nothing special, nothing wrong.",
        "{brand} fixed my {thing} issue without any fuss. Good people.",
        "Mildly annoyed: {brand} {thing} keeps logging me out.",
        "Love the {brand} {thing}, exactly what I wanted.",
        "The {brand} {thing} queue today was ridiculous.",
        "Two weeks with the {brand} {thing} and no complaints.",
        "{brand} {thing} price went up again? Hmm.",
        "Told my sister about {brand}, she's hooked now.",
        "Tried {brand} for the first time, pretty decent.",
    ];

    public static readonly string[] FirstNames = ["alex", "sam", "jordan", "taylor", "casey", "riley", "morgan", "jamie", "avery", "quinn", "lee", "kim", "mira", "omar", "yuki", "lena", "paolo", "zoe", "ines", "tomás"];

    public static readonly string[] LastNames = ["smith", "garcia", "nguyen", "müller", "rossi", "kowalski", "okafor", "silva", "tanaka", "brown", "dubois", "haddad"];
}
