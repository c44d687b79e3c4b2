using FusionMonitor.Core.Scoring;

namespace FusionMonitor.Core.Tests.Scoring;

/// <summary>
/// The story of seeds/002: a pop artist wears a brand's sweater at its concert and gains 100,000 followers; a week
/// later, in the same sweater, she tweets pettily about a restaurant's waiters. Around it, ordinary background
/// chatter, as an established artist and two established brands have.
/// </summary>
internal static class SeedStory
{
    public const long Sweater = 1, Restaurant = 2, Artist = 10;
    public static readonly DateTimeOffset Concert = new(2026, 3, 1, 20, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset PettyTweet = Concert.AddDays(7).AddHours(1);

    public static List<ScoreEvidence> Background()
    {
        var list = new List<ScoreEvidence>();
        var id = 1_000L;
        for (var day = -28; day <= 14; day++)
        {
            var t = Concert.Date.AddDays(day).AddHours(9);
            var odd = (day & 1) != 0;
            list.Add(Fan(id++, t, odd ? -0.2 : 0.4, 800, [], [Artist]));
            list.Add(Fan(id++, t.AddHours(2), odd ? 0.3 : -0.1, 1_500, [], [Artist]));
            list.Add(Fan(id++, t.AddHours(8), odd ? 0.2 : -0.3, 3_000, [], [Artist]));
            list.Add(Fan(id++, t.AddHours(10), odd ? -0.2 : 0.3, 700, [], [Artist]));
            list.Add(Fan(id++, t.AddHours(1), odd ? 0.3 : -0.2, 600, [Sweater], []));
            list.Add(Fan(id++, t.AddHours(3), odd ? -0.2 : 0.3, 900, [Sweater], []));
            list.Add(Fan(id++, t.AddHours(4), odd ? 0.3 : -0.2, 2_000, [Restaurant], []));
            list.Add(Fan(id++, t.AddHours(5), odd ? -0.1 : 0.2, 400, [Restaurant], []));
            if (day % 2 == 0) list.Add(Fan(id++, t.AddHours(6), odd ? -0.1 : 0.3, 1_000, [Sweater], [Artist]));
            if (day % 3 == 0) list.Add(Own(id++, t.AddHours(7), 0.2, day < 1 ? 2_000_000 : 2_100_000, 8_000, []));
        }
        return list;
    }

    /// <summary>The concert: her own joint posts (before and after the follower jump) and fans talking about both.</summary>
    public static List<ScoreEvidence> ConcertMentions()
    {
        var id = 5_000L;
        var list = new List<ScoreEvidence>
        {
            Own(id++, Concert.AddHours(-2), 0.2, 2_000_000, 40_000, [Sweater]),
            Own(id++, Concert.AddHours(20), 0.7, 2_100_000, 90_000, [Sweater]),
        };
        long[] fans = [300, 1_200];
        for (var i = 0; i < fans.Length; i++) list.Add(Fan(id++, Concert.AddHours(1 + i), 0.5, fans[i], [Sweater], [Artist], 20));
        return list;
    }

    /// <summary>The petty tweet (her own, about the restaurant) and people calling it petty.</summary>
    public static List<ScoreEvidence> PettyMentions()
    {
        var id = 6_000L;
        var list = new List<ScoreEvidence> { Own(id++, PettyTweet, -0.8, 2_100_000, 60_000, [Restaurant]) };
        long[] critics = [1_000, 20_000, 3_000, 7_500, 600];
        for (var i = 0; i < critics.Length; i++) list.Add(Fan(id++, PettyTweet.AddHours(1 + i), -0.6, critics[i], [Restaurant], [Artist], 50));
        return list;
    }

    public static ScoreEvidence Fan(long id, DateTimeOffset t, double p, long followers, long[] brands, long[] influencers, long engagement = 2) =>
        new(id, t, p, followers, engagement, brands, influencers, null, $"fan{id}");

    public static ScoreEvidence Own(long id, DateTimeOffset t, double p, long followers, long engagement, long[] brands) =>
        new(id, t, p, followers, engagement, brands, [Artist], Artist, "popstar");
}
