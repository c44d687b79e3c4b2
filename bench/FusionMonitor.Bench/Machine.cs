using System.Runtime.InteropServices;

namespace FusionMonitor.Bench;

/// <summary>The line every benchmark prints first, to copy into docs/benchmarks.md with its numbers.</summary>
public static class Machine
{
    public static string Describe()
    {
        var cpu = "unknown CPU";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException) { }
        return $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC · {Environment.ProcessorCount} cores · {cpu} · {RuntimeInformation.OSDescription} · .NET {Environment.Version} · {Load()}";
    }

    /// <summary>The machine's load average: on a shared machine, other work takes cores a benchmark counts on.</summary>
    public static string Load()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"load average {parts[0]} (1 min), {parts[1]} (5 min)";
        }
        catch (IOException)
        {
            return "load average unknown";
        }
    }

    /// <summary>Runs <paramref name="work"/> and says how many cores it actually got: CPU time ÷ wall time.</summary>
    public static double CoresUsed(Action work)
    {
        var process = System.Diagnostics.Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        work();
        process.Refresh();
        return (process.TotalProcessorTime - cpu).TotalSeconds / clock.Elapsed.TotalSeconds;
    }

    public static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length == 0 ? double.NaN : v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }
}
