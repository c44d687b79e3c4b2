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

/// <summary>An author's sums over a period (the voices rollup's days added up): see <see cref="VoiceDay"/>.</summary>
public sealed record VoiceTotals(string Platform, string Handle, long Mentions, double WeightSum, double PolaritySum, double EvidenceSquares, long Reach);

/// <summary>
/// The people who move a brand (seeds/002: ordinary consumers are influencers too), tracked or not. Pure.
/// Each mention brings the evidence it brings a score, <c>e = w·|p|</c> (w = <see cref="MentionWeight.Of(ScoreEvidence, ScoreOptions)"/>,
/// log-damped reach and engagement; p the polarity toward the brand, stars blended in), and an author's weight is the
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
        var days = StrategyRollups.Fold(mentions.Select(m => new StrategyMention(default, m.Platform, m.Handle, m.Followers, m.Engagement, m.Polarity, m.Rating,
            m.Scored, [(0, m.Polarity)], null)), options).Voices;
        return Rank(days.Select(d => new VoiceTotals(d.Platform, d.Handle, d.Mentions, d.WeightSum, d.PolaritySum, d.EvidenceSquares, d.Reach)), limit);
    }

    /// <summary>The voices of authors' sums, heaviest first; an author with no mention left is dropped.</summary>
    public static IReadOnlyList<Voice> Rank(IEnumerable<VoiceTotals> authors, int limit) =>
        authors.Where(a => a.Mentions > 0)
            .Select(a => new Voice(a.Platform, a.Handle, a.Mentions, Math.Sqrt(Math.Max(0, a.EvidenceSquares)),
                a.WeightSum > 1e-12 ? Math.Clamp(a.PolaritySum / a.WeightSum, -1, 1) : 0, a.Reach))
            .OrderByDescending(v => v.Weight).ThenByDescending(v => v.Mentions).ThenBy(v => v.Platform, StringComparer.Ordinal).ThenBy(v => v.Handle, StringComparer.Ordinal)
            .Take(limit).ToList();
}
