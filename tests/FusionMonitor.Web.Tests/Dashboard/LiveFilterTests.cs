using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Web.Auth;
using FusionMonitor.Web.Components.Data;

namespace FusionMonitor.Web.Tests.Dashboard;

public sealed class LiveFilterTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly BrandScope Everything = new(null);
    private static readonly BrandScope OnlyBrand1 = new(new HashSet<long> { 1 });

    [Fact]
    public void AScopedUser_SeesScoreUpdatesOfTheirBrand_AndNoneOfAnother()
    {
        Assert.True(LiveFilter.Visible(new ScoreUpdated(10, 1, 5, 40, -2, At), OnlyBrand1));
        Assert.False(LiveFilter.Visible(new ScoreUpdated(11, 2, 5, 40, -2, At), OnlyBrand1));
    }

    [Fact]
    public void AMentionAboutSeveralBrands_ReachesAUserWhoMaySeeAnyOfThem()
    {
        Assert.True(LiveFilter.Visible(new MentionScored(7, [2, 1], [5], "negative", -0.8f), OnlyBrand1));
        Assert.False(LiveFilter.Visible(new MentionScored(8, [2, 3], [5], "negative", -0.8f), OnlyBrand1));
    }

    [Fact]
    public void AnAlertAboutNoBrand_ReachesOnlyUsersWhoMaySeeEveryBrand()
    {
        var alert = new AlertRaised(3, "negativeSpike", null, null, "spike", At);
        Assert.True(LiveFilter.Visible(alert, Everything));
        Assert.False(LiveFilter.Visible(alert, OnlyBrand1));
    }

    [Fact]
    public void AnAlertAboutAnotherBrand_NeverReachesAScopedUser()
    {
        Assert.False(LiveFilter.Visible(new AlertRaised(4, "scoreDrop", 2, 11, "drop", At), OnlyBrand1));
        Assert.True(LiveFilter.Visible(new AlertRaised(4, "scoreDrop", 2, 11, "drop", At), Everything));
    }
}
