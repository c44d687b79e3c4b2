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

        var delta = s1.Score - s0.Score;
        var drivers = Drivers(before, after, s1, delta, now, options, maxDrivers);

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
        var repeats = Repeats(before, after, options);

        var sb = new StringBuilder(Signed(delta)).Append(": ");
        sb.Append(parts.Count == 0 ? "no new evidence" : string.Join("; ", parts.OrderByDescending(p => p.Size).Select(p => p.Text)));
        if (repeats is not null) sb.Append("; ").Append(repeats);
        if (drivers.Count > 0)
        {
            sb.Append("; top: ").Append(string.Join(", ", drivers.Select(d =>
                $"{(d.Author is { Length: > 0 } a ? "@" + a.TrimStart('@') : "#" + d.MentionId.ToString(CultureInfo.InvariantCulture))}{(d.Coordinated ? $" +{d.Accounts - 1} accounts" : "")} ({Signed(d.Points)}{Split(d)}{(d.AuthenticityNote is { } note ? "; " + note : "")})")));
        }
        return new ScoreChange(s0, s1, dc, newCo, newNeg, newPos, reach, drivers, sb.ToString());
    }

    /// <summary>
    /// How far apart a driver's readings toward the two parties must be before the explanation says both: a quarrel
    /// ("the staff did nothing wrong, she is a bully") reads +0.6 toward the brand and −0.8 toward her, and one number
    /// would hide which side the post took.
    /// </summary>
    public const double SplitReading = 0.5;

    private static string Split(Driver d) =>
        d is { TowardBrand: { } b, TowardInfluencer: { } i } && Math.Abs(b - i) >= SplitReading
            ? string.Create(CultureInfo.InvariantCulture, $"; toward the brand {Polar(b)}, toward the influencer {Polar(i)}")
            : "";

    private static string Polar(double p)
    {
        var abs = Math.Abs(Math.Round(p, 1)).ToString("0.0", CultureInfo.InvariantCulture);
        return Math.Round(p, 1) < 0 ? "\u2212" + abs : "+" + abs;
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

    /// <summary>
    /// The voices that moved the score in the direction of the move (a fall: the mentions pulling down), strongest
    /// first, one per voice — an author's repeats, or accounts pasting one text (<see cref="VoiceRule"/>), are one driver —
    /// and so one per author. A voice's points are what it counts for in each scope that holds it (its strongest
    /// mention plus <see cref="ScoreOptions.RepeatWeight"/> of the rest), so a repeat is not shown as thirty voices; a
    /// mention whose voice is no longer remembered counts its own points. New mentions first; without any, the
    /// strongest of all (an explanation from nothing).
    /// </summary>
    private static IReadOnlyList<Driver> Drivers(PairState before, PairState after, FusionScore s1, double delta, DateTimeOffset now, ScoreOptions options, int max)
    {
        var d = 50.0 / (options.PriorWeight + s1.EvidenceWeight);
        var candidates = new List<(Contribution C, double Points, bool IsNew, string Group, Voice? Voice, ScopeKind Kind)>();
        void Collect(ScopeAccumulator? a, ScopeAccumulator? old, double alpha, ScopeKind kind)
        {
            if (a is null || alpha == 0) return;
            var oldIds = old?.Top.Select(c => c.MentionId).ToHashSet() ?? [];
            var counted = new HashSet<(long, int, bool)>();
            var decay = a.DecayTo(now);
            foreach (var c in a.Top)
            {
                var isNew = !oldIds.Contains(c.MentionId);
                if (VoiceRule.Find(a, c, options) is { } v)
                {
                    // The voice's share on the mention's side, once per scope however many of its accounts are in the top list.
                    var side = c.Polarity > 0
                        ? VoiceRule.Total(v.Voice.PosSum, v.Voice.PosMax, options.RepeatWeight)
                        : -VoiceRule.Total(v.Voice.NegSum, v.Voice.NegMax, options.RepeatWeight);
                    var pts = counted.Add((v.Index, v.Id, c.Polarity > 0)) ? d * alpha * side * decay : 0;
                    candidates.Add((c, pts, isNew, $"v{v.Index}:{v.Voice.Author}", v.Voice, kind));
                }
                else
                {
                    var who = c.Author is { Length: > 0 } au ? "@" + au.TrimStart('@').ToLowerInvariant() : "#" + c.MentionId;
                    candidates.Add((c, d * alpha * c.DecayedAt(now, options.HalfLife), isNew, who, null, kind));
                }
            }
        }
        Collect(after.Pair, before.Pair, options.PairWeight, ScopeKind.Pair);
        Collect(after.Influencer, before.Influencer, options.InfluencerWeight, ScopeKind.Influencer);
        Collect(after.Brand, before.Brand, options.BrandWeight, ScopeKind.Brand);

        var sign = Math.Sign(Math.Round(delta, 6));
        var all = candidates.Where(x => sign == 0 || Math.Sign(x.C.Polarity) == sign).ToList();
        var fresh = all.Where(x => x.IsNew).ToList();
        return (fresh.Count > 0 ? fresh : all)
            .GroupBy(x => x.Group)
            .Select(g => (Best: g.OrderByDescending(x => x.C.RankKey).ThenBy(x => x.C.MentionId).First(), Points: g.Sum(x => x.Points),
                Voice: g.Select(x => x.Voice).OfType<Voice>().MaxBy(v => v.Mentions)))
            .OrderByDescending(x => Math.Abs(x.Points)).ThenBy(x => x.Best.C.MentionId)
            .DistinctBy(x => x.Best.C.Author?.TrimStart('@').ToLowerInvariant() ?? "#" + x.Best.C.MentionId)
            .Take(max)
            .Select(x => new Driver(x.Best.C.MentionId, x.Best.C.CreatedAt, x.Best.C.Author, x.Best.C.Followers, x.Best.C.Polarity, x.Points,
                x.Voice?.Accounts is > 1 and var n ? n : 1, x.Voice?.Mentions ?? 1,
                TowardBrand: Toward(candidates, x.Best.C.MentionId, ScopeKind.Brand), TowardInfluencer: Toward(candidates, x.Best.C.MentionId, ScopeKind.Influencer),
                Authenticity: x.Best.C.Authenticity, AuthenticityNote: Authenticity.Describe(x.Best.C.Authenticity, x.Best.C.Doubts)))
            .ToList();
    }

    /// <summary>What the driver's mention counted for in the scope of <paramref name="kind"/> (its reading toward that party), when that scope's top list holds it.</summary>
    private static double? Toward(List<(Contribution C, double Points, bool IsNew, string Group, Voice? Voice, ScopeKind Kind)> candidates, long mentionId, ScopeKind kind)
    {
        foreach (var x in candidates)
            if (x.Kind == kind && x.C.MentionId == mentionId) return x.C.Polarity;
        return null;
    }

    /// <summary>
    /// "repeats and coordination: @bot0 and 29 more accounts posting one text (30 mentions, counted as 3.9)": the voices
    /// of the pair's scopes that grew and hold more than one mention, largest first; null when there are none.
    /// </summary>
    /// <summary>The fewest mentions a repeating or coordinated voice has before the explanation names it.</summary>
    public const int MinNamedVoiceMentions = 3;

    private static string? Repeats(PairState before, PairState after, ScoreOptions options)
    {
        var grown = new Dictionary<string, (Voice V, double Counted)>();
        foreach (var (a, old) in new[] { (after.Pair, before.Pair), (after.Influencer, before.Influencer), (after.Brand, before.Brand) })
        {
            if (a is null) continue;
            foreach (var b in a.Voices)
            {
                var oldBucket = old?.Voices.FirstOrDefault(o => o.Index == b.Index);
                foreach (var (id, v) in b.Voices)
                {
                    // Two mentions linked by chance (two people who happen to write alike, one person posting twice)
                    // save under one mention's weight: naming them on every row would be noise.
                    if (v.Mentions < MinNamedVoiceMentions) continue;
                    var was = oldBucket?.Voices.GetValueOrDefault(id)?.Mentions ?? 0;
                    if (v.Mentions <= was) continue;
                    var key = $"{b.Index}:{v.Author}";
                    var counted = v.WeightMax > 0 ? VoiceRule.Total(v.WeightSum, v.WeightMax, options.RepeatWeight) / v.WeightMax : 1;
                    if (!grown.TryGetValue(key, out var x) || v.Mentions > x.V.Mentions) grown[key] = (v, counted);
                }
            }
        }
        if (grown.Count == 0) return null;
        var shown = grown.Values.OrderByDescending(x => x.V.Mentions).ThenBy(x => x.V.Author, StringComparer.Ordinal).Take(2).Select(x =>
        {
            var who = x.V.Author is { Length: > 0 } a ? "@" + a.TrimStart('@') : "an account";
            var what = x.V.Accounts > 1
                ? $"coordinated: {who} and {Word(x.V.Accounts - 1)} more account{(x.V.Accounts == 2 ? "" : "s")} posting near-identical text"
                : $"{who} repeating";
            return $"{what} ({Word(x.V.Mentions)} mentions, counted as {x.Counted.ToString("0.#", CultureInfo.InvariantCulture)})";
        });
        return string.Join("; ", shown);
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
