using FusionMonitor.Core.Scoring;
using Xunit.Abstractions;
using static FusionMonitor.Core.Tests.Scoring.SeedStory;

namespace FusionMonitor.Core.Tests.Scoring;

public sealed class SeedScenarioTests(ITestOutputHelper output)
{
    private static readonly ScoreOptions Options = ScoreOptions.Default;

    [Fact]
    public void Print()
    {
        var all = Background().Concat(ConcertMentions()).Concat(PettyMentions()).ToList();
        void At(DateTimeOffset t, string label)
        {
            var book = ScoreBook.Rebuild(all.Where(e => e.CreatedAt <= t), Options);
            var s = book.ScoreOf(Sweater, Artist, t);
            var r = book.ScoreOf(Restaurant, Artist, t);
            output.WriteLine($"{label,-20} A-S {s.Score:0.00} {s.Components} conf {s.Confidence:0.00} | A-R {r.Score:0.00} {r.Components}");
        }
        At(Concert.AddHours(-3), "before concert");
        At(Concert.AddHours(24), "after concert");
        At(PettyTweet.AddHours(-1), "before petty");
        At(PettyTweet.AddHours(8), "after petty");
        At(PettyTweet.AddDays(7), "week after");
    }
}
