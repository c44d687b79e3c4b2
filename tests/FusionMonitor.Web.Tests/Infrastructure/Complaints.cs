using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests.Infrastructure;

/// <summary>
/// A negative burst about a brand and a person, written by different people in their own words (a numbered template
/// would read as one pasted voice, by MinHash, depending on the random names), plus one text pasted by several
/// accounts — a coordinated group, which evidence shows as one post.
/// </summary>
public static class Complaints
{
    /// <summary>Twenty-five complaints, each in its own words; <c>{0}</c> is the brand.</summary>
    public static readonly string[] Texts =
    [
        "{0} and her are a disgrace, awful and rude, never again 🤮", "the {0} sweater she promoted fell apart after one wash, terrible",
        "so disappointed in {0}, cheap rubbish sold as luxury", "her {0} collab is the worst thing I have bought this year",
        "{0} customer service hung up on me twice, pathetic", "hate how pushy she is about {0}, unfollowing",
        "my {0} jumper arrived torn and they refuse a refund, awful", "what a fake partnership, {0} should be ashamed",
        "the {0} knit itches horribly, worst purchase ever", "she lied about {0} being sustainable, disgusting",
        "returned my {0} cardigan, shoddy stitching and rude staff", "never buying {0} again after that ad, so tone deaf",
        "{0} quality has collapsed, holes in the seams within a week", "embarrassing that she still shills {0}, greedy",
        "boycott {0}, they ignored every complaint I sent", "that {0} scarf shed everywhere, total waste of money",
        "angry that {0} cancelled my order without telling me", "her {0} promo code does not even work, useless",
        "{0} sizing is a joke and the fabric feels like plastic", "gross, the {0} dress smelled of chemicals out of the bag",
        "lost all respect for her after the {0} scandal", "{0} delivery took six weeks and came damaged, furious",
        "the {0} hat faded in the sun in two days, rubbish", "worst brand deal ever, {0} and her deserve each other, awful",
        "sick of {0} ads in my feed, and the product is dreadful",
    ];

    /// <summary>The text the coordinated accounts all post.</summary>
    public const string Pasted = "BOYCOTT {0} NOW, they poisoned my dog and laughed about it, share this everywhere";

    /// <summary>A calm past (ten days of one quiet post a day), so the brand knows what normal is.</summary>
    public static object[] CalmPast(string brand, DateTimeOffset now) =>
        Enumerable.Range(1, 10).Select(d => Mention(Guid.NewGuid().ToString(), $"{brand} opened a new shop", now.AddDays(-d), $"calm{d}", 200)).ToArray();

    /// <summary>Twenty-five people in their own words and <paramref name="pasted"/> accounts posting one text, in the last quarter hour.</summary>
    public static List<object> Burst(string brand, string handle, DateTimeOffset now, int pasted = 6)
    {
        var tag = handle is { Length: > 0 } ? $"@{handle} " : "";
        var burst = Texts.Select((t, i) => Mention(Guid.NewGuid().ToString(), tag + string.Format(t, brand), now.AddMinutes(-15 + i * 0.5), $"angry{i}", 40_000)).ToList();
        burst.AddRange(Enumerable.Range(0, pasted).Select(i => Mention(Guid.NewGuid().ToString(), tag + string.Format(Pasted, brand), now.AddMinutes(-5 + i * 0.5), $"bot{i}x", 400_000)));
        return burst;
    }
}
