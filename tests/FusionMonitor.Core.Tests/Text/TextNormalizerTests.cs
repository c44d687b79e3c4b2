using FusionMonitor.Core.Text;

namespace FusionMonitor.Core.Tests.Text;

public sealed class TextNormalizerTests
{
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("<p>Loving my new <a href=\"https://m.example/tags/acme\" class=\"mention hashtag\">#<span>acme</span></a> widget &amp; case</p>", "Loving my new #acme widget & case")]
    [InlineData("I&#x27;ve used Acme for years.<p>It&#x27;s fine, but see <a href=\"https:&#x2F;&#x2F;example.org\">this</a>.", "I've used Acme for years. It's fine, but see this (https://example.org).")]
    [InlineData("Tom &amp;amp; Jerry", "Tom & Jerry")]
    [InlineData("&lt;b&gt;bold&lt;/b&gt;", "<b>bold</b>")]
    [InlineData("a\r\n\t  b   c ", "a b c")]
    [InlineData("line<br>break<br/>here", "line break here")]
    [InlineData("ctrl\u0001chars\u0007gone", "ctrlcharsgone")]
    [InlineData("<script>alert(1)</script>visible<style>p{}</style>", "visible")]
    [InlineData("1 < 2 and 3 > 2", "1 < 2 and 3 > 2")]
    [InlineData("<!-- SC_OFF --><div class=\"md\"><p>Body</p></div><!-- SC_ON -->", "Body")]
    [InlineData("Caf&eacute; &nbsp;Ol&eacute; &#128512;", "Café Olé 😀")]
    [InlineData("see <a href=\"https://example.com/a/long/path\">example.com/a/long…</a>", "see https://example.com/a/long/path")]
    [InlineData("link https://example.com/x?a=1&b=2 kept", "link https://example.com/x?a=1&b=2 kept")]
    [InlineData("<img src=\"x.png\" alt=\"a sweater\">nice", "a sweater nice")]
    [InlineData("<a title=\"x > y\" href=\"https://e.example/\">read</a> on", "read (https://e.example/) on")]
    [InlineData("<img alt='3 > 2' src=\"a.png\">ok", "3 > 2 ok")]
    [InlineData("<a href=\"x>broken</a> still \"text\"", "broken still \"text\"")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Html_becomes_plain_text(string? html, string expected)
    {
        Assert.Equal(expected, TextNormalizer.HtmlToText(html));
    }

    [Theory]
    [InlineData("ÉCOLE", "ecole")]
    [InlineData("Crème Brûlée", "creme brulee")]
    [InlineData("Søren Łódź", "soren lodz")]
    [InlineData("Ελληνικά", "ελληνικα")]
    public void Folding_removes_case_and_accents_and_keeps_length(string input, string expectedStart)
    {
        var folded = TextFolding.Fold(input);
        Assert.Equal(input.Length, folded.Length);
        if (input.All(c => c < 0x250)) Assert.Equal(expectedStart, folded);
        else Assert.Equal(input.ToLowerInvariant(), folded);
    }
}
