namespace FusionMonitor.Core.Strategy;

/// <summary>One brand's bucket of the conversation: its mentions, their mean polarity, its own score then.</summary>
public sealed record BrandBucket(long BrandId, DateTimeOffset At, long Mentions, double Polarity, double? Score);

/// <summary>A brand's bucket with its share of the mentions of every brand compared in that bucket (0…1).</summary>
public sealed record VoiceShare(long BrandId, DateTimeOffset At, long Mentions, double Share, double Polarity, double? Score);

/// <summary>
/// Share of voice (issue 21): a brand against the competitors it names, bucket by bucket — each brand's mentions as a
/// share of all the compared brands' mentions in that bucket (0 when none of them was mentioned), beside its mean
/// polarity and its own score. Pure.
/// </summary>
public static class ShareOfVoice
{
    public static IReadOnlyList<VoiceShare> Shares(IReadOnlyList<BrandBucket> buckets) =>
        buckets.GroupBy(b => b.At)
            .SelectMany(g =>
            {
                var total = g.Sum(b => b.Mentions);
                return g.Select(b => new VoiceShare(b.BrandId, b.At, b.Mentions, total == 0 ? 0 : b.Mentions / (double)total, b.Polarity, b.Score));
            })
            .OrderBy(s => s.At).ThenBy(s => s.BrandId).ToList();

    /// <summary>The score a brand had at <paramref name="at"/>: the last sample at or before it (null before any).</summary>
    public static double? ScoreAt(IReadOnlyList<ScoreSample> samples, DateTimeOffset at)
    {
        double? last = null;
        foreach (var s in samples)
        {
            if (s.At > at) break;
            last = s.Score;
        }
        return last;
    }
}
