using System.Globalization;
using System.Text;

namespace FusionMonitor.Core.Text;

/// <summary>
/// Case- and accent-insensitive folding, one character in, one character out, so positions in the folded text are
/// positions in the original. "Café" and "CAFE" fold alike. Built once as a table for the Latin ranges (where almost
/// all accents live); other characters are lower-cased only.
/// </summary>
public static class TextFolding
{
    private const int TableSize = 0x0250; // Basic Latin .. Latin Extended-B
    private static readonly char[] Table = BuildTable();

    public static char Fold(char c)
    {
        if (c < TableSize) return Table[c];
        return char.ToLowerInvariant(c);
    }

    /// <summary>Folds <paramref name="source"/> into <paramref name="destination"/> (same length).</summary>
    public static void Fold(ReadOnlySpan<char> source, Span<char> destination)
    {
        for (var i = 0; i < source.Length; i++) destination[i] = Fold(source[i]);
    }

    public static string Fold(string s)
    {
        return string.Create(s.Length, s, static (span, src) => Fold(src, span));
    }

    /// <summary>A character that belongs to a word: letters, digits, and combining marks of scripts that use them.</summary>
    public static bool IsWordChar(char c)
    {
        if (c < 0x80) return char.IsAsciiLetterOrDigit(c) || c == '_';
        if (char.IsLetterOrDigit(c)) return true;
        var cat = CharUnicodeInfo.GetUnicodeCategory(c);
        return cat is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
    }

    private static char[] BuildTable()
    {
        var table = new char[TableSize];
        for (var i = 0; i < TableSize; i++)
        {
            var c = (char)i;
            var lower = char.ToLowerInvariant(c);
            var decomposed = lower.ToString().Normalize(NormalizationForm.FormD);
            table[i] = decomposed.Length > 0 && char.IsLetter(decomposed[0]) ? decomposed[0] : lower;
        }
        // Letters with strokes do not decompose; fold the common ones by hand.
        table['ø'] = 'o'; table['Ø'] = 'o'; table['đ'] = 'd'; table['Đ'] = 'd'; table['ł'] = 'l'; table['Ł'] = 'l';
        table['ı'] = 'i';
        return table;
    }
}
