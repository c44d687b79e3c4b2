using System.Globalization;
using System.Text;

namespace FusionMonitor.Core.Scoring;

/// <summary>
/// Explains a score change from a "before" snapshot (<see cref="PairState.Snapshot"/>) and the live state after.
/// Drivers come from the accumulators' bounded top-K lists, so they are the strongest mentions, not every one.
/// </summary>
public static class ScoreExplainer
{
    private static readonly string[] Numbers = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

    public static ScoreChange Explain(
        PairState before, DateTimeOffset beforeAt, PairState after, DateTimeOffset now, ScoreOptions options, int maxDrivers = 3)
    {
        var s0 = FusionScoreCalculator.Score(before, beforeAt, options);
        var s1 = FusionScoreCalculator.Score(after, now, options);
        var dc = new ScoreComponents(
            s1.Components.CoMention - s0.Components.CoMention,
            s1.Components.Influencer - s0.Components.Influencer,
            s1.Components.Brand - s0.Components.Brand,
            s1.Components.Lift - s0.Components.Lift);

        var newCo = (after.Pair?.Count ?? 0) - (before.Pair?.Count ?? 0);
        var newNeg = (after.Pair?.NegativeCount ?? 0) - (before.Pair?.NegativeCount ?? 0);
        var newPos = (after.Pair?.PositiveCount ?? 0) - (before.Pair?.PositiveCount ?? 0);
        var reach = (after.Pair?.Reach ?? 0) - (before.Pair?.Reach ?? 0);
        var newInf = (after.Influencer?.Count ?? 0) - (before.Influencer?.Count ?? 0);
        var newBrand = (after.Brand?.Count ?? 0) - (before.Brand?.Count ?? 0);

        var drivers = Drivers(before, after, s1, now, options, maxDrivers);
        var delta = s1.Score - s0.Score;

        var parts = new List<(double Size, string Text)>();
        if (newCo > 0 || Math.Abs(dc.CoMention) >= 0.05)
        {
            var text = newCo > 0
                ? $"{CoMentionCounts(newNeg, newPos, newCo - newNeg - newPos, delta)}, reach {Compact(reach)}"
                : $"older co-mentions fading {Signed(dc.CoMention)}";
            parts.Add((Math.Abs(dc.CoMention) + 1e-9, text));
        }
        if (Math.Abs(dc.Influencer) >= 0.05)
        {
            parts.Add((Math.Abs(dc.Influencer), $"influencer reputation {Signed(dc.Influencer)}" + (newInf > 0 ? $" ({Count(newInf, "mention")})" : "")));
        }
        if (Math.Abs(dc.Brand) >= 0.05)
        {
            parts.Add((Math.Abs(dc.Brand), $"brand reputation {Signed(dc.Brand)}" + (newBrand > 0 ? $" ({Count(newBrand, "mention")})" : "")));
        }
        if (Math.Abs(dc.Lift) >= 0.05) parts.Add((Math.Abs(dc.Lift), $"audience lift {Signed(dc.Lift)}"));

        var sb = new StringBuilder(Signed(delta)).Append(": ");
        sb.Append(parts.Count == 0 ? "no new evidence" : string.Join("; ", parts.OrderByDescending(p => p.Size).Select(p => p.Text)));
        if (drivers.Count > 0)
        {
            sb.Append("; top: ").Append(string.Join(", ", drivers.Select(d =>
                $"{(d.Author is { Length: > 0 } a ? "@" + a.TrimStart('@') : "#" + d.MentionId.ToString(CultureInfo.InvariantCulture))} ({Signed(d.Points)})")));
        }
        return new ScoreChange(s0, s1, dc, newCo, newNeg, newPos, reach, drivers, sb.ToString());
    }

    /// <summary>Signed points with one decimal and a real minus sign: "+3.1", "−8.2".</summary>
    public static string Signed(double points)
    {
        var r = Math.Round(points, 1);
        var abs = Math.Abs(r).ToString("0.0", CultureInfo.InvariantCulture);
        return r < 0 ? "\u2212" + abs : "+" + abs;
    }

    /// <summary>"2.1M", "15k", "830".</summary>
    public static string Compact(double n) => n switch
    {
        >= 999_500_000 => (n / 1e9).ToString("0.#", CultureInfo.InvariantCulture) + "B",
        >= 999_500 => (n / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + "M",
        >= 1_000 => (n / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        _ => n.ToString("0", CultureInfo.InvariantCulture),
    };

    private static IReadOnlyList<Driver> Drivers(PairState before, PairState after, FusionScore s1, DateTimeOffset now, ScoreOptions options, int max)
    {
        var d = 50.0 / (options.PriorWeight + s1.EvidenceWeight);
        var byMention = new Dictionary<long, (Contribution C, double Points, bool IsNew)>();
        void Collect(ScopeAccumulator? a, ScopeAccumulator? old, double alpha)
        {
            if (a is null || alpha == 0) return;
            var oldIds = old?.Top.Select(c => c.MentionId).ToHashSet() ?? [];
            foreach (var c in a.Top)
            {
                var pts = d * alpha * c.DecayedAt(now, options.HalfLife);
                var isNew = !oldIds.Contains(c.MentionId);
                byMention[c.MentionId] = byMention.TryGetValue(c.MentionId, out var x)
                    ? (c, x.Points + pts, x.IsNew || isNew)
                    : (c, pts, isNew);
            }
        }
        Collect(after.Pair, before.Pair, options.PairWeight);
        Collect(after.Influencer, before.Influencer, options.InfluencerWeight);
        Collect(after.Brand, before.Brand, options.BrandWeight);

        var all = byMention.Values.ToList();
        var fresh = all.Where(x => x.IsNew).ToList();
        return (fresh.Count > 0 ? fresh : all)
            .OrderByDescending(x => Math.Abs(x.Points)).ThenBy(x => x.C.MentionId)
            .Take(max)
            .Select(x => new Driver(x.C.MentionId, x.C.CreatedAt, x.C.Author, x.C.Followers, x.C.Polarity, x.Points))
            .ToList();
    }

    private static string CoMentionCounts(long neg, long pos, long neutral, double delta)
    {
        var parts = new List<string>();
        // Lead with the side that moved the score.
        if (delta < 0) { Add(neg, "negative"); Add(pos, "positive"); }
        else { Add(pos, "positive"); Add(neg, "negative"); }
        Add(neutral, "neutral");
        return string.Join(" and ", parts);

        void Add(long n, string label)
        {
            if (n > 0) parts.Add($"{Word(n)} {label} co-mention{(n == 1 ? "" : "s")}");
        }
    }

    private static string Count(long n, string noun) => $"{Word(n)} new {noun}{(n == 1 ? "" : "s")}";

    private static string Word(long n) => n >= 0 && n < Numbers.Length ? Numbers[n] : n.ToString("N0", CultureInfo.InvariantCulture);
}
