using FusionMonitor.Core.Sentiment;
using FusionMonitor.Core.Text;

namespace FusionMonitor.Core.Strategy;

/// <summary>One customer-experience aspect and the words that name it.</summary>
public sealed record AspectDefinition(string Name, string Description, IReadOnlyList<string> Terms);

/// <summary>Where a text names an aspect: every span of its terms.</summary>
public sealed record AspectHit(string Aspect, IReadOnlyList<TextSpan> Spans);

/// <summary>
/// The taxonomy of customer-experience aspects (seeds/000: which factors matter to customers) as a lexicon: an aspect
/// is named where one of its terms stands as whole words, any case or accent, a single-word term also with a plural
/// "s"/"es". English only (the lexicon's language). Pure; <see cref="Default"/> is the shipped table
/// (docs/fusion-score.md, "Aspects").
/// </summary>
public sealed class AspectLexicon
{
    public static readonly AspectLexicon Default = new([
        new("staff", "staff and service",
            ["staff", "waiter", "waitress", "server", "service", "employee", "cashier", "manager", "receptionist", "barista", "bartender",
             "host", "hostess", "crew", "customer service", "support", "assistant", "clerk", "rude", "polite", "courteous", "attitude"]),
        new("quality", "product quality",
            ["quality", "product", "food", "taste", "tasty", "tasteless", "flavour", "flavor", "dish", "meal", "fresh", "stale", "portion",
             "ingredient", "material", "fabric", "stitching", "durable", "flimsy", "broke", "broken", "defective", "faulty", "coffee",
             "pizza", "burger", "bread", "dessert", "drink", "cocktail", "item", "goods",
             "sweater", "jumper", "cardigan", "knitwear", "wool", "yarn", "scarf", "jacket", "shirt", "jeans", "shoe"]),
        new("price", "price and value",
            ["price", "priced", "pricing", "pricey", "cost", "expensive", "cheap", "overpriced", "affordable", "value", "money", "bill",
             "charge", "charged", "fee", "discount", "refund", "rip off", "ripoff", "rip-off", "bargain", "worth"]),
        new("delivery", "delivery and waiting",
            ["delivery", "delivered", "deliver", "shipping", "shipped", "courier", "parcel", "package", "arrived", "arrival", "late",
             "delay", "delayed", "wait", "waited", "waiting", "queue", "slow", "tracking", "dispatch", "dispatched", "on time"]),
        new("place", "cleanliness and place",
            ["clean", "cleanliness", "dirty", "filthy", "messy", "tidy", "hygiene", "toilet", "bathroom", "restroom", "table", "atmosphere",
             "ambience", "ambiance", "decor", "music", "noisy", "loud", "parking", "location", "store", "shop", "venue", "room", "seating",
             "smell", "smelly"]),
        new("app", "app and website",
            ["app", "website", "web site", "site", "online", "checkout", "login", "log in", "password", "account", "crash", "crashed",
             "bug", "buggy", "glitch", "interface", "page", "browser"]),
    ]);

    private readonly Dictionary<string, List<(string Aspect, string[] Words)>> _byFirstWord = new(StringComparer.Ordinal);

    public IReadOnlyList<AspectDefinition> Aspects { get; }

    public AspectLexicon(IReadOnlyList<AspectDefinition> aspects)
    {
        Aspects = aspects;
        foreach (var a in aspects)
        foreach (var term in a.Terms)
        {
            var words = Words(TextFolding.Fold(term)).Select(w => term.Substring(w.Start, w.Length)).Select(TextFolding.Fold).ToArray();
            if (words.Length == 0) continue;
            var forms = words.Length == 1 ? new[] { words[0], words[0] + "s", words[0] + "es" } : [words[0]];
            foreach (var first in forms.Distinct())
            {
                if (!_byFirstWord.TryGetValue(first, out var list)) _byFirstWord[first] = list = [];
                list.Add((a.Name, words.Length == 1 ? [first] : words));
            }
        }
    }

    /// <summary>The aspects a text names, in the lexicon's order, each with every span where it is named.</summary>
    public IReadOnlyList<AspectHit> Detect(string text)
    {
        if (string.IsNullOrEmpty(text)) return [];
        var folded = TextFolding.Fold(text);
        var words = Words(folded);
        var hits = new Dictionary<string, List<TextSpan>>(StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++)
        {
            if (!_byFirstWord.TryGetValue(folded.Substring(words[i].Start, words[i].Length), out var candidates)) continue;
            foreach (var (aspect, termWords) in candidates)
            {
                if (i + termWords.Length > words.Count) continue;
                var ok = true;
                for (var k = 1; k < termWords.Length && ok; k++)
                    ok = folded.AsSpan(words[i + k].Start, words[i + k].Length).SequenceEqual(termWords[k]);
                if (!ok) continue;
                var end = words[i + termWords.Length - 1].End;
                if (!hits.TryGetValue(aspect, out var spans)) hits[aspect] = spans = [];
                if (!spans.Any(s => s.Start == words[i].Start)) spans.Add(new TextSpan(words[i].Start, end - words[i].Start));
            }
        }
        return Aspects.Where(a => hits.ContainsKey(a.Name)).Select(a => new AspectHit(a.Name, hits[a.Name])).ToList();
    }

    private static List<TextSpan> Words(string s)
    {
        var words = new List<TextSpan>();
        for (var i = 0; i < s.Length;)
        {
            if (!TextFolding.IsWordChar(s[i])) { i++; continue; }
            var start = i;
            while (i < s.Length && TextFolding.IsWordChar(s[i])) i++;
            words.Add(new TextSpan(start, i - start));
        }
        return words;
    }
}

