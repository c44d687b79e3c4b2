using FusionMonitor.Core.Scoring;
using FusionMonitor.Web.Components.Account;
using FusionMonitor.Web.Components.Data;

namespace FusionMonitor.Web.Tests.Dashboard;

public sealed class BoardRowTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ALiveScore_MovesEveryChangeByTheSameAmount_AndReplacesTheSparklinesLastPoint()
    {
        var row = new BoardRow(1, 2, "Acme", 3, "Star", Score: 55, Delta1h: 1, Delta24h: -4, Delta7d: 5, Spark: [50, 52, 55], Mentions: 4, Confidence: 0.3, Evidence: "old");
        var live = new FusionScore(48, ScoreComponents.Zero, 0.4, 1, 6, 0, 0, At);

        var moved = row.WithLiveScore(live, "new");

        Assert.Equal(48, moved.Score);
        Assert.Equal((-6.0, -11.0, -2.0), (moved.Delta1h, moved.Delta24h, moved.Delta7d));
        Assert.Equal([50, 52, 48], moved.Spark);
        Assert.Equal((6L, 0.4, "new"), (moved.Mentions, moved.Confidence, moved.Evidence));
        Assert.Equal(("Acme", "Star"), (moved.Brand, moved.Influencer));
    }

    [Theory]
    [InlineData("/", true)]
    [InlineData("/pairs/3?x=1", true)]
    [InlineData("//evil.example/", false)]
    [InlineData("/\\evil.example/", false)]
    [InlineData("https://evil.example/", false)]
    [InlineData("pairs/3", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void SignIn_ReturnsOnlyToPathsOnThisSite(string? url, bool local)
    {
        Assert.Equal(local, Login.IsLocal(url));
    }
}
