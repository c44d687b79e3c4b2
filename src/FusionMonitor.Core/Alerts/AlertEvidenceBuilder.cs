using FusionMonitor.Core.Scoring;

namespace FusionMonitor.Core.Alerts;

/// <summary>Evidence for an alert from the scopes' top contributions (the negative ones, strongest first).</summary>
public static class AlertEvidenceBuilder
{
    public static AlertEvidence FromContributions(IEnumerable<Contribution> contributions, IReadOnlyList<string>? terms = null, int max = 5)
    {
        var top = contributions
            .Where(c => c.Polarity < 0)
            .DistinctBy(c => c.MentionId)
            .OrderByDescending(c => c.RankKey).ThenBy(c => c.MentionId)
            .Take(max)
            .Select(c => new EvidenceMention(c.MentionId, c.Author, c.Polarity, c.Weight))
            .ToList();
        var authors = top.Select(m => m.Author).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return new AlertEvidence(top, authors, terms ?? []);
    }
}
