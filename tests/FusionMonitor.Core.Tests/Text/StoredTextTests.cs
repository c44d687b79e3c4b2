using CsCheck;
using FusionMonitor.Core.Text;

namespace FusionMonitor.Core.Tests.Text;

public sealed class StoredTextTests
{
    /// <summary>Strings of the characters that break storage and cutting: NUL, both surrogate halves alone and paired, emoji sequences, combining marks.</summary>
    private static readonly Gen<string> Hostile = Gen.OneOf(
        Gen.String,
        Gen.Char.Array[0, 40].Select(cs => new string(cs)), // any UTF-16 units at all, lone surrogates included
        Gen.OneOfConst("a", "é", "e\u0301", "\u0000", "\ud800", "\udc00", "😀", "👩‍👩‍👧", "🇫🇷", "\u202e", "\t", "\r\n", "Z\u0351\u0352\u0353")
            .Array[0, 30].Select(parts => string.Concat(parts)));

    // Built in code: an attribute's string cannot hold an unpaired surrogate (metadata stores it as UTF-8).
    public static TheoryData<string, string?> Cases => new()
    {
        { "plain", null },
        { "emoji 😀 and flags 🇫🇷", null },
        { "a\u0000b", "NUL character (U+0000) at position 1" },
        { "x" + (char)0xD800, "unpaired UTF-16 surrogate (U+D800) at position 1" },
        { (char)0xDC00 + "y", "unpaired UTF-16 surrogate (U+DC00) at position 0" },
        { "😀" + (char)0xD83D, "unpaired UTF-16 surrogate (U+D83D) at position 2" },
    };

    [Theory]
    [MemberData(nameof(Cases), DisableDiscoveryEnumeration = true)] // nor does xUnit's test-case serialisation
    public void Names_what_cannot_be_stored_and_where(string s, string? problem)
    {
        if (problem is null) Assert.Null(StoredText.Problem(s));
        else Assert.Contains(problem, StoredText.Problem(s));
    }

    [Fact]
    public void A_diagnostic_copy_is_always_storable_the_same_length_and_untouched_when_already_fine()
    {
        Hostile.Sample(s =>
        {
            var copy = StoredText.ForDiagnostics(s);
            Assert.True(StoredText.IsStorable(copy));
            Assert.Equal(s.Length, copy.Length);
            Assert.Equal(StoredText.Problem(s) is null, StoredText.IsStorable(s));
            if (StoredText.IsStorable(s)) Assert.Same(s, copy);
        });
    }

    [Fact]
    public void A_cut_fits_is_a_prefix_and_never_makes_storable_text_unstorable()
    {
        Gen.Select(Hostile, Gen.Int[0, 50], Gen.OneOfConst("", "…", "...")).Sample((s, max, suffix) =>
        {
            var cut = TextCut.Cut(s, max, suffix);
            Assert.True(cut.Length <= max, $"{cut.Length} > {max}");
            if (s.Length <= max) { Assert.Same(s, cut); return; }
            var body = cut.EndsWith(suffix, StringComparison.Ordinal) ? cut[..^suffix.Length] : cut;
            Assert.StartsWith(body, s, StringComparison.Ordinal);
            if (StoredText.IsStorable(s)) Assert.True(StoredText.IsStorable(cut), "a cut split a surrogate pair");
        });
    }

    [Theory]
    [InlineData("ab😀cd", 3, "ab")] // never half an emoji
    [InlineData("ab👩‍👩‍👧cd", 5, "ab")] // never part of a family sequence
    [InlineData("abe\u0301f", 3, "ab")] // never a letter without its accent
    [InlineData("abcdef", 4, "abc…")]
    [InlineData("abc", 3, "abc")]
    public void Cuts_on_text_element_boundaries(string s, int max, string expected) =>
        Assert.Equal(expected, TextCut.Cut(s, max, s.Length > max && expected.EndsWith('…') ? "…" : ""));

    [Fact]
    public void One_element_longer_than_the_room_is_cut_between_code_points()
    {
        var zalgo = "Z" + new string('\u0351', 100);
        Assert.Equal(10, TextCut.Cut(zalgo, 10).Length);
        Assert.Equal("😀\u0351", TextCut.Cut("😀" + new string('\u0351', 10), 3));
        Assert.Equal("", TextCut.Cut("😀" + new string('\u0351', 10), 1)); // never half the pair
    }
}
