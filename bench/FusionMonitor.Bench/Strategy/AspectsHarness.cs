using System.Diagnostics;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Core.Strategy;
using FusionMonitor.Sentiment.Scoring;

namespace FusionMonitor.Bench.Strategy;

/// <summary>
/// Aspect detection (issue 21) measured on generated restaurant and retail reviews whose aspects and polarities are
/// known (<see cref="ReviewGenerator"/>): detection precision and recall per aspect, the sign of each detected
/// aspect's clause reading, and whether each aspect's performance (the mean over the set, as the brand page shows it)
/// has the sign the generator gave it; then the cost per text of detection (the lexicon) and of detection with the
/// clause readings, against the fast model reading the same texts, alternating in one run.
/// </summary>
public sealed class AspectsHarness : IBenchHarness
{
    public string Name => "aspects";

    public string Description => "aspect detection: precision/recall and polarity sign on generated reviews; cost per text vs the fast model";

    public Task RunAsync(string[] args, CancellationToken ct)
    {
        var count = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 4_000;
        Console.WriteLine(Machine.Describe());
        var fast = LinearSentimentScorer.LoadDefault();
        var clauses = new ClauseTargetScorer(fast);
        var lexicon = AspectLexicon.Default;
        var reviews = new ReviewGenerator(seed: 21).Generate(count);
        Console.WriteLine($"{reviews.Count:N0} generated reviews ({reviews.Count(r => r.Domain == "restaurant"):N0} restaurant, {reviews.Count(r => r.Domain == "retail"):N0} retail), " +
                          $"{reviews.Sum(r => r.Aspects.Count):N0} aspect mentions");

        // Quality: detection against the known aspects; the clause reading's sign on the ones found.
        var hits = reviews.Select(r => lexicon.Detect(r.Text)).ToList();
        var withHits = Enumerable.Range(0, reviews.Count).Where(i => hits[i].Count > 0).ToList();
        var scored = clauses.ScoreTargets(withHits.Select(i => new TargetedText(reviews[i].Text, hits[i].Select(h => new SentimentTarget(h.Spans)).ToList())).ToList());
        var readings = new IReadOnlyList<SentimentScore>[reviews.Count];
        for (var i = 0; i < reviews.Count; i++) readings[i] = [];
        for (var j = 0; j < withHits.Count; j++) readings[withHits[j]] = scored[j];
        var names = lexicon.Aspects.Select(a => a.Name).ToList();
        Console.WriteLine($"{"aspect",-9} {"true",6} {"found",6} {"right",6} {"precision",10} {"recall",7} {"sign ok",8}");
        int tp = 0, fp = 0, fn = 0, signOk = 0;
        foreach (var aspect in names)
        {
            int t = 0, f = 0, right = 0, sign = 0;
            for (var i = 0; i < reviews.Count; i++)
            {
                var truth = reviews[i].Aspects.TryGetValue(aspect, out var s) ? s : 0;
                var k = hits[i].ToList().FindIndex(h => h.Aspect == aspect);
                if (truth != 0) t++;
                if (k >= 0) f++;
                if (truth != 0 && k >= 0)
                {
                    right++;
                    if (Math.Sign(readings[i][k].Polarity) == truth) sign++;
                }
            }
            tp += right; fp += f - right; fn += t - right; signOk += sign;
            Console.WriteLine($"{aspect,-9} {t,6} {f,6} {right,6} {Ratio(right, f),10:P1} {Ratio(right, t),7:P1} {Ratio(sign, right),8:P1}");
        }
        Console.WriteLine($"{"all",-9} {tp + fn,6} {tp + fp,6} {tp,6} {Ratio(tp, tp + fp),10:P1} {Ratio(tp, tp + fn),7:P1} {Ratio(signOk, tp),8:P1}");

        // Performance: per domain and aspect, the mean clause reading over the reviews naming it, against the generator's mean.
        Console.WriteLine($"{"domain",-11} {"aspect",-9} {"true mean",10} {"measured",9} {"same sign",10}");
        int cells = 0, agree = 0;
        foreach (var domain in new[] { "restaurant", "retail" })
        foreach (var aspect in names)
        {
            var idx = Enumerable.Range(0, reviews.Count).Where(i => reviews[i].Domain == domain).ToList();
            var truths = idx.Where(i => reviews[i].Aspects.ContainsKey(aspect)).Select(i => (double)reviews[i].Aspects[aspect]).ToList();
            var measured = idx.Select(i => (i, k: hits[i].ToList().FindIndex(h => h.Aspect == aspect))).Where(x => x.k >= 0).Select(x => readings[x.i][x.k].Polarity).ToList();
            if (truths.Count < 20 || measured.Count == 0) continue;
            cells++;
            var same = Math.Sign(truths.Average()) == Math.Sign(measured.Average());
            if (same) agree++;
            Console.WriteLine($"{domain,-11} {aspect,-9} {truths.Average(),10:+0.00;-0.00} {measured.Average(),9:+0.00;-0.00} {(same ? "yes" : "NO"),10}");
        }
        Console.WriteLine($"performance sign right for {agree} of {cells} domain × aspect cells");

        // Attribution: posts naming a restaurant and a shop, each with an aspect of its own; each aspect found is counted
        // for the brands the rule gives it to (AspectAttribution, the brands' spans as the matcher gives them: where the
        // names stand), against the aspects written about each brand, and against giving every aspect to both (before).
        {
            const string restaurant = "Gilded Salmon", shop = "Lumen Knits";
            var pairs = new ReviewGenerator(seed: 2121).GeneratePairs(count / 2, restaurant, shop);
            int right = 0, wrong = 0, truths = 0, naiveWrong = 0, naiveRight = 0;
            foreach (var p in pairs)
            {
                var found = lexicon.Detect(p.Text);
                var named = new[] { (1L, p.First), (2L, p.Second) }
                    .SelectMany(b => Enumerable.Range(0, p.Text.Length).Where(k => string.CompareOrdinal(p.Text, k, b.Item2, 0, b.Item2.Length) == 0)
                        .Select(k => new NamedParty(b.Item1, new TextSpan(k, b.Item2.Length)))).ToList();
                foreach (var (id, truth) in new[] { (1L, p.AboutFirst), (2L, p.AboutSecond) })
                {
                    truths += truth.Count;
                    var mine = AspectAttribution.About(p.Text, found, id, named).Select(h => h.Aspect).ToHashSet();
                    right += mine.Count(truth.ContainsKey); wrong += mine.Count(a => !truth.ContainsKey(a));
                    naiveRight += found.Count(h => truth.ContainsKey(h.Aspect)); naiveWrong += found.Count(h => !truth.ContainsKey(h.Aspect));
                }
            }
            Console.WriteLine($"two brands in one post ({pairs.Count:N0} posts, {truths:N0} brand × aspect truths): attributed precision {Ratio(right, right + wrong):P1}, " +
                              $"recall {Ratio(right, truths):P1}; every aspect to both brands (before): precision {Ratio(naiveRight, naiveRight + naiveWrong):P1}, recall {Ratio(naiveRight, truths):P1}");
        }

        // Cost: alternate the three readings so a noisy neighbour hits all of them alike; the median of five rounds.
        var texts = reviews.Select(r => r.Text).ToList();
        fast.Score(texts.Take(200).ToList());
        var model = new List<double>(); var detect = new List<double>(); var both = new List<double>();
        for (var round = 0; round < 5; round++)
        {
            var sw = Stopwatch.StartNew();
            fast.Score(texts);
            model.Add(sw.Elapsed.TotalMicroseconds / texts.Count);
            sw.Restart();
            var found = texts.Select(lexicon.Detect).ToList();
            detect.Add(sw.Elapsed.TotalMicroseconds / texts.Count);
            sw.Restart();
            found = texts.Select(lexicon.Detect).ToList();
            clauses.ScoreTargets(texts.Select((t, i) => new TargetedText(t, found[i].Select(h => new SentimentTarget(h.Spans)).ToList())).Where(x => x.Targets.Count > 0).ToList());
            both.Add(sw.Elapsed.TotalMicroseconds / texts.Count);
        }
        double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
        Console.WriteLine($"cost per text (median of 5 rounds): fast model {Median(model):F1} µs; aspect detection (lexicon) {Median(detect):F1} µs = " +
                          $"{Median(detect) / Median(model):P1} of it; detection with the clause readings {Median(both):F1} µs = {Median(both) / Median(model):P1} of it");
        Console.WriteLine(Machine.Load());
        return Task.CompletedTask;
    }

    private static double Ratio(int a, int b) => b == 0 ? 0 : a / (double)b;
}
