using FusionMonitor.Sentiment.Text;

namespace FusionMonitor.Sentiment.Tests;

public sealed class TokenizerTests
{
    private static string[] Texts(string s) => SocialTextTokenizer.Tokenize(s).Select(t => t.Text).ToArray();

    [Fact]
    public void Handles_links_and_numbers_become_placeholders()
    {
        Assert.Equal(["<user>", "see", "<url>", "at", "<num>"], Texts("@Some_Body see https://x.co/abc at 1900"));
    }

    [Fact]
    public void Hashtags_are_split_on_case_changes()
    {
        var tokens = SocialTextTokenizer.Tokenize("#HappyBirthday #nhl");
        Assert.Equal(["happy", "birthday", "nhl"], tokens.Select(t => t.Text));
        Assert.All(tokens, t => Assert.Equal(TokenKind.Hashtag, t.Kind));
    }

    [Fact]
    public void Emoticons_are_tokens_and_noses_do_not_matter()
    {
        Assert.Equal(["great", ":)", "sad", ":(", "<3"], Texts("great :-) sad :( <3"));
    }

    [Fact]
    public void Emoji_are_tokens_without_skin_tones_or_joiners()
    {
        var tokens = SocialTextTokenizer.Tokenize("nice 👍🏽 😍");
        Assert.Equal(["nice", "👍", "😍"], tokens.Select(t => t.Text));
        Assert.Equal(TokenKind.Emoji, tokens[1].Kind);
    }

    [Fact]
    public void Variation_selectors_are_dropped_not_read_as_words()
    {
        // ❤️ is U+2764 followed by U+FE0F; the selector used to become a word token of its own.
        Assert.Equal(["love", "❤", "❤"], Texts("love \u2764\uFE0F \u2764"));
        Assert.Equal(["so", "good", "❤"], Texts("so good❤\uFE0F"));
    }

    [Fact]
    public void Elongated_words_are_cut_to_two_letters_and_flagged()
    {
        var t = Assert.Single(SocialTextTokenizer.Tokenize("soooooo"));
        Assert.Equal("soo", t.Text);
        Assert.True(t.Elongated);
        Assert.False(Assert.Single(SocialTextTokenizer.Tokenize("good")).Elongated);
    }

    [Fact]
    public void All_caps_words_are_lowercased_and_flagged()
    {
        var tokens = SocialTextTokenizer.Tokenize("I HATE Mondays");
        Assert.Equal(["i", "hate", "mondays"], tokens.Select(t => t.Text));
        Assert.Equal([false, true, false], tokens.Select(t => t.AllCaps));
    }

    [Fact]
    public void Negation_flags_words_up_to_the_next_clause_break()
    {
        var tokens = SocialTextTokenizer.Tokenize("This isn't good at all, but fun");
        var negated = tokens.Where(t => t.Negated).Select(t => t.Text);
        Assert.Equal(["good", "at", "all"], negated);
    }

    [Fact]
    public void Literal_unicode_escapes_and_html_entities_are_decoded()
    {
        Assert.Equal(["don't", "<3", "it"], Texts(@"don\u2019t &lt;3 it"));
    }

    [Fact]
    public void Exclamation_runs_become_one_emphatic_token()
    {
        Assert.Equal(["wow", "!!"], Texts("wow!!!!"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("\uD800\uD800 lone surrogates \uDC00")]
    [InlineData("\0\u0001\u200B\u202E right-to-left override")]
    [InlineData("\\u12")]
    [InlineData("\\uZZZZ &#xFFFFFFFF; &bogus;")]
    public void Odd_input_never_throws(string? text)
    {
        var tokens = SocialTextTokenizer.Tokenize(text);
        Assert.NotNull(tokens);
    }

    [Fact]
    public void Huge_texts_are_cut_to_the_limit()
    {
        var text = string.Concat(Enumerable.Repeat("word ", 10_000));
        Assert.True(SocialTextTokenizer.Prepare(text).Length <= SocialTextTokenizer.MaxChars);
        Assert.InRange(SocialTextTokenizer.Tokenize(text).Count, 700, 800);
    }
}
