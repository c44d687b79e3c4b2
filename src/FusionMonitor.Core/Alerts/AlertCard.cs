using System.Globalization;

namespace FusionMonitor.Core.Alerts;

/// <summary>
/// What is known of one stored alert: the input of <see cref="AlertCards.Build"/>. <see cref="Speed"/> is how fast it
/// moved (<see cref="AlertSignal.Speed"/>), null when not known; <see cref="Change"/> what the store says of its scope
/// since it opened, read when the card is shown (null on the channels that announce it as it opens);
/// <see cref="Assignee"/> who is on it (null: nobody).
/// </summary>
public sealed record AlertFacts(
    long Id,
    AlertKind Kind,
    AlertStatus Status,
    long? BrandId,
    long? PairId,
    string? BrandName,
    string? InfluencerName,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ResolvedAt,
    double Value,
    double? ScoreBefore,
    double? ScoreAfter,
    string Summary,
    AlertEvidence Evidence,
    double? Speed = null,
    AlertChangeFacts? Change = null,
    string? Assignee = null);

/// <summary>One evidence post as a card shows it.</summary>
/// <param name="AuthenticityNote">Why the authenticity rule weighs its author less ("new account, weighed ×0.4"), when it does.</param>
/// <param name="Aspects">The customer-experience aspects the post names about the alert's brand (<see cref="EvidenceMention.Aspects"/>; for an
/// alert stored without them, every aspect the text names, <see cref="Strategy.AspectLexicon.Default"/>), in the lexicon's order.</param>
public sealed record AlertCardPost(long MentionId, string Author, long? Followers, string Text, string? Url, DateTimeOffset? CreatedAt, int Accounts, double Polarity,
    string? AuthenticityNote = null, IReadOnlyList<string>? Aspects = null)
{
    /// <summary>Several accounts posted near-identical text; this post stands for all of them.</summary>
    public bool Coordinated => Accounts > 1;

    /// <summary>"@handle · 40k followers · 01:12 UTC" (and the coordinated group, why its author weighs less, and the aspects it is about, when there are).</summary>
    public string Byline => string.Join(" · ", new[]
    {
        Author,
        Followers is { } f ? $"{AlertCards.Count(f)} followers" : null,
        CreatedAt is { } t ? t.UtcDateTime.ToString("MMM d, HH:mm 'UTC'", CultureInfo.InvariantCulture) : null,
        Coordinated ? $"coordinated: {Accounts} accounts posted near-identical text" : null,
        AuthenticityNote,
        Aspects is { Count: > 0 } aspects ? "about " + string.Join(", ", aspects) : null,
    }.OfType<string>());
}

/// <summary>
/// An alert as a person reads it, the same on every channel (inbox, banner, hub, webhook, e-mail): who it is about,
/// what happened in words, how bad, the figures, since when, the posts behind it, and what to do. Links are paths
/// (<see cref="AlertPath"/>, <see cref="SubjectPath"/>); a channel that leaves the dashboard makes them absolute.
/// </summary>
public sealed record AlertCard(
    long Id,
    string Title,
    string Subject,
    string Kind,
    string KindText,
    string Severity,
    string SeverityText,
    string Status,
    string Summary,
    IReadOnlyList<string> Figures,
    string Since,
    IReadOnlyList<AlertCardPost> Posts,
    IReadOnlyList<string> Groups,
    string SubjectPath,
    string SubjectLinkText,
    string AlertPath,
    string WhatToDo,
    AlertChange? Change = null,
    string? Assignee = null)
{
    /// <summary>"Assigned to ana" or "Nobody assigned" (a resolved alert needs nobody: null).</summary>
    public string? AssigneeText => Status == "resolved" && Assignee is null ? null : Assignee is { } who ? $"Assigned to {who}" : "Nobody assigned";
}

/// <summary>The one formatter of alerts: pure, the clock passed in (<see cref="Build"/>).</summary>
public static class AlertCards
{
    /// <summary>How many evidence posts a card carries.</summary>
    public const int MaxPosts = 3;

