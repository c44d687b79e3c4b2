using FusionMonitor.Core.Scoring;

namespace FusionMonitor.Core.Alerts;

/// <summary>
/// Evidence for an alert from the scopes' top contributions: the mentions that pushed in the alert's direction
/// (negative for an incident, positive for a positive spike), strongest first, at most one per author.
/// </summary>
public static class AlertEvidenceBuilder
{
    public static AlertEvidence FromContributions(IEnumerable<Contribution> contributions, AlertKind kind = AlertKind.NegativeSpike,
        IReadOnlyList<string>? terms = null, int max = 5)
    {
        var sign = kind == AlertKind.PositiveSpike ? 1 : -1;
        var top = contributions
            .Where(c => Math.Sign(c.Polarity) == sign)
            .DistinctBy(c => c.MentionId)
            .OrderByDescending(c => c.RankKey).ThenBy(c => c.MentionId)
            .DistinctBy(c => c.Author ?? $"#{c.MentionId}", StringComparer.OrdinalIgnoreCase)
            .Take(max)
            .Select(c => new EvidenceMention(c.MentionId, c.Author, c.Polarity, c.Weight, c.Accounts))
            .ToList();
        var authors = top.Select(m => m.Author).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return new AlertEvidence(top, authors, terms ?? []);
    }
}
