namespace FusionMonitor.TestSupport;

/// <summary>
/// Thirty different complaints, no two of them near duplicates (<c>RepetitionApiTests</c> checks): for tests that need
/// many different people saying different things, not one text pasted by many accounts (which counts as one voice).
/// </summary>
public static class DistinctComplaints
{
    public static readonly string[] All =
    [
        "awful quality, my parcel vanished and support never answered a single email",
        "terrible sweater, it shrank to a child's size after one gentle wash",
        "they charged me twice for one jacket and refuse to refund me, disgraceful",
        "horrible stitching, the seams split open on the very first day I wore it",
        "worst sizing ever, a medium fits like an extra small, useless",
        "rude staff hung up on me three times when I asked about a return",
        "disgusting dye, the colour bled all over my white sheets in the wash",
        "pathetic stock, I queued forty minutes to hear nothing was left",
        "broken zipper after two days and they laughed at my repair request",
        "ruined delivery, the courier dumped my box in a puddle and left",
        "dreadful fabric, it pills everywhere and looks ten years old already",
        "scam discount codes that never work at checkout, so dishonest",
        "the app crashes every time I try to pay, furious and fed up",
        "cheap buttons fell off before I even got home, embarrassing rubbish",
        "false advertising, the photos look nothing like the real coat",
        "they lost my refund for six weeks and keep lying about it",
        "my order came with someone else's worn shoes inside, gross",
        "the lining tore at the armpit during a job interview, humiliating",
        "shipping took a month and the tracking page was always blank",
        "itchy wool that gave me a rash, I regret every penny spent",
        "manager shouted at my mother in the store, absolutely shameful",
        "the boots leak water the moment you step on wet grass, junk",
        "customer chat bot loops forever and no human ever replies, infuriating",
        "they sent the wrong colour three times in a row, incompetent",
        "overpriced hoodie fell apart quicker than fast fashion, a joke",
        "the scarf smelled of chemicals so strong it gave me headaches",
        "returns label was rejected by the post office twice, hopeless company",
        "my daughter's party dress ripped before the cake, heartbreaking failure",
        "they cancelled my order without telling me and kept the money",
        "the belt buckle snapped in a week, flimsy and badly made garbage",
    ];

}
