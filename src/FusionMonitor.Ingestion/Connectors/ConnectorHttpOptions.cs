namespace FusionMonitor.Ingestion.Connectors;

/// <summary>
/// Resilience settings shared by every connector's HttpClient (configuration section <c>Connectors:Http</c>).
/// Defaults suit polite polling of public APIs; tests shrink the delays so faults are exercised in milliseconds.
/// </summary>
public sealed class ConnectorHttpOptions
{
    public const string Section = "Connectors:Http";

    /// <summary>Sent on every request: sources throttle or block anonymous agents, and an operator should be able to reach us.</summary>
    public const string UserAgent = "FusionMonitor/1.0 (+https://github.com/fusionmonitor/fusionmonitor)";

    /// <summary>Time allowed for one attempt before it is cancelled and retried.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Time allowed for one request including all its retries.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Retries after the first attempt, for 408, 429, 5xx and network errors.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First backoff delay; it doubles per retry, with jitter, unless the server says how long to wait.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Longest wait a Retry-After or rate-limit reset header may impose inside one job; a longer one is cut to this
    /// and, if the source still refuses, the job fails and Hangfire retries later.
    /// </summary>
    public TimeSpan MaxServerRequestedDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Failure ratio over <see cref="BreakerSamplingDuration"/> that opens a host's circuit.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    public int BreakerMinimumThroughput { get; set; } = 10;

    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
