using FusionMonitor.Web.Jobs;
using FusionMonitor.Web.Tests.Infrastructure;
using Hangfire.AspNetCore;
using Microsoft.Extensions.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;

namespace FusionMonitor.Web.Tests;

public sealed class DisposalTolerantLogProviderTests
{
    [Fact]
    public void Logs_through_the_factory_while_it_lives_and_stays_silent_once_it_is_disposed()
    {
        var recorder = new RecordingLoggerProvider();
        var factory = LoggerFactory.Create(b => b.AddProvider(recorder).SetMinimumLevel(LogLevel.Debug));
        var provider = new DisposalTolerantLogProvider(new AspNetCoreLogProvider(factory));
        var before = provider.GetLogger("Hangfire.Tests.Before");
        var marker = Guid.NewGuid().ToString("N");

        Assert.True(before.Log(HangfireLevel.Warn, () => "alive " + marker));
        Assert.Contains(recorder.Entries(), e => e.Contains("alive " + marker));

        factory.Dispose();
        Assert.Throws<ObjectDisposedException>(() => new AspNetCoreLogProvider(factory).GetLogger("Hangfire.Tests.After"));
        var after = provider.GetLogger("Hangfire.Tests.After");

        Assert.False(after.Log(HangfireLevel.Error, () => "gone", new InvalidOperationException()));
        before.Log(HangfireLevel.Warn, () => "still callable");
    }
}
