namespace FusionMonitor.Core;

/// <summary>
/// A hash of a few integers that is the same in every process and on every machine, unlike
/// <see cref="HashCode"/>, which .NET seeds per process. For values that other processes must agree on (lock keys
/// shared by app instances) or that a later run must repeat (training seeds).
/// </summary>
public static class StableHash
{
    private static readonly ulong[] Multipliers = [0x9E3779B97F4A7C15UL, 0xC2B2AE3D27D4EB4FUL, 0x165667B19E3779F9UL];

    public static int Of(params ReadOnlySpan<long> values)
    {
        unchecked
        {
            ulong h = 0;
            for (var i = 0; i < values.Length; i++) h = (h ^ (ulong)values[i]) * Multipliers[i % Multipliers.Length];
            return (int)(h ^ (h >> 32));
        }
    }
}
