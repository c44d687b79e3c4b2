using CsCheck;
using FusionMonitor.Core.Entities;
using FusionMonitor.Core.Matching;
using FusionMonitor.Core.Mentions;

namespace FusionMonitor.Core.Tests.Mentions;

public sealed class MentionValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static IncomingMention Good() =>
        new("test", "id-1", "a fine remark", Now.AddHours(-1), new Author("someone", "Some One", 1_200), "https://example.org/1", "en", new Engagement(3, 1, 0), 4);

    // Built in code: a lone surrogate cannot live in an attribute (metadata stores strings as UTF-8).
    public static TheoryData<string, string> Unstorable => new()
    {
        { "source", "NUL" }, { "externalId", "NUL" }, { "text", "NUL" }, { "url", "NUL" }, { "lang", "NUL" }, { "author.handle", "NUL" }, { "author.name", "NUL" },
        { "source", "surrogate" }, { "externalId", "surrogate" }, { "text", "surrogate" }, { "url", "surrogate" }, { "author.handle", "surrogate" }, { "author.name", "surrogate" },
    };

    [Theory]
    [MemberData(nameof(Unstorable))]
    public void Every_string_is_held_to_the_one_rule_and_the_reason_names_the_field(string field, string what)
    {
        var bad = what == "NUL" ? "x\0y" : "x" + (char)0xDC00 + "y";
        var m = Good();
        m = field switch
        {
            "source" => m with { Source = bad },
            "externalId" => m with { ExternalId = bad },
            "text" => m with { Text = bad },
            "url" => m with { Url = bad },
            "lang" => m with { Lang = bad },
            "author.handle" => m with { Author = m.Author with { Handle = bad } },
            _ => m with { Author = m.Author with { Name = bad } },
        };
        var reason = MentionValidator.Validate(m, Now);
        Assert.NotNull(reason);
        Assert.StartsWith(field + " contains", reason);
        Assert.Contains(what == "NUL" ? "NUL" : "surrogate", reason);
    }

    [Fact]
    public void Every_count_is_bounded_so_no_sum_of_accepted_counts_can_overflow()
    {
        Assert.Null(MentionValidator.Validate(Good(), Now));
        Assert.Contains("author.followers", MentionValidator.Validate(Good() with { Author = new Author("a", null, MentionValidator.MaxCount + 1) }, Now));
        Assert.Contains("author.followers", MentionValidator.Validate(Good() with { Author = new Author("a", null, -1) }, Now));
        Assert.Contains("author.following", MentionValidator.Validate(Good() with { Author = new Author("a", Following: -3) }, Now));
        Assert.Contains("author.posts", MentionValidator.Validate(Good() with { Author = new Author("a", Posts: MentionValidator.MaxCount + 1) }, Now));
        Assert.Contains("author.createdAt", MentionValidator.Validate(Good() with { Author = new Author("a", CreatedAt: Now.AddDays(2)) }, Now));
        Assert.Contains("author.createdAt", MentionValidator.Validate(Good() with { Author = new Author("a", CreatedAt: new DateTimeOffset(1999, 1, 1, 0, 0, 0, TimeSpan.Zero)) }, Now));
        Assert.Null(MentionValidator.Validate(Good() with { Author = new Author("a", null, 0, 3_000, 40, Now.AddDays(-1)) }, Now));
        Assert.Contains("engagement.likes", MentionValidator.Validate(Good() with { Engagement = new Engagement(long.MaxValue, 0, 0) }, Now));
        Assert.Contains("engagement.reposts", MentionValidator.Validate(Good() with { Engagement = new Engagement(0, long.MaxValue - 1, 0) }, Now));
        Assert.Contains("engagement.replies", MentionValidator.Validate(Good() with { Engagement = new Engagement(0, 0, -5) }, Now));
        Assert.Contains("rating", MentionValidator.Validate(Good() with { Rating = 6 }, Now));
        Assert.Contains("url longer", MentionValidator.Validate(Good() with { Url = "https://x/" + new string('a', 5_000) }, Now));
        Assert.Contains("future", MentionValidator.Validate(Good() with { CreatedAt = DateTimeOffset.MaxValue }, Now));
        Assert.Contains("before 2000", MentionValidator.Validate(Good() with { CreatedAt = DateTimeOffset.MinValue.AddDays(1) }, Now));
    }

    [Fact]
    public void The_engagement_total_never_wraps_whatever_the_counts()
    {
        Gen.Select(Gen.Long, Gen.Long, Gen.Long).Sample((a, b, c) =>
        {
            var total = new Engagement(a, b, c).Total;
            Assert.True(total >= 0);
            Assert.True(total >= Math.Max(0, Math.Max(a, Math.Max(b, c))));
            if (a is >= 0 and <= MentionValidator.MaxCount && b is >= 0 and <= MentionValidator.MaxCount && c is >= 0 and <= MentionValidator.MaxCount)
                Assert.Equal(a + b + c, total);
        });
    }

    [Fact]
    public void A_scoped_writer_links_only_its_brands_and_influencers_whose_every_pair_is_its_own()
    {
        var pairs = new[] { new Pair(1, 10, 100), new Pair(2, 20, 100), new Pair(3, 10, 200) }.ToLookup(p => p.InfluencerId);
        var match = new MatchResult([10, 20], [100, 200, 300], [], AuthorInfluencerId: 100);

        var restricted = WriteScope.Restrict(match, new HashSet<long> { 10 }, pairs)!;

        Assert.Equal([10], restricted.BrandIds); // brand 20 is not the writer's
        Assert.Equal([200, 300], restricted.InfluencerIds); // 100 is paired with brand 20 too: moving her would move it
        Assert.Null(restricted.AuthorInfluencerId);
        Assert.Null(WriteScope.Restrict(new MatchResult([20], [100], []), new HashSet<long> { 10 }, pairs)); // nothing left: refused
        Assert.Null(WriteScope.Restrict(MatchResult.None, new HashSet<long> { 10 }, pairs)); // matching nothing: refused, never stored unlinked
    }
}
