using FusionMonitor.Core.Text;

namespace FusionMonitor.Core.Tests.Text;

public sealed class NameKeyTests
{
    [Theory]
    [InlineData("Pebble Roasters", "pebble roasters")]
    [InlineData("  pebble   ROASTERS ", "pebble roasters")]
    [InlineData("Pébble-Roasters", "pebble roasters")]
    [InlineData("Zoë Ångström", "zoe angstrom")]
    [InlineData("Ｌｕｍｅｎ", "lumen")]
    [InlineData("Ψυχή", "ψυχη")]
    [InlineData("!!!", "!!!")]
    [InlineData("\\u0000<script>alert(1)</script>\uFFFE\r", "u0000 script alert 1 script")]
    [InlineData("Caf\uFFFEé", "caf e")]
    public void Folds_case_accents_and_spacing(string name, string key) => Assert.Equal(key, NameKey.Of(name));

    [Fact]
    public void Keeps_the_marks_that_are_letters_of_other_scripts() =>
        Assert.NotEqual(NameKey.Of("कमल"), NameKey.Of("कमला")); // a vowel sign makes another name

    [Fact]
    public void Different_names_keep_different_keys() => Assert.NotEqual(NameKey.Of("Pebble Roasters"), NameKey.Of("Pebble Roaster"));
}
