namespace FusionMonitor.Ingestion.Hosting;

/// <summary>
/// What <c>/healthz</c> reports: ready once the store is reachable, migrations applied and the model loaded. Set by the
/// host's start-up tasks; background services (alert evaluation, the demo source) wait for it. Thread-safe.
/// </summary>
public sealed class AppReadiness
{
    private volatile string _status = "starting";
    private volatile bool _ready;

    public bool IsReady => _ready;

    public string Status => _status;

    public void Report(string status) => _status = status;

    public void MarkReady()
    {
        _status = "ready";
        _ready = true;
    }
}

/// <summary>A piece of work to finish before the app reports ready (seeding, scheduling), after migrations.</summary>
public interface IStartupStep
{
    string Description { get; }

    Task RunAsync(CancellationToken ct);
}
