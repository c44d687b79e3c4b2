using CsCheck;
using FusionMonitor.Core.Scoring;

namespace FusionMonitor.Core.Tests.Scoring;

/// <summary>Random mentions over two brands and two influencers, within <see cref="Span"/> days before <see cref="Now"/>.</summary>
internal static class EvidenceGen
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    public const int Span = 200;

    private static readonly Gen<long[]> Brands = Gen.OneOfConst<long[]>([], [1], [2], [1, 2]);
    private static readonly Gen<long[]> Influencers = Gen.OneOfConst<long[]>([], [10], [11], [10, 11]);

    public static Gen<ScoreEvidence> Mention(long id = 0) =>
        from minutes in Gen.Int[0, Span * 24 * 60]
        from p in Gen.Double[-1, 1]
        from followers in Gen.Long[0, 50_000_000].Nullable()
        from engagement in Gen.Long[0, 2_000_000]
        from brands in Brands
        from influencers in Influencers
        from own in Gen.Bool
        select new ScoreEvidence(
            id, Now.AddMinutes(-minutes), p, followers, engagement, brands, influencers,
            own && influencers.Length > 0 ? influencers[0] : null, "a");

    /// <summary>A history with distinct ids.</summary>
    public static Gen<List<ScoreEvidence>> History(int max = 60) =>
        Mention().List[0, max].Select(list => list.Select((e, i) => e with { MentionId = i + 1 }).ToList());

    public static ScoreBook Book(IEnumerable<ScoreEvidence> history, ScoreOptions? options = null)
    {
        var book = new ScoreBook(options ?? ScoreOptions.Default);
        foreach (var e in history) book.Apply(e);
        return book;
    }
}
