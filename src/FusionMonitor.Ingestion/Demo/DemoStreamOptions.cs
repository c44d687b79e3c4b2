namespace FusionMonitor.Ingestion.Demo;

/// <summary>
/// Shape of the demo stream. Whether the demo runs at all is the host's business (its own <c>Demo:*</c> options);
/// these say what the stream looks like.
/// </summary>
public sealed class DemoStreamOptions
{
    /// <summary>Same seed, same stream: a demo can be replayed and a test can pin what it sees.</summary>
    public int Seed { get; set; } = 2026;

    /// <summary>
    /// The background of chatter on an average hour (≈ 1,000 a day across the demo's four brands and four people),
    /// shaped by a daily and weekly rhythm (<see cref="DemoStream.Rhythm"/>); the history is made at the same rate, so
    /// live chatter is what the alert baselines call normal.
    /// </summary>
    public double MentionsPerSecond { get; set; } = 0.012;

    /// <summary>How many days of history a first start backfills before streaming live (0: none).</summary>
    public int HistoryDays { get; set; } = 30;

    /// <summary>How many days before the start the concert happened (the story's "a week later" is the live incident).</summary>
    public int ConcertDaysAgo { get; set; } = 7;

    /// <summary>When the artist posts about the restaurant; null for no incident.</summary>
    public TimeSpan? IncidentAfter { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>How long the wave of replies lasts after the incident post.</summary>
    public TimeSpan IncidentDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Extra mentions per second during the wave, on top of the background (a few hundred replies in two minutes, as a viral post gets).</summary>
    public double WaveMentionsPerSecond { get; set; } = 1;
}
