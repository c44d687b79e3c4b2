namespace FusionMonitor.Core.Alerts;

/// <summary>
/// When alerts fire, with defaults meant to be quiet. Override per brand with <c>AlertRules.Default with { ... }</c>
/// in <see cref="AlertOptions.PerBrand"/>. Volumes are reach-weighted negative volume (see MentionWeight.NegativeVolume).
/// </summary>
public sealed record AlertRules
{
    public static AlertRules Default { get; } = new();

    /// <summary>
    /// How readily this brand's alerts fire, as Meltwater offers it: <see cref="Sensitivity.Medium"/> reads the
    /// thresholds as written; <see cref="Sensitivity.Low"/> asks for half as much again (fewer, bigger alerts),
    /// <see cref="Sensitivity.High"/> for a third less (<see cref="Tuned"/>).
    /// </summary>
    public Sensitivity Sensitivity { get; init; } = Sensitivity.Medium;

    // Spikes (negative and positive): the last window against a robust, seasonal baseline.
    public bool SpikeEnabled { get; init; } = true;
    /// <summary>Positive spikes (an opportunity for the brand team) beside negative ones.</summary>
    public bool PositiveSpikeEnabled { get; init; } = true;
    public TimeSpan SpikeWindow { get; init; } = TimeSpan.FromHours(1);
    /// <summary>The baseline: the hours just before the spike window, summarised by median and MAD.</summary>
    public TimeSpan BaselineWindow { get; init; } = TimeSpan.FromDays(7);
    /// <summary>
    /// A scope whose history is shorter than this is still learning what normal is: it raises no spike (a pair may
    /// borrow its brand's baseline instead). Threshold alerts still need only <see cref="MinConfidence"/>.
    /// </summary>
    public TimeSpan ObservationSpan { get; init; } = TimeSpan.FromDays(3);
    /// <summary>The window must exceed this many times the expected volume (median, or the same hour on other days).</summary>
    public double SpikeFactor { get; init; } = 3;
    /// <summary>…and lie this many robust deviations (1.4826·MAD, at least √expected) above it.</summary>
    public double SpikeSigmas { get; init; } = 5;
    /// <summary>…and this many times the same hour a day and a week before, when those are known (seasonality).</summary>
    public double ConfirmFactor { get; init; } = 2;
    /// <summary>Below this volume in the window nothing fires, however quiet the baseline (≈ 6 angry small accounts). Both directions.</summary>
    public double MinNegativeVolume { get; init; } = 25;
    public int MinNegativeMentions { get; init; } = 5;
    /// <summary>A floor for the expected hourly volume, so going from 0 to 1 is not infinitely many times more.</summary>
    public double BaselineFloorPerHour { get; init; } = 1;

    // Score drop: at least DropPoints below the highest score within DropWindow.
    public bool DropEnabled { get; init; } = true;
    public double DropPoints { get; init; } = 10;
    public TimeSpan DropWindow { get; init; } = TimeSpan.FromHours(24);

    // Threshold: score below X, once there is enough evidence to mean it.
    public bool ThresholdEnabled { get; init; } = true;
    public double ScoreBelow { get; init; } = 30;
    public double MinConfidence { get; init; } = 0.2;

