using FusionMonitor.Core.Scoring;

namespace FusionMonitor.Core.Strategy;

/// <summary>One stored mention of a brand as the voices ranking reads it.</summary>
/// <param name="Platform">The source before ':' (as the matcher reads an author's platform).</param>
/// <param name="Polarity">The reading in force toward the brand (an analyst's correction where there is one), before stars.</param>
/// <param name="CreatedAt">When it was posted; with <paramref name="Following"/>, <paramref name="Posts"/> and <paramref name="AuthorSince"/> (the
/// author's profile as stored with it, null when the platform did not say) it gives the authenticity weight (<see cref="Authenticity"/>).</param>
public sealed record VoiceMention(string Platform, string Handle, long? Followers, long Engagement, double Polarity, int? Rating, bool Scored,
    DateTimeOffset CreatedAt = default, long? Following = null, long? Posts = null, DateTimeOffset? AuthorSince = null);

/// <summary>An author's weight in a brand's conversation over a period.</summary>
/// <param name="Weight">Reach-weighted, repetition-damped, authenticity-weighted opinionated evidence (see <see cref="Voices"/>).</param>
/// <param name="Polarity">The author's weighted mean polarity toward the brand (−1…1).</param>
/// <param name="Reach">The most followers the author showed in the period.</param>
public sealed record Voice(string Platform, string Handle, long Mentions, double Weight, double Polarity, long Reach);

/// <summary>An author's sums over a period (the voices rollup's days added up): see <see cref="VoiceDay"/>.</summary>
public sealed record VoiceTotals(string Platform, string Handle, long Mentions, double WeightSum, double PolaritySum, double EvidenceSquares, long Reach);

/// <summary>
/// The people who move a brand (seeds/002: ordinary consumers are influencers too), tracked or not. Pure.
/// Each mention brings the evidence it brings a score, <c>e = w·|p|</c> (w = <see cref="StrategyRollups.VoiceWeight"/>: the log-damped
/// reach and engagement weight times the author's authenticity weight; p the polarity toward the brand, stars blended in), and an author's weight is the
/// root of the sum of their evidences' squares, <c>√Σ e²</c>: the heaviest mention counts whole, any more can only add,
/// and saying the same thing ten times weighs √10 ≈ 3.2 times once, so a prolific author ranks high without drowning
/// the many. A sum of what single mentions bring, so it is read from the daily rollups (<see cref="StrategyRollups"/>).
/// Mentions no model read move nothing and are left out. Ranked by weight, then mentions, then platform and handle.
/// </summary>
public static class Voices
{
    /// <summary>The voices of single mentions (the rollup's rule applied to them: <see cref="StrategyRollups.Fold"/>).</summary>
    public static IReadOnlyList<Voice> Rank(IEnumerable<VoiceMention> mentions, ScoreOptions options, int limit)
    {
        var days = StrategyRollups.Fold(mentions.Select(m => new StrategyMention(m.CreatedAt, m.Platform, m.Handle, m.Followers, m.Engagement, m.Polarity, m.Rating,
            m.Scored, [(0, m.Polarity)], null, m.Following, m.Posts, m.AuthorSince)), options).Voices;
        // An author's days added up, as the rollup's read adds them.
        return Rank(days.GroupBy(d => (d.Platform, d.Handle)).Select(g => new VoiceTotals(g.Key.Platform, g.Key.Handle, g.Sum(d => d.Mentions),
            g.Sum(d => d.WeightSum), g.Sum(d => d.PolaritySum), g.Sum(d => d.EvidenceSquares), g.Max(d => d.Reach))), limit);
    }

    /// <summary>The voices of authors' sums, heaviest first; an author with no mention left is dropped.</summary>
    public static IReadOnlyList<Voice> Rank(IEnumerable<VoiceTotals> authors, int limit) =>
        authors.Where(a => a.Mentions > 0)
            .Select(a => new Voice(a.Platform, a.Handle, a.Mentions, Math.Sqrt(Math.Max(0, a.EvidenceSquares)),
                a.WeightSum > 1e-12 ? Math.Clamp(a.PolaritySum / a.WeightSum, -1, 1) : 0, a.Reach))
            .OrderByDescending(v => v.Weight).ThenByDescending(v => v.Mentions).ThenBy(v => v.Platform, StringComparer.Ordinal).ThenBy(v => v.Handle, StringComparer.Ordinal)
            .Take(limit).ToList();
}
