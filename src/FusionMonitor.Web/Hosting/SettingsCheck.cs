using Microsoft.Extensions.Options;

namespace FusionMonitor.Web.Hosting;

/// <summary>
/// Checks every setting (each capability's <c>ValidateOnStart</c> options) before any other background service is
/// built. The host builds all its hosted services before it runs the start-up validation, and a service that reads
/// its options while being built would otherwise report only that one section; registered first, this reports
/// every problem of every section at once.
/// </summary>
internal sealed class SettingsCheck : IHostedService
{
    public SettingsCheck(IStartupValidator validator) => validator.Validate();

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
