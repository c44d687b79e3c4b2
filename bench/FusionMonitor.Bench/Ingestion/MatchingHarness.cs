using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using FusionMonitor.Core.Entities;
using FusionMonitor.Core.Matching;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Ingestion.Demo;

namespace FusionMonitor.Bench.Ingestion;

/// <summary>
/// Entity matching throughput: demo-stream texts against a catalog of 200 brands and 200 influencers (the demo's
/// own plus generated ones, each with aliases, keywords, exclusions and handles). Baseline, same run: the obvious
/// implementation, one precompiled case-insensitive word-boundary regex per term, every term tried on every text
/// (no accent folding, no hashtags; it does less than the matcher). Options: <c>-- matching [mentions]</c>.
/// </summary>
public sealed class MatchingHarness : IBenchHarness
{
    public string Name => "matching";

    public string Description => "Entity matching: mentions/s for 200 brands + 200 influencers, against one regex per term";

    public Task RunAsync(string[] args, CancellationToken ct)
    {
        var n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        var (brands, influencers) = Catalog(200);
        var mentions = new DemoStream(new DemoStreamOptions { MentionsPerSecond = 50 }, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
            .Between(TimeSpan.Zero, TimeSpan.FromSeconds(n / 50.0 + 1)).Take(n).ToArray();
        var matcher = new EntityMatcher(brands, influencers);
        var naive = new NaiveMatcher(brands, influencers);

        Console.WriteLine(Machine.Describe());
        Run(mentions, m => matcher.Match(m).BrandIds.Count);
        Run(mentions, m => naive.Match(m));
        var fast = Machine.Median(Enumerable.Range(0, 5).Select(_ => Run(mentions, m => matcher.Match(m).BrandIds.Count)));
        var slow = Machine.Median(Enumerable.Range(0, 3).Select(_ => Run(mentions, m => naive.Match(m))));
        var matched = mentions.Count(m => !matcher.Match(m).IsEmpty);
        Console.WriteLine($"mentions                   {mentions.Length:N0} ({matched:N0} match something)");
        Console.WriteLine($"EntityMatcher mentions/s   {fast:N0}");
        Console.WriteLine($"regex-per-term mentions/s  {slow:N0}");
        Console.WriteLine($"ratio                      {fast / slow:0.0}×");
        Console.WriteLine($"share of the 10,000/s pipeline budget spent matching: {10_000 / fast:P2}");
        return Task.CompletedTask;
    }

    private static double Run(IncomingMention[] mentions, Func<IncomingMention, int> match)
    {
        var sink = 0;
        var sw = Stopwatch.StartNew();
        foreach (var m in mentions) sink += match(m);
        sw.Stop();
        if (sink < 0) Console.WriteLine(sink);
        return mentions.Length / sw.Elapsed.TotalSeconds;
    }

    private static (List<Brand>, List<Influencer>) Catalog(int size)
    {
        var brands = DemoCatalog.Brands.ToList();
        var influencers = DemoCatalog.Influencers.ToList();
        var rng = new Random(3);
        string Word() => string.Concat(Enumerable.Range(0, rng.Next(4, 9)).Select(_ => (char)('a' + rng.Next(26))));
        for (var i = brands.Count; i < size; i++)
            brands.Add(new Brand(i + 1, $"{Word()} {Word()}", [Word()], [Word(), "#" + Word()], [Word() + " " + Word()]));
        for (var i = influencers.Count; i < size; i++)
            influencers.Add(new Influencer(i + 1, $"{Word()} {Word()}", [Word()], new Dictionary<string, string> { ["demo"] = Word(), ["x"] = Word() }));
        return (brands, influencers);
    }

    private sealed class NaiveMatcher
    {
        private readonly (long Id, Regex Pattern)[] _brandTerms;
        private readonly (long Id, Regex Pattern)[] _influencerTerms;

        public NaiveMatcher(List<Brand> brands, List<Influencer> influencers)
        {
            static Regex Word(string term) => new(@"\b" + Regex.Escape(term) + @"\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
            _brandTerms = brands.SelectMany(b => new[] { b.Name }.Concat(b.Aliases).Concat(b.Keywords).Select(t => (b.Id, Word(t)))).ToArray();
            _influencerTerms = influencers.SelectMany(i => new[] { i.Name }.Concat(i.Aliases).Select(t => (i.Id, Word(t)))).ToArray();
        }

        public int Match(IncomingMention m)
        {
            var found = new HashSet<long>();
            foreach (var (id, p) in _brandTerms) if (p.IsMatch(m.Text)) found.Add(id);
            foreach (var (id, p) in _influencerTerms) if (p.IsMatch(m.Text)) found.Add(-id);
            return found.Count;
        }
    }
}
