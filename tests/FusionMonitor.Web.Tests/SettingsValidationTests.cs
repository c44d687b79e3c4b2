using FusionMonitor.Cli;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace FusionMonitor.Web.Tests;

/// <summary>Every capability's settings are checked at start-up, in the app and in the CLI alike, every problem at once.</summary>
public sealed class SettingsValidationTests
{
    [Fact]
    public void App_WithBadSettingsInSeveralSections_RefusesToStartAndNamesEveryProblem()
    {
        using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("Storage:SqlitePath", Path.Combine(Path.GetTempPath(), "fusion-tests", $"{Guid.NewGuid():N}.db"))
            .UseSetting("Scoring:PriorWeight", "-1")
            .UseSetting("Scoring:HalfLife", "00:00:10")
            .UseSetting("Alerts:Defaults:SpikeFactor", "0.5")
            .UseSetting("Alerts:PerBrand:acme:DropPoints", "5")
            .UseSetting("Auth:RequestsPerMinute", "0")
            .UseSetting("Connectors:AllowedNetworks:0", "10.0.0.0/33")
            .UseSetting("ForwardedHeaders:KnownNetworks:0", "proxy-net")
            .UseSetting("Strategy:SuggestWeight", "0")
            .UseSetting("Strategy:GoalCheckEvery", "00:00:00"));

        var e = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        var problems = string.Join("\n", Failures(e));
        foreach (var expected in new[]
                 {
                     "Scoring: PriorWeight must be positive", "Scoring: HalfLife must be at least one minute",
                     "Alerts:Defaults: SpikeFactor must be above 1", "Alerts:PerBrand:acme: the key must be a brand id",
                     "Auth:RequestsPerMinute must be at least 1",
                     "Connectors:AllowedNetworks: '10.0.0.0/33' is not a network", "ForwardedHeaders:KnownNetworks: 'proxy-net' is not a network",
                     "Strategy:SuggestWeight must be a positive number", "Strategy:GoalCheckEvery must be from 1 second to 1 day",
                 })
            Assert.Contains(expected, problems);
    }

    [Fact]
    public async Task Cli_WithBadScoringSettings_FailsBeforeAnyWorkAndNamesEveryProblem()
    {
        var dir = Directory.CreateTempSubdirectory("fusion-cli-").FullName;
        try
        {
            var error = new StringWriter();
            var code = await CliApp.RunAsync(
                ["recompute", "--sqlite", Path.Combine(dir, "fusion.db"), "--Scoring:PriorWeight=-1", "--Scoring:TopContributions=1000"],
                new CliConsole(new StringReader(""), new StringWriter(), error));
            Assert.Equal(1, code);
            Assert.Contains("invalid settings", error.ToString());
            Assert.Contains("Scoring: PriorWeight must be positive", error.ToString());
            Assert.Contains("Scoring: TopContributions must be 0 to 100", error.ToString());
            Assert.False(File.Exists(Path.Combine(dir, "fusion.db")), "nothing is done with settings that do not hold");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static IEnumerable<string> Failures(Exception e) => e switch
    {
        OptionsValidationException v => v.Failures,
        AggregateException a => a.InnerExceptions.SelectMany(Failures),
        { InnerException: { } inner } => Failures(inner),
        _ => [e.Message],
    };
}