    /// <summary>Posts are cut to this many characters on a card (the link has the whole post).</summary>
    public const int MaxPostChars = 280;

    public static string KindName(AlertKind kind) => kind switch
    {
        AlertKind.NegativeSpike => "negativeSpike",
        AlertKind.ScoreDrop => "scoreDrop",
        AlertKind.PositiveSpike => "positiveSpike",
        AlertKind.GoalAtRisk => "goalAtRisk",
        AlertKind.AspectSlipping => "aspectSlipping",
        _ => "threshold",
    };

    /// <summary>The kind in words.</summary>
    public static string KindText(AlertKind kind) => kind switch
    {
        AlertKind.NegativeSpike => "Negative spike",
        AlertKind.PositiveSpike => "Positive spike",
        AlertKind.ScoreDrop => "Score drop",
        AlertKind.GoalAtRisk => "Goal at risk",
        AlertKind.AspectSlipping => "Aspect slipping",
        _ => "Score below threshold",
    };

    public static AlertCard Build(AlertFacts f, DateTimeOffset now)
    {
        var brand = f.BrandName ?? (f.BrandId is { } b ? $"brand {b}" : "a brand");
        var subject = f.PairId is not null ? $"{f.InfluencerName ?? "an influencer"} × {brand}" : brand;
        var kindText = KindText(f.Kind);
        var severity = Severity(f);
        var severityName = AlertSeverities.Name(severity);

        // One post per text: a coordinated group the evidence found in two scopes (a pair's and its person's) is shown once.
        var top = f.Evidence.TopMentions
            .GroupBy(m => m.Text is { } t ? t.Trim().ToLowerInvariant() : $"#{m.MentionId}", StringComparer.Ordinal)
            .Select(g => g.First() with { Accounts = g.Max(m => m.Accounts) })
            .ToList();
        var posts = top.Take(MaxPosts).Select(m => new AlertCardPost(m.MentionId,
            m.Author is { Length: > 0 } a ? (a.StartsWith('@') ? a : "@" + a) : "unknown author",
            m.Followers, Cut(m.Text ?? "(text not kept)"), m.Url, m.CreatedAt, Math.Max(1, m.Accounts), m.Polarity, m.AuthenticityNote,
            m.Aspects ?? (m.Text is { } text ? Strategy.AspectLexicon.Default.Detect(text).Select(h => h.Aspect).ToList() : []))).ToList();
        var groups = top.Where(m => m.Accounts > 1)
            .Select(m => $"{m.Accounts} accounts posted near-identical text (shown once, as {(m.Author is { Length: > 0 } a ? (a.StartsWith('@') ? a : "@" + a) : "one post")}): likely coordinated, counted as one voice")
            .ToList();

        var subjectPath = f.PairId is { } p ? $"/pairs/{p}" : f.BrandId is { } bid ? $"/brands/{bid}" : "/";
        return new AlertCard(
            f.Id,
            $"{kindText}: {subject}",
            subject,
            KindName(f.Kind),
            kindText,
            severityName,
            severity.ToString().ToUpperInvariant(),
            f.Status.ToString().ToLowerInvariant(),
            f.Summary,
            Figures(f),
            Since(f, now),
            posts,
            groups,
            subjectPath,
            f.PairId is not null ? $"{subject}: pair page" : $"{subject}: brand page",
            $"/alerts/{f.Id}",
            WhatToDo(f),
            f.Change is { } change ? AlertChanges.Of(f.Kind, change) : null,
            f.Assignee);
    }

    /// <summary>The alert's severity by the one rule (<see cref="AlertSeverities.Of"/>): size, the evidence's reach, speed.</summary>
    public static AlertSeverity Severity(AlertFacts f) => AlertSeverities.Of(f.Kind, f.Value, AlertSeverities.Reach(f.Evidence), f.Speed);

