using FusionMonitor.Core.Alerts;

namespace FusionMonitor.Core.Tests.Alerts;

/// <summary>A synthetic stream of five-minute negative-volume buckets for one brand, evaluated as the lead's job would.</summary>
internal sealed class AlertStream
{
    public const long Brand = 7;
    public static readonly DateTimeOffset Start = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Bucket = TimeSpan.FromMinutes(5);

    public List<VolumeBucket> Buckets { get; } = [];
    public Dictionary<string, AlertState> States { get; private set; } = [];
    public List<AlertEvent> Events { get; } = [];

    /// <summary>Ordinary noise: now and then a mildly negative post from a small account (≈ one an hour).</summary>
    public AlertStream Noise(DateTimeOffset from, DateTimeOffset to, int seed)
    {
        var rng = new Random(seed);
        for (var t = from; t < to; t += Bucket)
        {
            if (rng.NextDouble() < 0.08)
            {
                var weight = 1.3 + rng.NextDouble() * 2.7; // 10 to 10k followers
                var negativity = 0.2 + rng.NextDouble() * 0.6;
                Buckets.Add(new VolumeBucket(t, weight * negativity, 1));
            }
        }
        return this;
    }

    /// <summary>A burst of negative mentions from <paramref name="at"/> over <paramref name="span"/>.</summary>
    public AlertStream Spike(DateTimeOffset at, int mentions, double volumeEach, TimeSpan span)
    {
        for (var i = 0; i < mentions; i++)
        {
            var t = at + span * i / mentions;
            var start = new DateTimeOffset(t.UtcTicks - t.UtcTicks % Bucket.Ticks, TimeSpan.Zero);
            Buckets.Add(new VolumeBucket(start, volumeEach, 1));
        }
        return this;
    }

    public IReadOnlyList<AlertEvent> Evaluate(DateTimeOffset now, AlertOptions? options = null)
    {
        options ??= AlertOptions.Default;
        var rules = options.RulesFor(Brand);
        var window = Window(now, rules);
        var signal = AlertSignals.Spike(Brand, null, window, rules);
        var (states, events) = AlertEvaluator.Evaluate(States, [signal], now, options);
        States = new Dictionary<string, AlertState>(states);
        Events.AddRange(events);
        return events;
    }

    /// <summary>The window as the monitor builds it: five-minute buckets for the recent hour, hourly ones for the baseline.</summary>
    public VolumeWindow Window(DateTimeOffset now, AlertRules rules, DateTimeOffset? historySince = null)
    {
        var seen = Buckets.Where(b => b.Start < now).ToList();
        var hourly = seen.GroupBy(b => new DateTimeOffset(b.Start.UtcTicks - b.Start.UtcTicks % TimeSpan.TicksPerHour, TimeSpan.Zero))
            .Select(g => new VolumeBucket(g.Key, g.Sum(b => b.Volume), g.Sum(b => b.Mentions)));
        return VolumeWindow.From(seen, hourly, now, rules, historySince ?? Start);
    }

    public void EvaluateEvery(TimeSpan cycle, DateTimeOffset from, DateTimeOffset to, AlertOptions? options = null)
    {
        for (var t = from; t < to; t += cycle) Evaluate(t, options);
    }
}