    // Lifecycle, as Prometheus Alertmanager does it.
    /// <summary>How long a spike must hold before it fires (0: the spike rule already averages a whole hour).</summary>
    public TimeSpan SpikeFor { get; init; } = TimeSpan.Zero;
    public TimeSpan DropFor { get; init; } = TimeSpan.Zero;
    /// <summary>A score hovering around the threshold must stay below it this long.</summary>
    public TimeSpan ThresholdFor { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>A firing alert resolves after its signal has been normal this long.</summary>
    public TimeSpan ResolveAfter { get; init; } = TimeSpan.FromMinutes(15);
    /// <summary>After resolving, a recurrence within this time reopens the same incident instead of a new one.</summary>
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromHours(1);
    /// <summary>A firing alert notifies again (Updated) only when its value has grown by this factor.</summary>
    public double UpdateFactor { get; init; } = 1.5;

    public TimeSpan ForOf(AlertKind kind) => kind switch
    {
        AlertKind.NegativeSpike or AlertKind.PositiveSpike => SpikeFor,
        AlertKind.ScoreDrop => DropFor,
        _ => ThresholdFor,
    };

    /// <summary>
    /// The thresholds the rules compare with, after <see cref="Sensitivity"/>: factors above 1 and the minimum volume,
    /// mention count, deviations and drop points scaled by 1.5 (low), 1 (medium) or 2/3 (high).
    /// </summary>
    public AlertRules Tuned()
    {
        var k = Sensitivity switch { Sensitivity.Low => 1.5, Sensitivity.High => 2.0 / 3, _ => 1.0 };
        if (k == 1.0) return this;
        return this with
        {
            Sensitivity = Sensitivity.Medium,
            SpikeFactor = 1 + (SpikeFactor - 1) * k,
            SpikeSigmas = SpikeSigmas * k,
            MinNegativeVolume = MinNegativeVolume * k,
            MinNegativeMentions = (int)Math.Ceiling(MinNegativeMentions * k),
            DropPoints = DropPoints * k,
        };
    }

    /// <summary>The default rules of a sensitivity preset.</summary>
    public static AlertRules Preset(Sensitivity sensitivity) => Default with { Sensitivity = sensitivity };

    /// <summary>The longest any window, span or wait may be: longer ones reach past the history a replay reads, and past what a date can hold.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(92);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var (name, d) in new[]
                 {
                     (nameof(SpikeWindow), SpikeWindow), (nameof(BaselineWindow), BaselineWindow), (nameof(ObservationSpan), ObservationSpan),
                     (nameof(DropWindow), DropWindow), (nameof(SpikeFor), SpikeFor), (nameof(DropFor), DropFor), (nameof(ThresholdFor), ThresholdFor),
                     (nameof(ResolveAfter), ResolveAfter), (nameof(Cooldown), Cooldown),
                 })
            if (d > MaxDuration) errors.Add($"{name} must be at most {MaxDuration.TotalDays:0} days");
        if (!Enum.IsDefined(Sensitivity)) errors.Add("Sensitivity must be low, medium or high");
        if (ObservationSpan < TimeSpan.Zero) errors.Add("ObservationSpan must not be negative");
        if (!(SpikeSigmas >= 0)) errors.Add("SpikeSigmas must be zero or positive");
        if (SpikeWindow <= TimeSpan.Zero) errors.Add("SpikeWindow must be positive");
        if (BaselineWindow < SpikeWindow) errors.Add("BaselineWindow must be at least SpikeWindow");
        if (!(SpikeFactor > 1)) errors.Add("SpikeFactor must be above 1");
        if (!(ConfirmFactor >= 1)) errors.Add("ConfirmFactor must be at least 1");
        if (!(MinNegativeVolume >= 0)) errors.Add("MinNegativeVolume must be zero or positive");
        if (MinNegativeMentions < 0) errors.Add("MinNegativeMentions must be zero or positive");
        if (!(BaselineFloorPerHour > 0)) errors.Add("BaselineFloorPerHour must be positive");
        if (!(DropPoints > 0)) errors.Add("DropPoints must be positive");
        if (DropWindow <= TimeSpan.Zero) errors.Add("DropWindow must be positive");
        if (ScoreBelow is < 0 or > 100) errors.Add("ScoreBelow must be 0 to 100");
        if (SpikeFor < TimeSpan.Zero || DropFor < TimeSpan.Zero || ThresholdFor < TimeSpan.Zero) errors.Add("For durations must not be negative");
        if (ResolveAfter < TimeSpan.Zero || Cooldown < TimeSpan.Zero) errors.Add("ResolveAfter and Cooldown must not be negative");
        if (!(UpdateFactor > 1)) errors.Add("UpdateFactor must be above 1");
        return errors;
    }
}

/// <summary>How readily a brand's alerts fire (<see cref="AlertRules.Tuned"/>).</summary>
public enum Sensitivity { Low = 0, Medium = 1, High = 2 }

/// <summary>The rules for every brand, with per-brand overrides.</summary>
public sealed record AlertOptions(AlertRules Defaults, IReadOnlyDictionary<long, AlertRules> PerBrand)
{
    public static AlertOptions Default { get; } = new(AlertRules.Default, new Dictionary<long, AlertRules>());

    public AlertRules RulesFor(long brandId) => PerBrand.GetValueOrDefault(brandId) ?? Defaults;
}
