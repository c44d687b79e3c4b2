using System.Buffers.Binary;
using FusionMonitor.Core.Digest;

namespace FusionMonitor.Core.Tests.Digest;

public sealed class DigestTests
{
    private static readonly DateTimeOffset Wednesday = new(2026, 12, 2, 5, 30, 0, TimeSpan.Zero);

    [Fact]
    public void A_daily_digest_is_due_once_a_day_at_its_hour_and_a_weekly_one_on_mondays()
    {
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 7, 0, 0, TimeSpan.Zero), Digests.LastSlot(DigestPeriod.Daily, Wednesday, 7));
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 5, 0, 0, TimeSpan.Zero), Digests.LastSlot(DigestPeriod.Daily, Wednesday, 5));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 7, 0, 0, TimeSpan.Zero), Digests.LastSlot(DigestPeriod.Weekly, Wednesday, 7));

        var created = Wednesday.AddHours(-1);
        Assert.False(Digests.Due(DigestPeriod.Daily, created, null, Wednesday, 7)); // made after the last slot: waits for the next
        Assert.True(Digests.Due(DigestPeriod.Daily, created, null, Wednesday.AddHours(2), 7));
        Assert.False(Digests.Due(DigestPeriod.Daily, created, Wednesday.AddHours(1.6), Wednesday.AddHours(2), 7)); // sent at this slot
        Assert.True(Digests.Due(DigestPeriod.Daily, created, Wednesday.AddHours(1.6), Wednesday.AddDays(1).AddHours(2), 7));
        Assert.False(Digests.Due(DigestPeriod.Weekly, created, null, Wednesday.AddDays(4), 7)); // Sunday
        Assert.True(Digests.Due(DigestPeriod.Weekly, created, null, Wednesday.AddDays(5).AddHours(2), 7)); // Monday 07:30
    }

    [Fact]
    public void Moves_that_matter_are_two_points_or_more_biggest_first()
    {
        var moves = new[] { Move(1, 50, 49), Move(2, 50, 40), Move(3, 60, 63), Move(4, 50, 48) };
        Assert.Equal([2L, 3, 4], Digests.MovesThatMattered(moves).Select(m => m.PairId));
        Assert.Equal("p2: 50.0 → 40.0 (−10.0)", DigestMessages.Move(moves[1]));
        Assert.Equal("p3: 60.0 → 63.0 (+3.0)", DigestMessages.Move(moves[2]));
    }

    [Fact]
    public void Top_posts_are_the_loudest_one_per_author_and_one_per_pasted_text()
    {
        var at = Wednesday;
        var posts = new[]
        {
            (Post(1, "bot1", 400_000, "@nova BOYCOTT Chez Marlin NOW"), 0L),
            (Post(2, "bot2", 400_000, "@nova   boycott chez marlin now!"), 0L),
            (Post(3, "ann", 1_000, "Chez Marlin was rude"), 5L),
            (Post(4, "ann", 900_000, "Chez Marlin again"), 0L),
            (Post(5, "dan", 1_000, new string('x', 400)), 9L),
        };
        var top = Digests.TopPosts(posts);
        Assert.Equal([4L, 1, 5], top.Select(p => p.MentionId));
        Assert.Equal(280, top[2].Text.Length);
    }

    [Fact]
    public void A_score_holds_its_value_across_a_gap_instead_of_sloping()
    {
        var points = Digests.Held([new(Wednesday.AddHours(-24), 50), new(Wednesday.AddHours(-2), 30), new(Wednesday.AddHours(-1), 28)]);
        Assert.Equal([50.0, 50, 30, 28], points.Select(p => p.Value));
        Assert.Equal(Wednesday.AddHours(-3), points[1].At);
    }

    [Fact]
    public void The_chart_is_a_png_of_its_size_whatever_the_data()
    {
        var (from, to) = Digests.Window(DigestPeriod.Weekly, Wednesday);
        Assert.Equal(TimeSpan.FromDays(7), to - from);
        var full = new DigestBrand(1, "Chez Marlin", 40, 30, [], [Move(1, 50, 20, from, to)], [], 0, [],
            Enumerable.Range(0, 168).Select(h => new DigestVolume(from.AddHours(h), h % 5, h % 3)).ToList());
        var empty = new DigestBrand(2, "Quiet", 0, 0, [], [], [], 0, [], []);
        foreach (var png in new[] { DigestChart.Png(full, from, to), DigestChart.Png(empty, from, to) })
        {
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
            Assert.Equal(DigestChart.Width, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
            Assert.Equal(DigestChart.Height, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
            Assert.Equal("IEND", System.Text.Encoding.ASCII.GetString(png, png.Length - 8, 4));
        }
        Assert.NotEqual(DigestChart.Png(full, from, to), DigestChart.Png(empty, from, to));
    }

    [Fact]
    public void The_html_escapes_post_text_and_keeps_only_web_links()
    {
        var (from, to) = Digests.Window(DigestPeriod.Daily, Wednesday);
        var brand = new DigestBrand(1, "Chez <b>Marlin</b>", 2, 1, [], [], [], 0,
            [Post(1, "ann", 10, "<script>x</script>") with { Url = "javascript:alert(1)" }, Post(2, "dan", 5, "fine") with { Url = "https://bsky.app/p/2" }], []);
        var html = DigestMessages.Html(new DigestReport(DigestPeriod.Daily, from, to, [brand]), "https://fusion.example.com", _ => "cid:chart");
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;x&lt;/script&gt;", html);
        Assert.Contains("Chez &lt;b&gt;Marlin&lt;/b&gt;", html);
        Assert.DoesNotContain("javascript:", html);
        Assert.Contains("href=\"https://bsky.app/p/2\"", html);
        Assert.Contains("<img src=\"cid:chart\"", html);
    }

    private static DigestMove Move(long id, double before, double after, DateTimeOffset? from = null, DateTimeOffset? to = null) =>
        new(id, $"p{id}", before, after, from is { } f && to is { } t ? [new(f, before), new(t.AddHours(-3), before), new(t.AddHours(-1), after)] : []);

    private static DigestPost Post(long id, string author, long followers, string text) => new(id, author, followers, text, null, Wednesday, -0.5);
}
