using FusionMonitor.Core;

namespace FusionMonitor.Core.Tests;

public sealed class StableHashTests
{
    // Pinned values: lock keys shared by app instances and training seeds repeated by later runs depend on them,
    // so they must not change between processes, machines or releases.
    [Theory]
    [InlineData(new long[] { 1, 1, 0, 0 }, -127937013)]
    [InlineData(new long[] { 1, 2, 0, 1 }, 1423481896)]
    [InlineData(new long[] { 2, 7, 3 }, 80503700)]
    [InlineData(new long[] { -1, 5 }, -1984059014)]
    public void Gives_the_same_value_everywhere(long[] values, int expected) => Assert.Equal(expected, StableHash.Of(values));

    [Fact]
    public void Order_matters()
    {
        Assert.NotEqual(StableHash.Of(1, 2, 3), StableHash.Of(3, 2, 1));
        Assert.NotEqual(StableHash.Of(1, 2), StableHash.Of(1, 2, 0));
    }
}
