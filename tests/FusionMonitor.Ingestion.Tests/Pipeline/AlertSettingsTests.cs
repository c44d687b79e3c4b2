using FusionMonitor.Core.Alerts;
using FusionMonitor.Ingestion.Alerts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FusionMonitor.Ingestion.Tests.Pipeline;

public sealed class AlertSettingsTests
{
    [Fact]
    public void PerBrandRules_StartFromTheConfiguredDefaults_NotTheBuiltInOnes()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Alerts:Defaults:SpikeFactor"] = "4",
            ["Alerts:PerBrand:7:DropPoints"] = "5",
        }).Build();
        using var services = new ServiceCollection().AddFusionAlerts(config).BuildServiceProvider();
        var options = services.GetRequiredService<AlertOptions>();

        Assert.Equal(4, options.RulesFor(7).SpikeFactor);
        Assert.Equal(5, options.RulesFor(7).DropPoints);
        Assert.Equal(4, options.RulesFor(8).SpikeFactor);
        Assert.Equal(AlertRules.Default.DropPoints, options.RulesFor(8).DropPoints);
        Assert.Equal(3, AlertRules.Default.SpikeFactor); // binding never writes into the shared defaults
    }
}