    /// <summary>
    /// The numbers: score before → after, volume against the usual, points past the line; then what else weighs on the
    /// severity — the followers the posts reached, and how fast it moved.
    /// </summary>
    public static IReadOnlyList<string> Figures(AlertFacts f)
    {
        var figures = new List<string>();
        var inv = CultureInfo.InvariantCulture;
        switch (f.Kind)
        {
            case AlertKind.NegativeSpike or AlertKind.PositiveSpike when f.Evidence.Spike is { Floored: true } spike:
                // Measured against the floor, a ratio ("38.4× the usual 1") means nothing: say it in words.
                figures.Add(Capitalised(SpikeWords(f.Kind, spike)));
                break;
            case AlertKind.NegativeSpike or AlertKind.PositiveSpike:
                figures.Add(string.Create(inv, $"{(f.Kind == AlertKind.NegativeSpike ? "Negative" : "Positive")} volume {f.Value:0.#}× the usual for this time"));
                break;
            case AlertKind.ScoreDrop when f.ScoreBefore is { } before && f.ScoreAfter is { } after:
                figures.Add(string.Create(inv, $"Fell {before - after:0.0} points"));
                break;
            case AlertKind.AspectSlipping:
                figures.Add(string.Create(inv, $"Performance fell {f.Value:0.00} on a scale of −1 to +1 while it matters more"));
                break;
            case AlertKind.GoalAtRisk:
                figures.Add(string.Create(inv, $"Projected {f.Value:0.0} points short of the next milestone on the current trend"));
                break;
            case AlertKind.ScoreBelow when f.ScoreAfter is { } after:
                figures.Add(string.Create(inv, $"{f.Value:0.0} points below the alert line of {after + f.Value:0.#}"));
                break;
        }
        if (f.ScoreBefore is { } b && f.ScoreAfter is { } a)
            figures.Insert(0, string.Create(inv, $"Score {b:0.0} → {a:0.0} ({a - b:+0.0;−0.0;0.0})"));
        else if (f.Change?.ScoreNow is { } live)
            figures.Insert(0, string.Create(inv, $"Score now {live:0.0}"));
        else if (f.ScoreAfter is { } only)
            // The score stored with the alert is from when it opened or last grew: "now" only while it is not over.
            figures.Insert(0, string.Create(inv, $"Score {(f.Status == AlertStatus.Resolved ? "was" : "now")} {only:0.0}"));
        if (f.Evidence.TopMentions.Any(m => m.Followers is not null))
            figures.Add($"The posts behind it reach {Count(f.Evidence.TopMentions.Sum(m => Math.Max(0, m.Followers ?? 0)))} followers");
        if (f.Speed is { } speed)
        {
            var fast = AlertSeverities.IsFast(f.Kind, speed);
            switch (f.Kind)
            {
                case AlertKind.NegativeSpike or AlertKind.PositiveSpike:
                    figures.Add(string.Create(inv, $"{(fast ? "Rising fast" : speed >= 1 ? "Still coming in" : "Slowing")}: the last 15 minutes at {speed:0.#}× the spike window's average pace"));
                    break;
                case AlertKind.ScoreDrop:
                    figures.Add(string.Create(inv, $"{(fast ? "Falling fast" : "Falling")}: {speed:0.0#} points a minute"));
                    break;
            }
        }
        return figures;
    }

    /// <summary>
    /// A spike in words, for its summary and its card: "14 negative mentions in the last hour, volume 48, 9.6× the usual 5";
    /// when the usual is only the floor (the scope's own hours hold less), no ratio, since one to a floor reads as nonsense
    /// ("38.4× the usual 1"): "22 negative mentions in the last hour, where an hour usually has none" (its median and seasonal
    /// median are 0) or "… usually has hardly any" (they are below the floor).
    /// </summary>
    public static string SpikeWords(AlertKind kind, SpikeFigures s)
    {
        var inv = CultureInfo.InvariantCulture;
        var word = kind == AlertKind.PositiveSpike ? "positive" : "negative";
        var span = AlertSignals.Span(TimeSpan.FromHours(s.WindowHours));
        var counted = string.Create(inv, $"{s.Mentions} {word} mention{(s.Mentions == 1 ? "" : "s")} in the last {span}");
        if (!s.Floored) return string.Create(inv, $"{counted}, volume {s.Volume:0.#}, {s.Volume / s.Usual:0.#}× the usual {s.Usual:0.#}");
        var usually = span == "hour" ? "an hour usually has" : $"{span} usually have";
        return $"{counted}, where {usually} {(s.Level <= 0 ? "none" : "hardly any")}";
    }

