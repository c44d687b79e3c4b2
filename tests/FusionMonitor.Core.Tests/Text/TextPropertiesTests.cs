using CsCheck;
using FusionMonitor.Core.Entities;
using FusionMonitor.Core.Matching;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Core.Text;

namespace FusionMonitor.Core.Tests.Text;

public sealed class TextPropertiesTests
{
    /// <summary>Strings built from the characters that trip HTML and entity handling, plus anything at all.</summary>
    private static readonly Gen<string> Nasty = Gen.OneOf(
        Gen.String,
        Gen.Char["<>&;#/ab\"'=x \t\n\r\u0000\u0007é😀"].Array[0, 60].Select(cs => new string(cs)),
        Gen.OneOfConst("<a href=\"", "&amp;", "&#x", "<!--", "<script>", "</p>", "&nbsp;", "@", "#", "$", " ", "nova", "reyes", "apple", "pie")
            .Array[0, 20].Select(parts => string.Concat(parts)));

    [Fact]
    public void Plain_text_output_is_trimmed_folded_and_free_of_control_characters()
    {
        Nasty.Sample(html =>
        {
            var text = TextNormalizer.HtmlToText(html);
            Assert.Equal(text.Trim(), text);
            Assert.DoesNotContain("  ", text);
            Assert.DoesNotContain(text, char.IsControl);
        });
    }

    [Fact]
    public void Normalising_twice_changes_nothing_more_for_tag_free_text()
    {
        Gen.String.Where(s => !s.Contains('<') && !s.Contains('&')).Sample(s =>
        {
            var once = TextNormalizer.HtmlToText(s);
            Assert.Equal(once, TextNormalizer.HtmlToText(once));
        });
    }

    [Fact]
    public void Matching_any_text_never_throws_and_reports_only_known_ids()
    {
        var matcher = new EntityMatcher(
            [new Brand(1, "Apple", [], ["$AAPL", "#applelove"], ["apple pie"])],
            [new Influencer(2, "Nova Reyes", ["Nova"], new Dictionary<string, string> { ["x"] = "novareyes" })]);
        Nasty.Sample(text =>
        {
            var result = matcher.Match(new IncomingMention("x:1", "id", text, DateTimeOffset.UnixEpoch, new Author(text.Length > 0 ? text : "a")));
            Assert.All(result.BrandIds, id => Assert.Equal(1, id));
            Assert.All(result.InfluencerIds, id => Assert.Equal(2, id));
        });
    }
}
