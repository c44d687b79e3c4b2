namespace FusionMonitor.Web.Hosting;

/// <summary>
/// What <c>/healthz</c> reports: ready once the store is reachable, migrations applied and the model loaded.
/// Set by <see cref="StartupTasks"/>; read by anyone. Thread-safe.
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
