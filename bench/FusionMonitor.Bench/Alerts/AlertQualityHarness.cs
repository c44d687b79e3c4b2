using System.Diagnostics;
using FusionMonitor.Core.Alerts;
using FusionMonitor.Core.Entities;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Core.Sentiment;

namespace FusionMonitor.Bench.Alerts;

/// <summary>
/// Alert quality on a synthetic month per brand (issue 17): calm weeks with a daily and weekly rhythm and ordinary
/// complaint rates, then the same month with incidents of a few sizes injected, each replayed by
/// <see cref="AlertBacktest"/> (the live rules, lifecycle and score engine) under every sensitivity preset. Reports
/// false alerts on the calm month, precision, recall and detection delay (from the incident's first post) per
/// preset. Target: 0 false alerts on calm weeks and every incident caught under the default preset (medium).
/// </summary>
public sealed class AlertQualityHarness : IBenchHarness
{
    public string Name => "alerts";

    public string Description => "alert precision/recall/delay per preset on a synthetic month per brand with injected incidents  [--brands N] [--seed N]";

    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero); // a Monday

    public Task RunAsync(string[] args, CancellationToken ct)
    {
        var brands = BenchArgs.Int(args, "--brands", 6);
        var seed = BenchArgs.Int(args, "--seed", 17);
        Console.WriteLine(Machine.Describe());
        var from = Start.AddDays(7);
        var to = Start.AddDays(35);
        var pairs = Enumerable.Range(1, brands).Select(b => new Pair(b, b, b)).ToList();
        var calm = Calm(brands, seed);
        // Incidents: per brand one of three sizes (angry posts over 20 minutes), on different days and hours.
        var sizes = new[] { 12, 25, 60 };
        var incidents = Enumerable.Range(1, brands).Select(b => (Brand: (long)b, At: Start.AddDays(10 + 3 * b).AddHours(9 + 2 * b).AddMinutes(7 * b), Size: sizes[(b - 1) % 3])).ToList();
        var withIncidents = calm.Concat(incidents.SelectMany(i => Incident(i.Brand, i.At, i.Size, seed))).ToList();
        Console.WriteLine($"{brands} brands, {calm.Count:N0} calm mentions over 35 days (≈ {calm.Count / 35.0 / brands:N0} a brand a day), incidents of {string.Join(", ", sizes)} posts in 20 min");
        Console.WriteLine();
        Console.WriteLine("| preset | false alerts, calm month | alerts with incidents | precision | recall | delay p50 | delay max | replay time |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var preset in new[] { Sensitivity.Low, Sensitivity.Medium, Sensitivity.High })
        {
            var options = new AlertOptions(AlertRules.Preset(preset), new Dictionary<long, AlertRules>());
            var ids = pairs.Select(p => p.BrandId).ToList();
            var clock = Stopwatch.StartNew();
            var quiet = AlertBacktest.Run(calm, pairs, ids, from, to, options, ScoreOptions.Default);
            var loud = AlertBacktest.Run(withIncidents, pairs, ids, from, to, options, ScoreOptions.Default);
            clock.Stop();
            var negative = loud.Where(a => a.Kind != AlertKind.PositiveSpike).ToList();
            bool Explains(BacktestAlert a) => incidents.Any(i => i.Brand == a.BrandId && a.OpenedAt >= i.At && a.OpenedAt <= i.At + TimeSpan.FromHours(2));
            var delays = incidents.Select(i => negative.Where(a => a.BrandId == i.Brand && a.OpenedAt >= i.At && a.OpenedAt <= i.At + TimeSpan.FromHours(2))
                .Select(a => (double?)(a.OpenedAt - i.At).TotalMinutes).Min()).ToList();
            var caught = delays.Count(d => d is not null);
            var precision = negative.Count == 0 ? 1 : negative.Count(Explains) / (double)negative.Count;
            var found = delays.OfType<double>().Order().ToList();
            Console.WriteLine($"| {preset.ToString().ToLowerInvariant()} | {quiet.Count} | {loud.Count} | {precision:P0} | {caught}/{incidents.Count} | " +
                $"{(found.Count > 0 ? $"{found[found.Count / 2]:0} min" : "–")} | {(found.Count > 0 ? $"{found[^1]:0} min" : "–")} | {clock.Elapsed.TotalSeconds:0.0} s |");
            foreach (var a in quiet.Take(12)) Console.WriteLine($"    calm-month alert: {a.Kind} brand {a.BrandId} pair {a.PairId} at {a.OpenedAt:MM-dd HH:mm}: {a.Summary}");
            foreach (var (i, d) in incidents.Zip(delays))
                Console.WriteLine($"    incident brand {i.Brand}, {i.Size} posts at {i.At:MM-dd HH:mm}: {(d is { } m ? $"first alert after {m:0} min" : "missed")}");
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Ordinary chatter per brand: about 120 mentions on an average day (quiet at night, busy in the evening,
    /// weekends busier), 20 % of them complaints, half praise, small accounts, a tenth naming the brand's influencer.
    /// </summary>
    public static List<(ScoreEvidence, SentimentLabel)> Calm(int brands, int seed)
    {
        var rng = new Random(seed);
        var result = new List<(ScoreEvidence, SentimentLabel)>();
        long id = 1;
        for (var b = 1L; b <= brands; b++)
        {
            for (var t = Start; t < Start.AddDays(35); t += TimeSpan.FromMinutes(1))
            {
                var rate = 120.0 / 1440 * Rhythm(t);
                if (rng.NextDouble() >= rate) continue;
                var roll = rng.NextDouble();
                var p = roll < 0.2 ? -(0.3 + 0.6 * rng.NextDouble()) : roll < 0.7 ? 0.3 + 0.6 * rng.NextDouble() : 0.2 * (rng.NextDouble() - 0.5);
                var followers = (long)Math.Min(2_000_000, Math.Exp(5.5 + 1.7 * Normal(rng)));
                var withPerson = rng.NextDouble() < 0.1;
                result.Add((new ScoreEvidence(id++, t.AddSeconds(rng.Next(60)), p, followers, (long)(followers * 0.01 * rng.NextDouble()), [b], withPerson ? [b] : [],
                    AuthorHandle: $"u{rng.Next(1_000_000)}"), Label(p)));
            }
        }
        return result;
    }

    /// <summary>An incident: <paramref name="size"/> angry posts about the brand and its influencer over 20 minutes, mid-sized accounts.</summary>
    public static IEnumerable<(ScoreEvidence, SentimentLabel)> Incident(long brand, DateTimeOffset at, int size, int seed)
    {
        var rng = new Random(seed * 31 + (int)brand);
        for (var i = 0; i < size; i++)
        {
            var p = -(0.6 + 0.35 * rng.NextDouble());
            var followers = (long)Math.Exp(7 + 1.5 * Normal(rng));
            yield return (new ScoreEvidence(10_000_000 + brand * 1_000 + i, at + TimeSpan.FromMinutes(20.0 * i / size), p, followers, (long)(followers * 0.02), [brand], [brand],
                AuthorHandle: $"angry{brand}-{i}"), SentimentLabel.Negative);
        }
    }

    private static double Rhythm(DateTimeOffset t)
    {
        var h = t.Hour;
        var day = h < 6 ? 0.3 : h < 9 ? 0.7 : h < 17 ? 1.0 : h < 23 ? 1.7 : 0.8;
        return t.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? day * 1.15 : day;
    }

    private static SentimentLabel Label(double p) => p < -0.2 ? SentimentLabel.Negative : p > 0.2 ? SentimentLabel.Positive : SentimentLabel.Neutral;

    private static double Normal(Random rng) => Math.Sqrt(-2.0 * Math.Log(1.0 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
