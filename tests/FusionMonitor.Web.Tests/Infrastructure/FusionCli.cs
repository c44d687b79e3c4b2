using FusionMonitor.Cli;

namespace FusionMonitor.Web.Tests.Infrastructure;

/// <summary>Runs the <c>fusion</c> CLI in-process, as a user would from a shell, and keeps what it printed.</summary>
public static class FusionCli
{
    public static async Task<(int Code, string Out, string Error)> RunAsync(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(args, new CliConsole(new StringReader(""), output, error));
        return (code, output.ToString(), error.ToString());
    }
}
