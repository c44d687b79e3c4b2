namespace FusionMonitor.Core.Alerts;

/// <summary>
/// What an alert is about. <see cref="ScoreBelow"/> is the API's <c>threshold</c>; the names are kept as stored
/// (incident keys and states carry them). <see cref="GoalAtRisk"/> is raised by the goal check (a goal's projection
/// misses its next milestone), not by the score rules: it has no lifecycle state and stays open until a person
/// resolves it. <see cref="AspectSlipping"/> likewise comes from the aspect check (an aspect's importance rose while the
/// brand's performance on it fell), at most once per brand, aspect and week.
/// </summary>
public enum AlertKind { NegativeSpike = 0, ScoreDrop = 1, ScoreBelow = 2, PositiveSpike = 3, GoalAtRisk = 4, AspectSlipping = 5 }

/// <summary>How urgent an alert reads (<see cref="AlertSeverities.Of"/>).</summary>
public enum AlertSeverity { Low = 0, Medium = 1, High = 2, Critical = 3 }

/// <summary>What a user sees: open → acknowledged → resolved.</summary>
public enum AlertStatus { Open = 0, Acknowledged = 1, Resolved = 2 }

/// <summary>Where an incident is in its lifecycle (the Alertmanager-like part the user does not see).</summary>
public enum AlertPhase { Inactive = 0, Pending = 1, Firing = 2, Cooldown = 3 }

public enum AlertEventKind { Opened = 0, Updated = 1, Reopened = 2, Resolved = 3 }

/// <summary>
/// A mention that backs an alert: at most one per author. <see cref="Accounts"/> above 1 marks a coordinated group
/// (near-identical texts from that many accounts) shown as this one mention. <see cref="Authenticity"/> below 1: the
/// authenticity rule doubts its author, for the reason <see cref="AuthenticityNote"/> gives ("new account, weighed ×0.4").
/// </summary>
/// <see cref="Aspects"/>: the aspects the post names about the alert's brand (<see cref="Strategy.AspectAttribution"/>), set
/// where the alert is raised; null (an alert stored before, or one without a brand) reads them from the text alone.
public sealed record EvidenceMention(long MentionId, string? Author, double Polarity, double Weight, int Accounts = 1,
    string? Text = null, string? Url = null, long? Followers = null, DateTimeOffset? CreatedAt = null,
    double Authenticity = 1, string? AuthenticityNote = null, IReadOnlyList<string>? Aspects = null);

/// <summary>
/// What a spike measured, for its card and summary (<see cref="AlertCards.SpikeWords"/>): the window's mentions and volume
/// in the spike's direction, the usual volume it was measured against, the scope's own usual before the floor
/// (<see cref="Level"/>: the larger of its median and its seasonal median), and whether the usual is only the floor
/// (<see cref="AlertRules.BaselineFloorPerHour"/>), in which case a ratio to it means nothing and the card says it in words.
/// </summary>
public sealed record SpikeFigures(int Mentions, double Volume, double Usual, double Level, bool Floored, double WindowHours);

/// <summary>Why an alert fired: its top mentions, their authors, the words that recur in them, and for a spike what it measured.</summary>
public sealed record AlertEvidence(IReadOnlyList<EvidenceMention> TopMentions, IReadOnlyList<string> Authors, IReadOnlyList<string> Terms,
    SpikeFigures? Spike = null)
{
    public static readonly AlertEvidence None = new([], [], []);

    /// <summary>
    /// The evidence with the given mentions taken out (an author's data erased): their entries leave the top list, and
    /// an author stays named only while one of their mentions still backs the alert.
    /// </summary>
    public AlertEvidence Without(IReadOnlySet<long> mentionIds)
    {
        if (!TopMentions.Any(m => mentionIds.Contains(m.MentionId))) return this;
        var top = TopMentions.Where(m => !mentionIds.Contains(m.MentionId)).ToList();
        var left = top.Select(m => m.Author).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var erased = TopMentions.Where(m => mentionIds.Contains(m.MentionId)).Select(m => m.Author).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return new AlertEvidence(top, Authors.Where(a => left.Contains(a) || !erased.Contains(a)).ToList(), Terms, Spike);
    }
}

/// <summary>
/// One rule's verdict for one scope at one evaluation: the input of <see cref="AlertLifecycle.Step"/>.
/// <see cref="Key"/> identifies the incident stream ("NegativeSpike:brand:3", "ScoreDrop:pair:12");
/// <see cref="Value"/> is how bad it is (volume ratio, points dropped, points below), used to decide re-notification;
/// <see cref="Speed"/> how fast it moved (a spike's rise pace, a drop's points per minute; null for a threshold), for
/// <see cref="AlertSeverities.Of"/>.
/// </summary>
public sealed record AlertSignal(
    string Key, AlertKind Kind, long BrandId, long? PairId, bool Active, double Value, string Summary, AlertEvidence Evidence,
    double? ScoreBefore = null, double? ScoreAfter = null, double? Speed = null)
{
    /// <summary>Alerts of one brand (its own and its pairs') go to the same group, as Alertmanager's group_by.</summary>
    public string GroupKey => $"brand:{BrandId}";

    public static string KeyFor(AlertKind kind, long brandId, long? pairId) =>
        pairId is { } p ? $"{kind}:pair:{p}" : $"{kind}:brand:{brandId}";
}

/// <summary>
/// The persisted state of one incident stream. Plain data (System.Text.Json round-trip); one row per key.
/// <see cref="IncidentId"/> is stable for the life of an incident, including reopenings within the cooldown.
/// </summary>
public sealed record AlertState(
    string Key,
    AlertKind Kind,
    long BrandId,
    long? PairId,
    AlertPhase Phase,
    DateTimeOffset? PendingSince = null,
    string? IncidentId = null,
    DateTimeOffset? OpenedAt = null,
    DateTimeOffset? LastActiveAt = null,
    DateTimeOffset? ResolvedAt = null,
    AlertStatus? Status = null,
    double NotifiedValue = 0,
    string? Summary = null,
    AlertEvidence? Evidence = null,
    double? ScoreBefore = null,
    double? ScoreAfter = null,
    double? Speed = null)
{
    public static AlertState For(AlertSignal s) => new(s.Key, s.Kind, s.BrandId, s.PairId, AlertPhase.Inactive);
}

/// <summary>What to tell the channels (hub, webhook, email). Channels may batch by <see cref="GroupKey"/>.</summary>
public sealed record AlertEvent(
    AlertEventKind Kind,
    string IncidentId,
    string Key,
    string GroupKey,
    AlertKind AlertKind,
    long BrandId,
    long? PairId,
    AlertStatus Status,
    DateTimeOffset OpenedAt,
    DateTimeOffset At,
    double Value,
    string Summary,
    AlertEvidence Evidence,
    double? ScoreBefore = null,
    double? ScoreAfter = null,
    double? Speed = null);
