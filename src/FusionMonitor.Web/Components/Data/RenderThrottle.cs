namespace FusionMonitor.Web.Components.Data;

/// <summary>
/// Coalesces bursts of live events into at most one refresh per <see cref="Interval"/>: at 200 score updates a second
/// a page re-rendering on each would spend the circuit on diffs nobody can read. The first request after a quiet
/// spell waits one interval so a burst lands as one render. Thread-safe; <paramref name="refresh"/> runs on the
/// thread pool and should marshal to the renderer itself (<c>InvokeAsync</c>).
/// </summary>
public sealed class RenderThrottle(Func<Task> refresh, TimeSpan? interval = null) : IDisposable
{
    private int _pending;
    private volatile bool _disposed;

    public TimeSpan Interval { get; } = interval ?? TimeSpan.FromMilliseconds(250);

    public void Request()
    {
        if (_disposed || Interlocked.Exchange(ref _pending, 1) == 1) return;
        _ = RunAsync();
    }

    private async Task RunAsync()
    {
        await Task.Delay(Interval);
        Volatile.Write(ref _pending, 0);
        if (_disposed) return;
        try
        {
            await refresh();
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away between the request and the refresh: nothing left to render.
        }
    }

    public void Dispose() => _disposed = true;
}