    private static string Capitalised(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    /// <summary>"Open since Dec 2, 01:12 UTC (23 min ago)", or when it resolved.</summary>
    public static string Since(AlertFacts f, DateTimeOffset now)
    {
        var opened = f.OpenedAt.UtcDateTime.ToString("MMM d, HH:mm 'UTC'", CultureInfo.InvariantCulture);
        if (f.Status == AlertStatus.Resolved && f.ResolvedAt is { } r)
            return $"Opened {opened}, resolved {r.UtcDateTime.ToString("MMM d, HH:mm 'UTC'", CultureInfo.InvariantCulture)} ({Ago(now - r)})";
        return $"{(f.Status == AlertStatus.Acknowledged ? "Acknowledged, open" : "Open")} since {opened} ({Ago(now - f.OpenedAt)})";
    }

    public static string WhatToDo(AlertFacts f)
    {
        var page = f.PairId is not null ? "pair page" : "brand page";
        var look = f.Kind switch
        {
            AlertKind.NegativeSpike => "Read the posts shown with this alert and decide whether to respond.",
            AlertKind.PositiveSpike => "Good news: these posts are worth thanking or sharing.",
            AlertKind.AspectSlipping => "Customers care more about this part of the experience and like it less: see the brand page's importance–performance grid and the mentions about it.",
            AlertKind.GoalAtRisk => $"The plan is off course: see the goal's projection and what moves the score on the {page}.",
            _ => $"See what moved the score on the {page} (drivers and recent mentions).",
        };
        // An aspect's slip is judged once a week and stays until a person resolves it; every other kind also resolves itself.
        var itself = f.Kind == AlertKind.AspectSlipping ? "." : " (it also resolves itself when things are back to normal).";
        var act = f.Status switch
        {
            AlertStatus.Open => "Acknowledge so your team knows someone is on it; resolve once it is handled" + itself,
            AlertStatus.Acknowledged => "Someone is on it; resolve once it is handled" + itself,
            _ => "Resolved: nothing to do unless it comes back (it then reopens).",
        };
        return f.Status == AlertStatus.Resolved ? act : $"{look} {act}";
    }

    /// <summary>1234 → "1.2k", 40000 → "40k", 2500000 → "2.5M".</summary>
    public static string Count(long n) => n switch
    {
        >= 1_000_000 => (n / 1_000_000.0).ToString(n >= 10_000_000 ? "0" : "0.#", CultureInfo.InvariantCulture) + "M",
        >= 1_000 => (n / 1_000.0).ToString(n >= 10_000 ? "0" : "0.#", CultureInfo.InvariantCulture) + "k",
        _ => n.ToString(CultureInfo.InvariantCulture),
    };

    public static string Ago(TimeSpan t) => t switch
    {
        { TotalMinutes: < 1 } => "just now",
        { TotalHours: < 1 } => $"{(int)t.TotalMinutes} min ago",
        { TotalDays: < 1 } => $"{(int)t.TotalHours} h {t.Minutes} min ago",
        _ => $"{(int)t.TotalDays} d {t.Hours} h ago",
    };

    private static string Cut(string text)
    {
        var t = text.ReplaceLineEndings(" ").Trim();
        return t.Length <= MaxPostChars ? t : t[..(MaxPostChars - 1)].TrimEnd() + "…";
    }
}
