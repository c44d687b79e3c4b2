using System.Globalization;
using System.Text;

namespace FusionMonitor.Core.Text;

/// <summary>
/// The form in which two brand or influencer names (or aliases) are the same name: compatibility-normalised, folded
/// for case and accents as the matcher folds text (<see cref="TextFolding"/>), and reduced to its words separated by
/// one space — so "Pebble Roasters", "pebble  roasters", "PEBBLE-ROASTERS" and "Pébble Roasters" share one key, as
/// they match the same mentions. A name without any word character keys as its folded, trimmed self.
/// </summary>
public static class NameKey
{
    public static string Of(string name)
    {
        var folded = StripMarks(Normalized(name, NormalizationForm.FormKC));
        var sb = new StringBuilder(folded.Length);
        var inWord = false;
        foreach (var c in folded)
        {
            if (TextFolding.IsWordChar(c))
            {
                if (!inWord && sb.Length > 0) sb.Append(' ');
                sb.Append(TextFolding.Fold(c));
                inWord = true;
            }
            else inWord = false;
        }
        return sb.Length > 0 ? sb.ToString() : TextFolding.Fold(name.Trim());
    }

    /// <summary>Accents of Latin, Greek and Cyrillic letters: decomposed, their combining marks dropped (the letter
    /// keeps its base). Marks of other scripts (an Indic vowel sign) are letters of the name and stay.</summary>
    private static string StripMarks(string s)
    {
        var d = Normalized(s, NormalizationForm.FormD);
        var sb = new StringBuilder(d.Length);
        foreach (var c in d)
        {
            var accent = CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark && sb.Length > 0 && sb[^1] < '\u0530';
            if (!accent) sb.Append(c);
        }
        return Normalized(sb.ToString(), NormalizationForm.FormC);
    }

    /// <summary>Normalised, or as it is when the runtime refuses to normalise it (a noncharacter such as U+FFFE makes
    /// <see cref="string.Normalize(NormalizationForm)"/> throw): such a name is compared as written.</summary>
    private static string Normalized(string s, NormalizationForm form)
    {
        try
        {
            return s.Normalize(form);
        }
        catch (ArgumentException)
        {
            return s;
        }
    }
}
