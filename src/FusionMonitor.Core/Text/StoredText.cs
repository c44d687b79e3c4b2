using System.Globalization;
using System.Text;

namespace FusionMonitor.Core.Text;

/// <summary>
/// The one rule for text that reaches a database: a string holding a NUL (U+0000), which PostgreSQL cannot store, or
/// an unpaired UTF-16 surrogate, which is not text at all, is <b>refused, never altered</b> — the item carrying it is
/// rejected with the reason this gives (a mention is quarantined, a request answered 400), because quietly stripping
/// would change what an id or handle identifies and what a person wrote. Both databases follow it, so they agree.
/// Diagnostic copies (quarantined payloads, error messages) are the one exception: they are made storable with
/// <see cref="ForDiagnostics"/>, which shows what was there instead of refusing it.
/// </summary>
public static class StoredText
{
    /// <summary>Null when <paramref name="s"/> may be stored; else why not, naming the position.</summary>
    public static string? Problem(string? s)
    {
        if (string.IsNullOrEmpty(s)) return null;
        var i = IndexOfProblem(s);
        if (i < 0) return null;
        return s[i] == '\0'
            ? $"contains a NUL character (U+0000) at position {i}"
            : $"contains an unpaired UTF-16 surrogate (U+{(int)s[i]:X4}) at position {i}";
    }

    /// <summary>"<paramref name="field"/> contains …", or null when the value may be stored.</summary>
    public static string? Problem(string field, string? s) => Problem(s) is { } why ? $"{field} {why}" : null;

    public static bool IsStorable(string? s) => string.IsNullOrEmpty(s) || IndexOfProblem(s) < 0;

    /// <summary>For stores: throws <see cref="ArgumentException"/> naming the field when any value may not be stored (callers validate first; this is the last line).</summary>
    public static void Require(string field, params IEnumerable<string?> values)
    {
        foreach (var v in values)
            if (Problem(field, v) is { } why) throw new ArgumentException(why, field);
    }

    /// <summary>
    /// A copy that may be stored whatever it held, for diagnostics only: NUL becomes the visible symbol ␀ (U+2400), an
    /// unpaired surrogate the replacement character (U+FFFD). The same string when nothing needed changing.
    /// </summary>
    public static string ForDiagnostics(string s)
    {
        if (IndexOfProblem(s) < 0) return s;
        var b = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '\0') b.Append('\u2400');
            else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) b.Append(c).Append(s[++i]);
            else if (char.IsSurrogate(c)) b.Append('\uFFFD');
            else b.Append(c);
        }
        return b.ToString();
    }

    /// <see cref="ForDiagnostics(string)"/>, null staying null.
    public static string? ForDiagnosticsOrNull(string? s) => s is null ? null : ForDiagnostics(s);

    private static int IndexOfProblem(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '\0') return i;
            if (!char.IsSurrogate(c)) continue;
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
            return i;
        }
        return -1;
    }
}

/// <summary>
/// The one way text is cut to a length: at a text-element (grapheme cluster) boundary at or before the limit, so a cut
/// never splits a surrogate pair (which PostgreSQL would refuse), an emoji sequence or a letter from its accents.
/// </summary>
public static class TextCut
{
    /// <summary>
    /// <paramref name="s"/> when it fits in <paramref name="maxLength"/> UTF-16 units; else its longest prefix of whole
    /// text elements that fits together with <paramref name="suffix"/> (e.g. "…"), followed by the suffix. A single
    /// element longer than the room (a letter with thousands of combining marks) is cut between code points instead.
    /// </summary>
    public static string Cut(string s, int maxLength, string suffix = "")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        if (s.Length <= maxLength) return s;
        var room = Math.Max(0, maxLength - suffix.Length);
        var end = 0;
        while (end < room)
        {
            var next = StringInfo.GetNextTextElementLength(s, end);
            if (next == 0 || end + next > room) break;
            end += next;
        }
        if (end == 0 && room > 0)
        {
            end = room;
            if (char.IsLowSurrogate(s[end]) && char.IsHighSurrogate(s[end - 1])) end--;
        }
        return string.Concat(s.AsSpan(0, end), suffix.Length <= maxLength ? suffix : "");
    }

    /// <see cref="Cut(string, int, string)"/>, null staying null.
    public static string? CutOrNull(string? s, int maxLength, string suffix = "") => s is null ? null : Cut(s, maxLength, suffix);
}
