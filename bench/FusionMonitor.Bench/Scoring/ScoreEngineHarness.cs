using System.Diagnostics;
using System.Globalization;
using FusionMonitor.Core.Scoring;
using Microsoft.Extensions.DependencyInjection;

namespace FusionMonitor.Bench.Scoring;

/// <summary>
/// In-memory Fusion Score updates for 1,000 pairs (50 brands × 20 influencers), mentions arriving out of order over
/// 30 days. Each mention updates its pair, its influencer and its brand accumulator (one mention-pair update).
/// Baseline, same run: a plain loop adding weight × polarity into three arrays, the least any engine must do.
/// Options: <c>-- score [mentions]</c> (default 2,000,000).
/// </summary>
public sealed class ScoreEngineHarness : IBenchHarness
{
    public string Name => "score";

    public string Description => "Fusion Score engine: in-memory mention-pair updates/s for 1,000 pairs, against a plain sum loop";

    public Task RunAsync(string[] args, CancellationToken ct)
    {
        var n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2_000_000;
        var evidence = Generate(n, seed: 5);
        // The parameters the app runs with (Scoring__* applies here too); the engine itself needs no database.
        using var services = BenchServices.Create(null);
        var options = services.GetRequiredService<ScoreOptions>();

        // Warm up both paths (JIT, tiered compilation), then take the median of five rounds each.
        Engine(evidence, options);
        Baseline(evidence, options);
        var engine = Median(5, () => Engine(evidence, options));
        var baseline = Median(5, () => Baseline(evidence, options));
        var reads = Median(5, () => Reads(evidence, options));

        var engineRate = n / engine.TotalSeconds;
        var baselineRate = n / baseline.TotalSeconds;
        Console.WriteLine($"mentions                      {n:N0} (1 pair each; 1,000 pairs; out of order over 30 days)");
        Console.WriteLine($"engine  mention-pair updates/s {engineRate:N0} (3 accumulator updates each)");
        Console.WriteLine($"baseline plain sum loop /s     {baselineRate:N0}");
        Console.WriteLine($"ratio engine / baseline        {engineRate / baselineRate:0.00}");
        Console.WriteLine($"pair score reads/s             {1_000 * 100 / reads.TotalSeconds:N0}");
        Console.WriteLine($"target ≥ 1,000,000 updates/s   {(engineRate >= 1_000_000 ? "met" : "NOT met")}");
        return Task.CompletedTask;
    }

    private static ScoreEvidence[] Generate(int n, int seed)
    {
        var rng = new Random(seed);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var result = new ScoreEvidence[n];
        var brands = Enumerable.Range(1, 50).Select(b => new long[] { b }).ToArray();
        var influencers = Enumerable.Range(101, 20).Select(i => new long[] { i }).ToArray();
        for (var i = 0; i < n; i++)
        {
            var influencer = influencers[rng.Next(influencers.Length)];
            var own = rng.NextDouble() < 0.05;
            result[i] = new ScoreEvidence(
                i + 1,
                start.AddSeconds(rng.Next(30 * 86_400)),
                rng.NextDouble() * 2 - 1,
                rng.NextDouble() < 0.1 ? null : (long)Math.Pow(10, rng.NextDouble() * 7),
                rng.Next(1_000),
                brands[rng.Next(brands.Length)],
                influencer,
                own ? influencer[0] : null,
                "author");
        }
        return result;
    }

    private static TimeSpan Engine(ScoreEvidence[] evidence, ScoreOptions options)
    {
        var book = new ScoreBook(options);
        var sw = Stopwatch.StartNew();
        foreach (var e in evidence) book.Apply(e);
        sw.Stop();
        if (book.Scopes.Count != 1_070) throw new InvalidOperationException($"expected 1,070 scopes, got {book.Scopes.Count}");
        return sw.Elapsed;
    }

    private static TimeSpan Baseline(ScoreEvidence[] evidence, ScoreOptions options)
    {
        var pairs = new double[51 * 21];
        var brands = new double[51];
        var influencers = new double[21];
        var sw = Stopwatch.StartNew();
        foreach (var e in evidence)
        {
            var v = MentionWeight.Of(e, options) * e.Polarity;
            var b = (int)e.BrandIds[0];
            var i = (int)e.InfluencerIds[0] - 100;
            pairs[b * 21 + i] += v;
            brands[b] += v;
            influencers[i] += v;
        }
        sw.Stop();
        GC.KeepAlive(pairs);
        return sw.Elapsed;
    }

    private static TimeSpan Reads(ScoreEvidence[] evidence, ScoreOptions options)
    {
        var book = new ScoreBook(options);
        foreach (var e in evidence.AsSpan(0, Math.Min(evidence.Length, 200_000))) book.Apply(e);
        var now = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
        var sum = 0.0;
        var sw = Stopwatch.StartNew();
        for (var round = 0; round < 100; round++)
        {
            for (var b = 1; b <= 50; b++)
            {
                for (var i = 101; i <= 120; i++) sum += book.ScoreOf(b, i, now).Score;
            }
        }
        sw.Stop();
        if (sum <= 0) throw new InvalidOperationException("no scores read");
        return sw.Elapsed;
    }

    private static TimeSpan Median(int rounds, Func<TimeSpan> run) =>
        Enumerable.Range(0, rounds).Select(_ => run()).Order().ElementAt(rounds / 2);
}
