namespace FusionMonitor.Core.Scoring;

/// <summary>
/// When to store a pair's score in its history: on a visible change, but not more often than
/// <see cref="MinInterval"/> per pair (a burst of mentions makes one row, not hundreds), and at least every
/// <see cref="MaxInterval"/> while the score drifts (decay), so an hourly rollup always has a point.
/// </summary>
public sealed record ScoreSnapshotPolicy
{
    public static ScoreSnapshotPolicy Default { get; } = new();

    public TimeSpan MinInterval { get; init; } = TimeSpan.FromMinutes(1);
    public TimeSpan MaxInterval { get; init; } = TimeSpan.FromHours(1);
    /// <summary>Changes smaller than this (points) are not worth a row before <see cref="MaxInterval"/>.</summary>
    public double MinChange { get; init; } = 0.1;

    /// <summary>True when a snapshot should be written now; <paramref name="lastAt"/> null: never written yet.</summary>
    public bool ShouldRecord(DateTimeOffset? lastAt, double lastScore, DateTimeOffset now, double score)
    {
        if (lastAt is not { } last) return true;
        var since = now - last;
        if (since < MinInterval) return false;
        return Math.Abs(score - lastScore) >= MinChange || since >= MaxInterval;
    }
}
