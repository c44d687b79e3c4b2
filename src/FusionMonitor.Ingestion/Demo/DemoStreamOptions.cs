namespace FusionMonitor.Ingestion.Demo;

/// <summary>
/// Shape of the demo stream. Whether the demo runs at all is the host's business (its own <c>Demo:*</c> options);
/// these say what the stream looks like.
/// </summary>
public sealed class DemoStreamOptions
{
    /// <summary>Same seed, same stream: a demo can be replayed and a test can pin what it sees.</summary>
    public int Seed { get; set; } = 2026;

    /// <summary>The steady background of chatter.</summary>
    public double MentionsPerSecond { get; set; } = 2;

    /// <summary>When the artist posts about the restaurant; null for no incident.</summary>
    public TimeSpan? IncidentAfter { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>How long the wave of replies lasts after the incident post.</summary>
    public TimeSpan IncidentDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Extra mentions per second during the wave, on top of the background.</summary>
    public double WaveMentionsPerSecond { get; set; } = 4;
}
