using FusionMonitor.Core.Strategy;

namespace FusionMonitor.Core.Tests.Strategy;

public sealed class AspectTrendTests
{
    private static AspectStanding A(string aspect, double performance, double importance, long mentions = 20) =>
        new(aspect, mentions, performance, importance, Quadrant.KeepUp);

    private static readonly AspectTrendRules Rules = new();

    [Fact]
    public void An_aspect_that_matters_more_while_the_brand_does_worse_on_it_slips()
    {
        var s = Assert.Single(AspectTrends.Slipping([A("price", 0.4, 0.1), A("staff", 0.5, 0.5)], [A("price", -0.5, 0.6), A("staff", 0.6, 0.5)], Rules));
        Assert.Equal("price", s.Aspect);
        Assert.Equal(0.9, s.Fall, 1e-9);
    }

    [Fact]
    public void Falling_performance_alone_or_rising_importance_alone_is_not_a_slip()
    {
        Assert.Empty(AspectTrends.Slipping([A("price", 0.4, 0.5)], [A("price", -0.5, 0.52)], Rules)); // importance flat
        Assert.Empty(AspectTrends.Slipping([A("price", 0.4, 0.1)], [A("price", 0.35, 0.9)], Rules));  // performance held
    }

    [Fact]
    public void Too_few_mentions_in_either_period_say_nothing()
    {
        Assert.Empty(AspectTrends.Slipping([A("price", 0.4, 0.1, mentions: 9)], [A("price", -0.5, 0.6)], Rules));
        Assert.Empty(AspectTrends.Slipping([A("price", 0.4, 0.1)], [A("price", -0.5, 0.6, mentions: 3)], Rules));
        Assert.Empty(AspectTrends.Slipping([], [A("price", -0.5, 0.6)], Rules)); // new this period: no movement to judge
    }

    [Fact]
    public void The_worst_fall_comes_first()
    {
        var s = AspectTrends.Slipping([A("price", 0.4, 0.1), A("delivery", 0.9, 0.1)], [A("price", 0.1, 0.4), A("delivery", -0.9, 0.4)], Rules);
        Assert.Equal(["delivery", "price"], s.Select(x => x.Aspect));
    }
}
