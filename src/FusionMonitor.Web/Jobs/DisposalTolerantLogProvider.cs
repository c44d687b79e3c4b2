using Hangfire.Logging;
using LogLevel = Hangfire.Logging.LogLevel;

namespace FusionMonitor.Web.Jobs;

/// <summary>
/// Hangfire logs through one process-wide provider, which Hangfire.AspNetCore points at the logger factory of the
/// host that configured Hangfire last. When that host stops while another host in the same process runs on (the web
/// tests do this all the time; so would a process hosting two apps), the other host asked a disposed factory for a
/// logger: its job client failed ("fetch now" answered 500) and its workers failed right after fetching a job,
/// leaving it invisible to every worker for the storage's invisibility timeout (30 minutes). This provider still logs
/// through that factory, and gives out loggers that stay silent once it is gone.
/// </summary>
public sealed class DisposalTolerantLogProvider(ILogProvider inner) : ILogProvider
{
    public ILog GetLogger(string name)
    {
        try
        {
            return new Guarded(inner.GetLogger(name));
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Guarded(ILog inner) : ILog
    {
        public bool Log(LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                return inner.Log(logLevel, messageFunc, exception);
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
