using FusionMonitor.Cli;

namespace FusionMonitor.Web.Tests;

/// <summary>Every capability's settings are checked at start-up, in the app and in the CLI alike, every problem at once.</summary>
public sealed class SettingsValidationTests
{
    /// <summary>
    /// The app as a user starts it — its own process, settings from the environment — refuses to start and names every
    /// problem. (An in-process <c>WebApplicationFactory</c> reported, now and then under load, the factory's own
    /// "Cannot access a disposed object" instead of the host's failure: a race in how it waits for a host whose start
    /// throws.)
    /// </summary>
    [Fact]
    public async Task App_WithBadSettingsInSeveralSections_RefusesToStartAndNamesEveryProblem()
    {
        var dir = Directory.CreateTempSubdirectory("fusion-settings-").FullName;
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "FusionMonitor.Web.dll")])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (key, value) in new Dictionary<string, string>
                 {
                     ["Storage__SqlitePath"] = Path.Combine(dir, "fusion.db"), ["Demo__Enabled"] = "false", ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
                     ["Scoring__PriorWeight"] = "-1", ["Scoring__HalfLife"] = "00:00:10", ["Alerts__Defaults__SpikeFactor"] = "0.5",
                     ["Alerts__PerBrand__acme__DropPoints"] = "5", ["Auth__RequestsPerMinute"] = "0",
                     ["Connectors__AllowedNetworks__0"] = "10.0.0.0/33", ["ForwardedHeaders__KnownNetworks__0"] = "proxy-net",
                     ["Strategy__SuggestWeight"] = "0", ["Strategy__GoalCheckEvery"] = "00:00:00",
                 })
            start.Environment[key] = value;
        try
        {
            using var app = System.Diagnostics.Process.Start(start)!;
            var output = app.StandardOutput.ReadToEndAsync();
            var error = app.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            try { await app.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException) { app.Kill(entireProcessTree: true); Assert.Fail("the app started with bad settings"); }
            var problems = await output + await error;

            Assert.NotEqual(0, app.ExitCode);
            foreach (var expected in new[]
                     {
                         "Scoring: PriorWeight must be positive", "Scoring: HalfLife must be at least one minute",
                         "Alerts:Defaults: SpikeFactor must be above 1", "Alerts:PerBrand:acme: the key must be a brand id",
                         "Auth:RequestsPerMinute must be at least 1",
                         "Connectors:AllowedNetworks: '10.0.0.0/33' is not a network", "ForwardedHeaders:KnownNetworks: 'proxy-net' is not a network",
                         "Strategy:SuggestWeight must be a positive number", "Strategy:GoalCheckEvery must be from 1 second to 1 day",
                     })
                Assert.Contains(expected, problems);
            Assert.False(File.Exists(Path.Combine(dir, "fusion.db")), "nothing is done with settings that do not hold");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
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
}
