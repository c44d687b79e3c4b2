namespace FusionMonitor.Bench.Strategy;

/// <summary>One generated review: its text and the polarity (+1 / −1) of each aspect it was written to express.</summary>
public sealed record GeneratedReview(string Domain, string Text, IReadOnlyDictionary<string, int> Aspects);

/// <summary>One generated post naming two brands (a restaurant and a shop): the text, each name, and the aspects written about each.</summary>
public sealed record GeneratedPair(string Text, string First, string Second, IReadOnlyDictionary<string, int> AboutFirst, IReadOnlyDictionary<string, int> AboutSecond);

/// <summary>
/// Restaurant and retail reviews with known aspect polarities, for measuring aspect detection (bench -- aspects).
/// Each review states one to three aspects, each in a phrase drawn from a bank of praise and of complaint, joined as
/// people write ("…, but …" when they pull apart), often with an opening or closing line that names no aspect. The
/// banks are written to be fair to the lexicon, not for it: about one phrase in five names its aspect in words the
/// lexicon does not hold ("the team went out of their way", "the steak was overcooked"), and some carry a word of
/// another aspect ("the material is cheap and flimsy"), so misses and false finds are measured, not designed out.
/// Each domain has its own odds of praise per aspect (a restaurant's staff mostly praised and prices mostly slated, a
/// shop's deliveries mostly late), so each aspect's performance has a known sign. Deterministic for a seed.
/// </summary>
public sealed class ReviewGenerator(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly Dictionary<string, (string[] Pos, string[] Neg)> Restaurant = new()
    {
        ["staff"] = (["the staff were lovely", "our waiter was attentive and kind", "the waitress was a delight", "service was friendly and warm",
                      "the team went out of their way for us", "the barista remembered my order, so sweet"],
                     ["the staff were rude", "our waiter ignored us for ages", "the manager was dismissive and unpleasant", "service was cold and unhelpful",
                      "the guy at the door was condescending", "the waitress rolled her eyes at us"]),
        ["quality"] = (["the food was delicious", "every dish was full of flavour", "the pasta was perfectly cooked", "my coffee was excellent",
                        "the dessert was heavenly", "the bread was fresh and warm"],
                       ["the food was bland", "the dish arrived cold and greasy", "the steak was overcooked", "the pizza tasted of cardboard",
                        "the portion was tiny and stale", "my soup was lukewarm and salty"]),
        ["price"] = (["prices are very fair", "great value for money", "it was surprisingly affordable", "a real bargain for the quality"],
                     ["way overpriced", "the bill was outrageous", "far too expensive for what you get", "a total rip-off", "they charged us for tap water"]),
        ["delivery"] = (["we barely had to wait", "the food came out quickly", "our order arrived on time", "no queue at all"],
                        ["we waited an hour for our mains", "the delivery was late and cold", "the queue was ridiculous", "it took forever to get served",
                         "service was painfully slow"]),
        ["place"] = (["the place was spotless and clean", "lovely atmosphere", "cosy decor and soft music", "the terrace is gorgeous"],
                     ["the toilets were filthy", "it was far too noisy to talk", "tables were sticky and dirty", "the room smelled of old grease"]),
        ["app"] = (["booking on the app was easy", "ordering online was simple"],
                   ["the app kept crashing when I tried to book", "the website would not take my booking"]),
    };

    private static readonly Dictionary<string, (string[] Pos, string[] Neg)> Retail = new()
    {
        ["staff"] = (["the staff were really helpful", "the cashier was very polite", "customer service sorted it out in minutes", "the assistant gave great advice",
                      "the people on the shop floor were brilliant"],
                     ["the staff could not care less", "the cashier was rude to my mother", "customer service never answered", "the manager refused to help",
                      "nobody on the shop floor knew anything"]),
        ["quality"] = (["the product works perfectly", "the fabric feels great", "the quality is excellent", "the shoes are comfortable and well made",
                        "the jacket has held up beautifully"],
                       ["the zipper broke after a week", "the material is cheap and flimsy", "the item arrived defective", "the stitching came apart",
                        "the blender died on day two"]),
        ["price"] = (["prices are fair", "great value", "it was on discount and a real bargain", "cheaper than anywhere else"],
                     ["overpriced for what it is", "far too expensive", "they charged me twice", "the fees are a rip-off", "not worth the money"]),
        ["delivery"] = (["delivery was fast", "the parcel arrived a day early", "shipping was quick and tracked", "it was delivered on time"],
                        ["delivery took two weeks", "the parcel arrived late and damaged", "shipping was painfully slow", "the courier never showed up",
                         "my order still has not turned up"]),
        ["place"] = (["the store is bright and tidy", "the shop was clean and well laid out", "easy parking right outside", "a lovely shop to browse"],
                     ["the store was a mess", "the changing rooms were dirty", "the shop was crowded and loud", "there is never any parking"]),
        ["app"] = (["the app is easy to use", "checkout on the website was smooth", "ordering online was simple", "the site is fast and clear"],
                   ["the app kept crashing", "the website is a nightmare", "checkout failed twice", "I could not log in to my account", "the page froze at payment"]),
    };

    /// <summary>The odds that a domain's review praises an aspect (else it complains).</summary>
    private static readonly Dictionary<string, Dictionary<string, double>> Praise = new()
    {
        ["restaurant"] = new() { ["staff"] = 0.75, ["quality"] = 0.7, ["price"] = 0.3, ["delivery"] = 0.35, ["place"] = 0.65, ["app"] = 0.5 },
        ["retail"] = new() { ["staff"] = 0.6, ["quality"] = 0.65, ["price"] = 0.4, ["delivery"] = 0.3, ["place"] = 0.7, ["app"] = 0.35 },
    };

    private static readonly string[] Openers =
        ["Went there last Friday.", "Second visit this month.", "Tried it for the first time.", "Came here with my family.", "Ordered from them again."];

    private static readonly string[] Closers = ["Would go back.", "Never again.", "Mixed feelings overall.", "Recommended.", "Not sure yet."];

    public IReadOnlyList<GeneratedReview> Generate(int count)
    {
        var reviews = new List<GeneratedReview>(count);
        for (var i = 0; i < count; i++)
        {
            var domain = i % 2 == 0 ? "restaurant" : "retail";
            var bank = domain == "restaurant" ? Restaurant : Retail;
            var aspects = bank.Keys.Where(a => domain != "restaurant" || a != "app" || _random.NextDouble() < 0.3).OrderBy(_ => _random.Next()).Take(1 + _random.Next(3)).ToList();
            var truth = new Dictionary<string, int>(StringComparer.Ordinal);
            var parts = new List<(string Phrase, int Sign)>();
            foreach (var a in aspects)
            {
                var sign = _random.NextDouble() < Praise[domain][a] ? 1 : -1;
                var phrases = sign > 0 ? bank[a].Pos : bank[a].Neg;
                truth[a] = sign;
                parts.Add((phrases[_random.Next(phrases.Length)], sign));
            }
            var text = Capital(parts[0].Phrase);
            for (var k = 1; k < parts.Count; k++)
            {
                var sep = parts[k].Sign != parts[k - 1].Sign ? (_random.Next(2) == 0 ? ", but " : ". However, ") : (_random.Next(2) == 0 ? ", and " : ". ");
                text += sep + (sep == ". " ? Capital(parts[k].Phrase) : parts[k].Phrase);
            }
            text += ".";
            if (_random.NextDouble() < 0.4) text = Openers[_random.Next(Openers.Length)] + " " + text;
            if (_random.NextDouble() < 0.4) text += " " + Closers[_random.Next(Closers.Length)];
            reviews.Add(new GeneratedReview(domain, text, truth));
        }
        return reviews;
    }

    /// <summary>
    /// Posts naming a restaurant and a shop, each with aspects of its own (the demo's "Loved my Lumen Knits sweater but
    /// the Gilded Salmon waiters were rude"), in three shapes people write: a review of each after its name ("Gilded
    /// Salmon: … Lumen Knits: …"), one clause each joined by but/and ("at Gilded Salmon the staff were rude, but at
    /// Lumen Knits the fabric feels great"), and the name after the phrase ("the staff were rude at Gilded Salmon, the
    /// fabric feels great at Lumen Knits"). Half the posts name the shop first.
    /// </summary>
    public IReadOnlyList<GeneratedPair> GeneratePairs(int count, string restaurant, string shop)
    {
        var pairs = new List<GeneratedPair>(count);
        for (var i = 0; i < count; i++)
        {
            var (a, aName, aBank, aDomain) = i % 2 == 0 ? ("r", restaurant, Restaurant, "restaurant") : ("s", shop, Retail, "retail");
            var (bName, bBank, bDomain) = i % 2 == 0 ? (shop, Retail, "retail") : (restaurant, Restaurant, "restaurant");
            _ = a;
            var (pa, ta) = Phrase(aBank, aDomain);
            var (pb, tb) = Phrase(bBank, bDomain);
            var text = (i / 2 % 3) switch
            {
                0 => $"{aName}: {Capital(pa)}. {bName}: {Capital(pb)}.",
                1 => $"At {aName} {pa}{(ta.Values.Single() != tb.Values.Single() ? ", but" : " and")} at {bName} {pb}.",
                _ => $"{Capital(pa)} at {aName}, {pb} at {bName}.",
            };
            pairs.Add(new GeneratedPair(text, aName, bName, ta, tb));
        }
        return pairs;
    }

    private (string Phrase, Dictionary<string, int> Truth) Phrase(Dictionary<string, (string[] Pos, string[] Neg)> bank, string domain)
    {
        var aspect = bank.Keys.ElementAt(_random.Next(bank.Count));
        var sign = _random.NextDouble() < Praise[domain][aspect] ? 1 : -1;
        var phrases = sign > 0 ? bank[aspect].Pos : bank[aspect].Neg;
        return (phrases[_random.Next(phrases.Length)], new Dictionary<string, int>(StringComparer.Ordinal) { [aspect] = sign });
    }

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
