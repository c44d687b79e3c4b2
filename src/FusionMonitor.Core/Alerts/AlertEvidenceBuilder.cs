using FusionMonitor.Core.Scoring;

namespace FusionMonitor.Core.Alerts;

/// <summary>
/// Evidence for an alert from the scopes' top contributions: the mentions that pushed in the alert's direction
/// (negative for an incident, positive for a positive spike), strongest first, at most one per author.
/// </summary>
public static class AlertEvidenceBuilder
{
    /// <summary>
    /// The same from the scopes themselves: a coordinated group (a voice of several accounts posting near-identical text,
    /// <see cref="Voices"/>) is one top mention, its strongest, with the group's number of accounts.
    /// </summary>
    public static AlertEvidence FromScopes(IEnumerable<ScopeAccumulator> scopes, ScoreOptions options, AlertKind kind = AlertKind.NegativeSpike, int max = 5)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var contributions = new List<Contribution>();
        foreach (var a in scopes)
        {
            foreach (var c in a.Top.OrderByDescending(c => c.RankKey).ThenBy(c => c.MentionId))
            {
                if (Voices.Find(a, c, options) is not { } v) { contributions.Add(c); continue; }
                var group = $"{v.Index}:{v.Voice.Author}";
                if (v.Voice.Accounts > 1 && !seen.Add(group)) continue;
                contributions.Add(c with { Accounts = Math.Max(c.Accounts, v.Voice.Accounts) });
            }
        }
        // A group seen in several scopes keeps one entry (its strongest), with the most accounts any scope counted.
        var grouped = contributions.GroupBy(c => c.MentionId).Select(g => g.MaxBy(c => c.Accounts)!);
        return FromContributions(grouped, kind, max: max);
    }

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
