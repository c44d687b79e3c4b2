using System.Reflection;
using BenchmarkDotNet.Running;
using FusionMonitor.Bench;

// `-- NAME [args]` runs the harness of that name; `-- list` lists them; anything else goes to BenchmarkDotNet.
var harnesses = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IBenchHarness).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchHarness)Activator.CreateInstance(t)!)
    .OrderBy(h => h.Name, StringComparer.Ordinal)
    .ToList();

if (args is ["list"] or [])
{
    foreach (var h in harnesses) Console.WriteLine($"{h.Name,-16} {h.Description}");
    Console.WriteLine("(other arguments go to BenchmarkDotNet, e.g. --filter '*')");
    return 0;
}

var harness = harnesses.FirstOrDefault(h => h.Name == args[0]);
if (harness is not null)
{
    await harness.RunAsync(args[1..], CancellationToken.None);
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(IBenchHarness).Assembly).Run(args);
return 0;
