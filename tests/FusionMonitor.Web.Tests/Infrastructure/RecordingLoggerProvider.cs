using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace FusionMonitor.Web.Tests.Infrastructure;

/// <summary>
/// Keeps the app's warnings and errors (the last few hundred), so a test that times out waiting for background work
/// can say what the background side reported, instead of only that nothing happened.
/// </summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private const int Kept = 300;
    private readonly ConcurrentQueue<string> _entries = new();

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    /// <summary>The recorded entries, oldest first.</summary>
    public IReadOnlyList<string> Entries() => _entries.ToList();

    public void Dispose()
    {
    }

    private void Add(string entry)
    {
        _entries.Enqueue(entry);
        while (_entries.Count > Kept) _entries.TryDequeue(out _);
    }

    private sealed class Recorder(RecordingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var error = exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})";
            owner.Add($"{DateTime.UtcNow:HH:mm:ss.fff} [{logLevel}] {category}: {formatter(state, exception)}{error}");
        }
    }
}
