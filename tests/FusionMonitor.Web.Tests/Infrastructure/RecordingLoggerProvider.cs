using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace FusionMonitor.Web.Tests.Infrastructure;

/// <summary>
/// Keeps warnings and errors (the last few hundred), and apart from them Hangfire's own debug log (it reports a
/// failed state change or lock only at debug level), so a test that times out waiting for background work can say
/// what the background side reported, instead of only that nothing happened. The record is shared by every app in
/// the test process: Hangfire logs through a process-wide provider, which ends up pointing at one app's loggers,
/// whichever app configured Hangfire last.
/// </summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private const int Kept = 300;
    private const int HangfireKept = 2_000;
    private static readonly ConcurrentQueue<string> _entries = new();
    private static readonly ConcurrentQueue<string> _hangfire = new();

    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName);

    /// <summary>The recorded entries of every app in this process, oldest first.</summary>
    public IReadOnlyList<string> Entries() => _entries.ToList();

    /// <summary>Hangfire's log down to debug level, of every app in this process, oldest first.</summary>
    public IReadOnlyList<string> HangfireEntries() => _hangfire.ToList();

    public void Dispose()
    {
    }

    private static void Add(ConcurrentQueue<string> queue, int kept, string entry)
    {
        queue.Enqueue(entry);
        while (queue.Count > kept) queue.TryDequeue(out _);
    }

    private sealed class Recorder(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        private readonly bool _isHangfire = category.StartsWith("Hangfire", StringComparison.Ordinal);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= (_isHangfire ? LogLevel.Debug : LogLevel.Warning);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var error = exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})";
            var entry = $"{DateTime.UtcNow:HH:mm:ss.fff} [{logLevel}] {category}: {formatter(state, exception)}{error}";
            if (_isHangfire) Add(_hangfire, HangfireKept, entry);
            if (logLevel >= LogLevel.Warning) Add(_entries, Kept, entry);
        }
    }
}
