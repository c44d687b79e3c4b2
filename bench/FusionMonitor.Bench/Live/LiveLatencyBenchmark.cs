using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace FusionMonitor.Bench.Live;

/// <summary>
/// Live-push latency against the real app on PostgreSQL, in two shapes:
/// <list type="bullet">
/// <item><c>push-latency</c> (issue 5): mentions pushed at a steady rate (default 1,000/s, in 10 batches a second);
/// one client subscribed to everything; latency = time the client receives <c>scoreUpdated</c> − the event's
/// <c>at</c> (taken just before the batch's transaction). Target p99 ≤ 250 ms.</item>
/// <item><c>hub-fanout</c> (issue 6): 1,000 WebSocket clients each subscribed to one of 50 brands; score updates at
/// 200/s in total; latency per delivery. Target p99 ≤ 250 ms.</item>
/// </list>
/// Baseline in the same run: the round trip of <c>GET /healthz</c> while the load runs, so a busy machine shows as a
/// slow baseline rather than as a slow product.
/// </summary>
public abstract class LiveLatencyBenchmark : IBenchHarness
{
    public abstract string Name { get; }

    public abstract string Description { get; }

    protected abstract (int Clients, int Brands, int MentionsPerSecond, int Seconds) Shape(string[] args);

    public async Task RunAsync(string[] args, CancellationToken ct)
    {
        var (clients, brands, rate, seconds) = Shape(args);
        // A thousand client connections live in this process: start with enough pool threads that the clients'
        // own scheduling does not show up as server latency.
        ThreadPool.SetMinThreads(Math.Max(64, clients / 4), Math.Max(64, clients / 4));
        Console.WriteLine(Machine.Describe());
        Console.WriteLine($"{Name}: {clients} client(s), {brands} brand(s), {rate} mentions/s for {seconds} s measured after a warm-up");
        await using var app = await AppProcess.StartAsync();

        var tag = Guid.NewGuid().ToString("N")[..6];
        var brandIds = new List<long>();
        var names = new List<(string Brand, string Person)>();
        for (var b = 0; b < brands; b++)
        {
            var brand = $"Brand{tag}x{b}";
            var person = $"Person{tag}x{b}";
            var brandId = await app.PostAsync("/api/brands", new { name = brand });
            var infId = await app.PostAsync("/api/influencers", new { name = person });
            await app.PostAsync("/api/pairs", new { brandId, influencerId = infId });
            brandIds.Add(brandId);
            names.Add((brand, person));
        }

        var latencies = new ConcurrentBag<double>();
        // Steady state only: the first seconds (JIT, connection pools, caches) are load but not measured.
        var warmUpUntil = DateTimeOffset.UtcNow.AddSeconds(10 + clients / 100);
        var connections = new List<HubConnection>();
        for (var c = 0; c < clients; c++)
        {
            var hub = new HubConnectionBuilder().WithUrl(new Uri(app.BaseAddress, "/hubs/fusion"), o => o.Headers["X-Api-Key"] = AppProcess.Key).Build();
            hub.On<ScoreEvent>("scoreUpdated", e =>
            {
                if (e.At >= warmUpUntil) latencies.Add((DateTimeOffset.UtcNow - e.At).TotalMilliseconds);
            });
            await hub.StartAsync(ct);
            if (clients == 1) await hub.InvokeAsync("SubscribeAll", ct);
            else await hub.InvokeAsync("SubscribeBrand", brandIds[c % brands], ct);
            connections.Add(hub);
        }
        Console.WriteLine($"  {connections.Count} client(s) connected");

        var baseline = new ConcurrentBag<double>();
        var warmUp = warmUpUntil - DateTimeOffset.UtcNow;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds) + (warmUp > TimeSpan.Zero ? warmUp : TimeSpan.Zero));
        var probe = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var w = Stopwatch.StartNew();
                await app.Http.GetAsync("/healthz", CancellationToken.None);
                if (DateTimeOffset.UtcNow >= warmUpUntil) baseline.Add(w.Elapsed.TotalMilliseconds);
                await Task.Delay(50, CancellationToken.None);
            }
        }, CancellationToken.None);

        var batchesPerSecond = 10;
        var perBatch = Math.Max(1, rate / batchesPerSecond);
        var sent = 0;
        var rng = new Random(1);
        var timer = Stopwatch.StartNew();
        var tick = 0;
        var inflight = new List<Task>();
        while (!stop.IsCancellationRequested)
        {
            var batch = Enumerable.Range(0, perBatch).Select(_ =>
            {
                var (brand, person) = names[rng.Next(names.Count)];
                var positive = rng.NextDouble() < 0.6;
                return (object)new
                {
                    source = "bench",
                    externalId = $"{tag}-{Interlocked.Increment(ref sent)}",
                    text = positive ? $"{person} wearing {brand} looked great, love it" : $"{person} and {brand} were a real letdown, awful",
                    createdAt = DateTimeOffset.UtcNow,
                    author = new { handle = $"user{rng.Next(10_000)}", followers = rng.Next(10, 100_000) },
                };
            }).ToArray();
            inflight.Add(app.Http.PostAsJsonAsync("/api/mentions", batch, CancellationToken.None));
            inflight.RemoveAll(t => t.IsCompleted);
            tick++;
            var due = TimeSpan.FromMilliseconds(tick * 1000.0 / batchesPerSecond) - timer.Elapsed;
            if (due > TimeSpan.Zero) await Task.Delay(due, CancellationToken.None);
        }
        await Task.WhenAll(inflight);
        await Task.Delay(2000, CancellationToken.None); // let the last pushes arrive
        await probe;
        foreach (var h in connections) await h.DisposeAsync();

        var l = latencies.Order().ToArray();
        var b0 = baseline.Order().ToArray();
        Console.WriteLine();
        Console.WriteLine($"sent {sent:N0} mentions in {timer.Elapsed.TotalSeconds:F1} s ({sent / timer.Elapsed.TotalSeconds:N0}/s); {l.Length:N0} scoreUpdated deliveries");
        Console.WriteLine($"delivery latency: p50 {P(l, 0.50):F0} ms, p95 {P(l, 0.95):F0} ms, p99 {P(l, 0.99):F0} ms, max {(l.Length > 0 ? l[^1] : double.NaN):F0} ms (target p99 ≤ 250 ms)");
        Console.WriteLine($"baseline GET /healthz under the same load: p50 {P(b0, 0.50):F1} ms, p99 {P(b0, 0.99):F1} ms; p99 ratio {P(l, 0.99) / Math.Max(0.1, P(b0, 0.99)):F1}×");
    }

    private sealed record ScoreEvent(long PairId, DateTimeOffset At);

    private static double P(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}

public sealed class PushLatencyBenchmark : LiveLatencyBenchmark
{
    public override string Name => "push-latency";

    public override string Description => "commit → scoreUpdated push latency at 1,000 mentions/s (issue 5)  [--rate N] [--seconds N]";

    protected override (int, int, int, int) Shape(string[] args) => (1, 20, BenchArgs.Int(args, "--rate", 1000), BenchArgs.Int(args, "--seconds", 30));

}

public sealed class HubFanoutBenchmark : LiveLatencyBenchmark
{
    public override string Name => "hub-fanout";

    public override string Description => "1,000 hub clients on 50 brands, 200 score updates/s, delivery latency (issue 6)  [--clients N] [--rate N] [--seconds N]";

    protected override (int, int, int, int) Shape(string[] args) =>
        (BenchArgs.Int(args, "--clients", 1000), 50, BenchArgs.Int(args, "--rate", 200), BenchArgs.Int(args, "--seconds", 30));
}
