namespace FusionMonitor.Bench;

/// <summary>
/// A small timing harness for a target that BenchmarkDotNet does not fit (throughput over a real database, latency
/// percentiles). Each reports a ratio against a baseline measured in the same run, because these machines are noisy.
/// </summary>
public interface IBenchHarness
{
    /// <summary>The name given on the command line: <c>dotnet run -c Release --project bench/FusionMonitor.Bench -- NAME</c>.</summary>
    string Name { get; }

    string Description { get; }

    Task RunAsync(string[] args, CancellationToken ct);
}
