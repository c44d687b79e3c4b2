using FusionMonitor.Core.Scoring;

namespace FusionMonitor.Core.Strategy;

/// <summary>One stored mention of a brand as the voices ranking reads it.</summary>
/// <param name="Platform">The source before ':' (as the matcher reads an author's platform).</param>
/// <param name="Polarity">The reading in force toward the brand (an analyst's correction where there is one), before stars.</param>
public sealed record VoiceMention(string Platform, string Handle, long? Followers, long Engagement, double Polarity, int? Rating, bool Scored);

/// <summary>An author's weight in a brand's conversation over a period.</summary>
/// <param name="Weight">Reach-weighted, repetition-damped opinionated evidence (see <see cref="Voices"/>).</param>
/// <param name="Polarity">The author's weighted mean polarity toward the brand (−1…1).</param>
/// <param name="Reach">The most followers the author showed in the period.</param>
public sealed record Voice(string Platform, string Handle, long Mentions, double Weight, double Polarity, long Reach);

/// <summary>
/// The people who move a brand (seeds/002: ordinary consumers are influencers too), tracked or not. Pure.
/// Each mention brings the evidence it brings a score, <c>w·|p|</c> (w = <see cref="MentionWeight.Of(ScoreEvidence, ScoreOptions)"/>,
/// log-damped reach and engagement; p the polarity toward the brand, stars blended in), and an author's k-th heaviest
/// mention counts <c>1/√k</c> of its evidence: saying the same thing ten times weighs ≈ 4.1 times once
/// (Σ 1/√k for k ≤ 10 ≈ 5.0 over the first's 1), so a prolific author ranks high without drowning the many.
/// Mentions no model read move nothing and are left out. Ranked by weight, then mentions, then platform and handle.
/// </summary>
public static class Voices
{
    /// <summary>The k-th heaviest mention's share of its evidence.</summary>
    public static double Damping(int k) => 1 / Math.Sqrt(k);

    public static IReadOnlyList<Voice> Rank(IEnumerable<VoiceMention> mentions, ScoreOptions options, int limit)
    {
        var byAuthor = new Dictionary<(string, string), List<(double W, double P, long Followers)>>();
        foreach (var m in mentions)
        {
            if (!m.Scored) continue;
            var e = new ScoreEvidence(0, default, m.Polarity, m.Followers, m.Engagement, [], [], null, m.Handle, true, m.Rating);
            var w = MentionWeight.Of(e, options);
            var p = MentionWeight.PolarityFor(e, ScopeKey.ForBrand(0), options); // m.Polarity is already the reading toward the brand
            var key = (m.Platform, m.Handle);
            if (!byAuthor.TryGetValue(key, out var list)) byAuthor[key] = list = [];
            list.Add((w, p, Math.Max(0, m.Followers ?? 0)));
        }
        return byAuthor.Select(kv =>
            {
                var evidence = kv.Value.Select(x => x.W * Math.Abs(x.P)).OrderDescending().Select((v, i) => v * Damping(i + 1)).Sum();
                var sw = kv.Value.Sum(x => x.W);
                var polarity = sw > 0 ? kv.Value.Sum(x => x.W * x.P) / sw : 0;
                return new Voice(kv.Key.Item1, kv.Key.Item2, kv.Value.Count, evidence, polarity, kv.Value.Max(x => x.Followers));
            })
            .OrderByDescending(v => v.Weight).ThenByDescending(v => v.Mentions).ThenBy(v => v.Platform, StringComparer.Ordinal).ThenBy(v => v.Handle, StringComparer.Ordinal)
            .Take(limit).ToList();
    }
}
