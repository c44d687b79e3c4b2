using System.Globalization;

namespace FusionMonitor.Core.Alerts;

/// <summary>
/// What the store knows, at read time, of an alert's scope since it opened: the input of <see cref="AlertChanges.Of"/>.
/// Scores are the pair's (null for a brand alert, which has no score path): at opening, now, and
/// <see cref="AlertChanges.TrendSpan"/> ago. Mentions are those in the alert's direction (negative for incidents,
/// positive for a positive spike), counted by five-minute bucket: since <see cref="CountedFrom"/> (the start of the
/// bucket it opened in, so that bucket's earlier mentions count too), in the newest <see cref="AlertChanges.TrendSpan"/>,
/// and in the same span before that.
/// </summary>
public sealed record AlertChangeFacts(double? ScoreThen, double? ScoreNow, double? ScoreAWhileAgo, DateTimeOffset CountedFrom, long MentionsSince,
    long MentionsLatest, long MentionsBefore);

/// <summary>
/// The change since an alert opened, as a card shows it. <see cref="Trend"/>: for a spike <c>rising</c>, <c>steady</c>,
/// <c>easing</c> or <c>quiet</c> (the newest quarter hour against the one before); for a score alert <c>falling</c>,
/// <c>holding</c> or <c>recovering</c> (the score against a quarter hour ago, or against its opening while the pair's
/// recorded path is younger); a spike with no mention in its direction since it opened is <c>quiet</c>, whatever came
/// just before. <see cref="StillMoving"/>: still going the alert's way.
/// </summary>
public sealed record AlertChange(double? ScoreThen, double? ScoreNow, long NewMentions, string Direction, string Trend, bool StillMoving, string Text);

/// <summary>The one pure reading of "what changed since it opened" (<see cref="Of"/>).</summary>
public static class AlertChanges
{
    /// <summary>The span the trend compares: the newest quarter hour against the quarter hour before it.</summary>
    public static readonly TimeSpan TrendSpan = TimeSpan.FromMinutes(15);

    /// <summary>A score moving less than this over <see cref="TrendSpan"/> is holding.</summary>
    public const double ScoreTolerance = 0.1;

    public static AlertChange Of(AlertKind kind, AlertChangeFacts f)
    {
        var inv = CultureInfo.InvariantCulture;
        var positive = kind == AlertKind.PositiveSpike;
        var direction = positive ? "positive" : "negative";
        var parts = new List<string>();
        if (f.ScoreThen is { } then && f.ScoreNow is { } now)
            parts.Add(string.Create(inv, $"score {then:0.0} when it opened → {now:0.0} now ({now - then:+0.0;−0.0;0.0})"));
        else if (f.ScoreNow is { } only)
            parts.Add(string.Create(inv, $"score now {only:0.0}"));
        var from = f.CountedFrom.UtcDateTime.ToString("MMM d, HH:mm 'UTC'", inv);
        parts.Add(f.MentionsSince switch
        {
            0 => $"no {direction} mentions since {from}",
            1 => $"1 {direction} mention since {from}",
            var n => string.Create(inv, $"{n} {direction} mentions since {from}"),
        });

        string trend;
        bool moving;
        // A score alert reads its trend from the score: against a quarter hour ago, or since it opened when the pair's
        // recorded path is younger than that. A spike (or a score alert with no score to read) from its mentions.
        var reference = f.ScoreAWhileAgo ?? f.ScoreThen;
        var span = f.ScoreAWhileAgo is null ? "since it opened" : "in the last 15 minutes";
        if (kind is AlertKind.NegativeSpike or AlertKind.PositiveSpike || f.ScoreNow is null || reference is null)
        {
            // Nothing in the alert's direction since the bucket it opened in: whatever the last two quarter hours held came
            // before it opened, so "still rising" would describe the wave that opened it, not what followed.
            (trend, moving) = (f.MentionsLatest, f.MentionsBefore) switch
            {
                _ when f.MentionsSince == 0 => ("quiet", false),
                (0, 0) => ("quiet", false),
                var (latest, before) when latest > before => ("rising", true),
                var (latest, before) when latest == before => ("steady", true),
                _ => ("easing", false),
            };
            // With nothing since it opened, "no … mentions since" says it all; a trend would describe the wave before.
            var words = trend switch
            {
                "rising" => $"still rising ({f.MentionsLatest} in the last 15 minutes, {f.MentionsBefore} in the 15 before)",
                "steady" => $"still coming in ({f.MentionsLatest} in each of the last two quarter hours)",
                "easing" => $"easing ({f.MentionsLatest} in the last 15 minutes, {f.MentionsBefore} in the 15 before)",
                _ when f.MentionsLatest + f.MentionsBefore > 0 => null,
                _ => "quiet for the last 30 minutes",
            };
            if (words is not null) parts.Add(words);
        }
        else
        {
            var delta = f.ScoreNow.Value - reference.Value;
            (trend, moving) = delta < -ScoreTolerance ? ("falling", true) : delta > ScoreTolerance ? ("recovering", false) : ("holding", false);
            parts.Add(trend switch
            {
                "falling" => string.Create(inv, $"still falling ({delta:+0.0;−0.0} {span})"),
                "recovering" => string.Create(inv, $"recovering ({delta:+0.0} {span})"),
                _ => $"holding {(f.ScoreAWhileAgo is null ? "since it opened" : "for the last 15 minutes")}",
            });
        }
        var text = "Since it opened: " + string.Join("; ", parts) + ".";
        return new AlertChange(f.ScoreThen, f.ScoreNow, f.MentionsSince, direction, trend, moving, text);
    }
}
