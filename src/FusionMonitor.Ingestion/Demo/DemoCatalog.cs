using FusionMonitor.Core.Entities;

namespace FusionMonitor.Ingestion.Demo;

/// <summary>
/// The example world the embedded default starts with, after the story the product grew from (shared/seeds/002):
/// a pop artist who wears a fashion brand's glitter sweater on stage, then slates a restaurant and blames its
/// waiters; plus a headphone brand that sponsors her concert, a grocery app, a food critic, a tech reviewer and an
/// ordinary consumer. Ids are local to the catalog (pairs refer to them): the seeder inserts the entities and maps
/// these ids to the store's. Handles are given for the "demo" platform too, so the demo stream's own posts by an
/// influencer match by author.
/// </summary>
public static class DemoCatalog
{
    public const long LumenKnits = 1, GildedSalmon = 2, ArcwaveAudio = 3, Brightcart = 4;
    public const long NovaReyes = 1, MarcoChen = 2, PriyaShah = 3, DanaOrtiz = 4;

    public static IReadOnlyList<Brand> Brands { get; } =
    [
        new(LumenKnits, "Lumen Knits", ["Lumen Knitwear"], ["glitter sweater", "#lumenknits"], ["lumen output"]),
        new(GildedSalmon, "The Gilded Salmon", ["Gilded Salmon"], ["#gildedsalmon"], []),
        new(ArcwaveAudio, "Arcwave", ["Arcwave Audio"], ["Arcwave Live", "#arcwavelive"], []),
        new(Brightcart, "Brightcart", ["Bright Cart"], [], []),
    ];

    public static IReadOnlyList<Influencer> Influencers { get; } =
    [
        new(NovaReyes, "Nova Reyes", ["Nova"], Handles(("demo", "novareyes"), ("x", "novareyes"), ("bluesky", "novareyes.bsky.social"))),
        new(MarcoChen, "Marco Chen", [], Handles(("demo", "marcoeats"), ("mastodon", "marcoeats@food.social"))),
        new(PriyaShah, "Priya Shah", [], Handles(("demo", "priyatests"), ("x", "priyatests"))),
        new(DanaOrtiz, "Dana Ortiz", [], Handles(("demo", "dana_o"))),
    ];

    public static IReadOnlyList<Pair> Pairs { get; } =
    [
        new(1, LumenKnits, NovaReyes),
        new(2, GildedSalmon, NovaReyes),
        new(3, ArcwaveAudio, NovaReyes),
        new(4, GildedSalmon, MarcoChen),
        new(5, ArcwaveAudio, PriyaShah),
        new(6, Brightcart, DanaOrtiz),
    ];

    /// <summary>The handle an influencer posts under in the demo stream.</summary>
    public static string DemoHandle(long influencerId) => Influencers.First(i => i.Id == influencerId).Handles["demo"];

    private static Dictionary<string, string> Handles(params (string Platform, string Handle)[] handles) =>
        handles.ToDictionary(h => h.Platform, h => h.Handle, StringComparer.OrdinalIgnoreCase);
}
