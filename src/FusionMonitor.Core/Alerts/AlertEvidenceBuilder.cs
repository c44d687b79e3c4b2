using FusionMonitor.Core.Scoring;
using FusionMonitor.Core.Text;

namespace FusionMonitor.Core.Alerts;

/// <summary>
/// Evidence for an alert from the scopes' top contributions: the mentions that pushed in the alert's direction
/// (negative for an incident, positive for a positive spike), strongest first, at most one per author.
/// </summary>
public static class AlertEvidenceBuilder
{
    /// <summary>
    /// The same from the scopes themselves: a coordinated group (a voice of several accounts posting near-identical text,
    /// <see cref="VoiceRule"/>) is one top mention, its strongest, with the group's number of accounts.
    /// </summary>
    public static AlertEvidence FromScopes(IEnumerable<ScopeAccumulator> scopes, ScoreOptions options, AlertKind kind = AlertKind.NegativeSpike, int max = 5)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var contributions = new List<Contribution>();
        foreach (var a in scopes)
        {
            foreach (var c in a.Top.OrderByDescending(c => c.RankKey).ThenBy(c => c.MentionId))
            {
                if (VoiceRule.Find(a, c, options) is not { } v) { contributions.Add(c); continue; }
                var group = $"{v.Index}:{v.Voice.Author}";
                if (v.Voice.Accounts > 1 && !seen.Add(group)) continue;
                contributions.Add(c with { Accounts = Math.Max(c.Accounts, v.Voice.Accounts) });
            }
        }
        // A group seen in several scopes keeps one entry (its strongest), with the most accounts any scope counted.
        var grouped = contributions.GroupBy(c => c.MentionId).Select(g => g.MaxBy(c => c.Accounts)!);
        return FromContributions(grouped, kind, max: max);
    }

    /// <summary>
    /// Evidence from the mentions of the alert's own window (<paramref name="window"/>: the brand's mentions of the last
    /// spike window, with their text): those that pushed in the alert's direction — negative volume for an incident,
    /// positive for a positive spike, the unit the spike rule counts — grouped into voices as the score does (one
    /// account, or accounts posting near-identical text, <see cref="VoiceRule"/>), strongest voice first, each shown by its
    /// strongest mention with its number of accounts; so at most one per author, and a coordinated group as one.
    /// </summary>
    /// <param name="brandId">The brand whose spike it is: each mention's volume and polarity are those toward it.</param>
    public static AlertEvidence FromWindow(IEnumerable<(ScoreEvidence Evidence, string Text)> window, long brandId, ScoreOptions options,
        AlertKind kind = AlertKind.NegativeSpike, int max = 5)
    {
        var brand = ScopeKey.ForBrand(brandId);
        var items = window
            .Select(x => (x.Evidence, x.Text, Volume: kind == AlertKind.PositiveSpike
                ? MentionWeight.PositiveVolume(x.Evidence, brand, options) : MentionWeight.NegativeVolume(x.Evidence, brand, options)))
            .Where(x => x.Evidence.Moves && x.Volume > 0)
            .OrderBy(x => x.Evidence.MentionId)
            .ToList();

        // Voices: the connected groups of "same account" and "same text" among the window's mentions (union-find).
        var parent = Enumerable.Range(0, items.Count).ToArray();
        int Root(int i) { while (parent[i] != i) i = parent[i] = parent[parent[i]]; return i; }
        var owner = new Dictionary<long, int>();
        for (var i = 0; i < items.Count; i++)
        {
            var e = items[i].Evidence;
            foreach (var key in VoiceRule.KeysOf(e with { TextKeys = e.TextKeys ?? NearDuplicate.Keys(items[i].Text) }))
            {
                if (owner.TryGetValue(key, out var j)) parent[Root(i)] = Root(j);
                else owner[key] = i;
            }
        }

        var top = Enumerable.Range(0, items.Count).GroupBy(Root)
            .Select(g =>
            {
                var members = g.Select(i => items[i]).ToList();
                var best = members.OrderByDescending(m => m.Volume).ThenBy(m => m.Evidence.MentionId).First();
                var total = VoiceRule.Total(members.Sum(m => m.Volume), best.Volume, options.RepeatWeight);
                var accounts = members.Select(m => m.Evidence.AuthorHandle?.TrimStart('@').ToLowerInvariant()).OfType<string>().Distinct().Count();
                return (Best: best, Total: total, Accounts: Math.Max(1, accounts));
            })
            .OrderByDescending(v => v.Total).ThenBy(v => v.Best.Evidence.MentionId)
            .Take(max)
            .Select(v => (v.Best, v.Accounts, Authentic: Authenticity.Of(v.Best.Evidence, options)))
            .Select(v => new EvidenceMention(v.Best.Evidence.MentionId, v.Best.Evidence.AuthorHandle,
                MentionWeight.PolarityFor(v.Best.Evidence, brand, options), MentionWeight.Of(v.Best.Evidence, options), v.Accounts,
                v.Best.Text, null, v.Best.Evidence.AuthorFollowers, v.Best.Evidence.CreatedAt, v.Authentic.Weight, v.Authentic.Describe()))
            .ToList();
        return new AlertEvidence(top, top.Select(m => m.Author).OfType<string>().Distinct(StringComparer.Ordinal).ToList(), []);
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
            .Select(c => new EvidenceMention(c.MentionId, c.Author, c.Polarity, c.Weight, c.Accounts,
                Authenticity: c.Authenticity, AuthenticityNote: Authenticity.Describe(c.Authenticity, c.Doubts)))
            .ToList();
        var authors = top.Select(m => m.Author).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return new AlertEvidence(top, authors, terms ?? []);
    }
}
