using FusionMonitor.Cli;

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
return await CliApp.RunAsync(args, CliConsole.System, cts.Token);