/// <summary>One analysed mention: its overall polarity toward the brand and the polarity toward each aspect it names.</summary>
public sealed record AspectMention(double Overall, IReadOnlyDictionary<string, double> Aspects);

public enum Quadrant { KeepUp, ConcentrateHere, LowPriority, PossibleOverkill }

/// <summary>One aspect's sums over a period: x the polarity toward it in each mention naming it, y that mention's whole-text polarity.</summary>
public sealed record AspectSums(string Aspect, long Mentions, double XSum, double XxSum, double XySum);

/// <summary>One aspect of a brand's experience over a period.</summary>
public sealed record AspectStanding(string Aspect, long Mentions, double Performance, double Importance, Quadrant Quadrant);

/// <summary>
/// Importance–performance analysis (Martilla &amp; James; seeds/000's importance–performance congruence) of a brand's
/// mentions, per aspect. Pure.
/// <list type="bullet">
/// <item><b>performance</b>: the mean, over the mentions naming the aspect, of the polarity toward it (−1…1);</item>
/// <item><b>importance</b>: how strongly the aspect moves the brand's overall sentiment: the uncentred correlation
/// (cosine) between the aspect's polarity (0 in a mention that does not name it) and the mention's overall polarity,
/// across all analysed mentions, negative values (the aspect pulling against the verdict) counted 0 — so it grows
/// with how often the aspect is named and how closely the verdict follows it, and needs no variance (a set of
/// identical reviews still has an answer). 0…1;</item>
/// <item><b>quadrant</b>: performance high at ≥ 0 (the scale's neutral point); importance high at ≥ the mean
/// importance of the aspects listed, less <see cref="ImportanceTolerance"/> (the grid's crosshair at the mean, as in
/// classic IPA; the tolerance keeps two equally important aspects on the same side). High importance and high
/// performance: keepUp; high importance, low performance: concentrateHere; low and low: lowPriority; low importance,
/// high performance: possibleOverkill.</item>
/// </list>
/// </summary>
public static class ImportancePerformance
{
    public const double ImportanceTolerance = 0.05;

    /// <summary>
    /// Mentions naming an aspect in the period before that a comparison with it needs: with fewer, its importance and
    /// performance are a handful of posts (two reviews that both name the app give it importance 1), and a move from
    /// there says nothing.
    /// </summary>
    public const int MinMentionsToCompare = 5;

    /// <summary>The aspect's standing in the period before when it says enough to compare with (<see cref="MinMentionsToCompare"/>), else null.</summary>
    public static AspectStanding? Comparable(IEnumerable<AspectStanding> before, string aspect) =>
        before.FirstOrDefault(b => b.Aspect == aspect && b.Mentions >= MinMentionsToCompare);

    public static IReadOnlyList<AspectStanding> Analyse(IReadOnlyList<AspectMention> mentions, IReadOnlyList<string> aspectOrder)
    {
        var sums = new Dictionary<string, AspectSums>(StringComparer.Ordinal);
        foreach (var m in mentions)
        foreach (var (aspect, x) in m.Aspects)
        {
            var s = sums.GetValueOrDefault(aspect) ?? new AspectSums(aspect, 0, 0, 0, 0);
            sums[aspect] = s with { Mentions = s.Mentions + 1, XSum = s.XSum + x, XxSum = s.XxSum + x * x, XySum = s.XySum + x * m.Overall };
        }
        return Analyse(sums.Values.ToList(), mentions.Sum(m => m.Overall * m.Overall), aspectOrder);
    }

    /// <summary>
    /// The same analysis from sums (the hourly rollups added up, <see cref="StrategyRollups"/>): per aspect its mentions,
    /// Σx, Σx² and Σxy, and Σy² over every analysed mention (x the polarity toward the aspect, y the whole text's).
    /// </summary>
    public static IReadOnlyList<AspectStanding> Analyse(IReadOnlyList<AspectSums> aspects, double sumYy, IReadOnlyList<string> aspectOrder)
    {
        var byName = aspects.Where(a => a.Mentions > 0).ToDictionary(a => a.Aspect, StringComparer.Ordinal);
        var rows = new List<(string Aspect, long N, double Perf, double Imp)>();
        foreach (var aspect in aspectOrder)
        {
            if (!byName.TryGetValue(aspect, out var a)) continue;
            var denominator = Math.Sqrt(Math.Max(0, a.XxSum) * Math.Max(0, sumYy));
            var importance = denominator > 1e-12 ? Math.Clamp(a.XySum / denominator, 0, 1) : 0;
            rows.Add((aspect, a.Mentions, Math.Clamp(a.XSum / a.Mentions, -1, 1), importance));
        }
        if (rows.Count == 0) return [];
        var crosshair = Crosshair(rows.Select(r => r.Imp));
        return rows.Select(r => new AspectStanding(r.Aspect, r.N, r.Perf, r.Imp, QuadrantOf(r.Imp >= crosshair, r.Perf >= 0))).ToList();
    }

    /// <summary>Where importance turns high: the mean importance of the aspects listed less <see cref="ImportanceTolerance"/> (0 for none).</summary>
    public static double Crosshair(IEnumerable<double> importances)
    {
        var list = importances.ToList();
        return list.Count == 0 ? 0 : list.Average() - ImportanceTolerance;
    }

    public static Quadrant QuadrantOf(bool important, bool performing) => (important, performing) switch
    {
        (true, true) => Quadrant.KeepUp,
        (true, false) => Quadrant.ConcentrateHere,
        (false, false) => Quadrant.LowPriority,
        _ => Quadrant.PossibleOverkill,
    };
}
