using System.Collections.Frozen;
using System.Globalization;
using System.Net;
using System.Text;

namespace FusionMonitor.Sentiment.Text;

/// <summary>
/// Turns a tweet or review into <see cref="TextToken"/>s the model can learn from. Pure and thread-safe.
/// It never throws on hostile input: texts are cut to <see cref="MaxChars"/> first, odd Unicode becomes either a
/// token or nothing.
/// </summary>
/// <remarks>
/// What it does and why:
/// <list type="bullet">
/// <item>literal escapes such as <c>\u2019</c> (found in older tweets) and HTML entities are decoded, so
///   <c>don\u2019t</c> and <c>don't</c> are the same word;</item>
/// <item><c>@handles</c>, links and numbers become placeholders: their identity says nothing about sentiment;</item>
/// <item>hashtags are split on case changes (<c>#HappyBirthday</c> → happy, birthday), since the words carry the
///   sentiment;</item>
/// <item>emoticons (<c>:-)</c>, <c>&lt;3</c>) and emoji are tokens of their own; skin tones, joiners and variation
///   selectors are dropped;</item>
/// <item>letters repeated three or more times are cut to two (<c>soooo</c> → <c>soo</c>) and the token is
///   flagged as elongated; ALL-CAPS words are lower-cased and flagged;</item>
/// <item>words after a negator (<c>not</c>, <c>never</c>, <c>n't</c>…) up to the next clause break are flagged
///   as negated, so "not good" does not read as "good".</item>
/// </list>
/// </remarks>
public static class SocialTextTokenizer
{
    /// <summary>Longer texts are cut here: sentiment is decided long before, and the cost stays bounded.</summary>
    public const int MaxChars = 4_000;

    private static readonly FrozenSet<string> Emoticons = new[]
    {
        ":)", ":-)", ":))", ":-))", ":]", "=)", ":d", ":-d", ";)", ";-)", ";d", ":p", ":-p", ";p", ":*", ":3", "(:",
        "^^", "^_^", "<3", ":(", ":-(", ":((", ":[", "=(", "):", ":'(", ":’(", ">:(", ":/", ":-/", ":\\", ":|", ":-|",
        ":o", ":-o", ":s", "-_-", "</3", ":')", "8)", "8-)",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> EmoticonLookup =
        Emoticons.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string> Negators = new[]
    {
        "not", "no", "never", "nothing", "nobody", "none", "nowhere", "neither", "nor", "cannot", "without", "cant",
        "dont", "doesnt", "didnt", "isnt", "wasnt", "arent", "werent", "wont", "wouldnt", "shouldnt", "couldnt",
        "havent", "hasnt", "hadnt", "aint", "mustnt", "neednt", "nope", "nah",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Cuts and decodes a raw text; the first step of <see cref="Tokenize(string?)"/>.</summary>
    public static string Prepare(string? text)
    {
        if (string.IsNullOrEmpty(text)) return string.Empty;
        if (text.Length > MaxChars)
        {
            var space = text.LastIndexOf(' ', MaxChars - 1, 200);
            text = space > 0 ? text[..space] : Core.Text.TextCut.Cut(text, MaxChars);
        }
        if (text.Contains("\\u", StringComparison.Ordinal)) text = DecodeLiteralEscapes(text);
        if (text.Contains('&', StringComparison.Ordinal)) text = WebUtility.HtmlDecode(text);
        return text;
    }

    public static List<TextToken> Tokenize(string? text)
    {
        var tokens = new List<TextToken>();
        Tokenize(text, tokens);
        return tokens;
    }

    /// <summary>Appends the tokens of <paramref name="text"/> to <paramref name="into"/> (cleared first).</summary>
    public static void Tokenize(string? text, List<TextToken> into)
    {
        into.Clear();
        var s = Prepare(text);
        var sb = new StringBuilder();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c) || char.IsControl(c)) { i++; continue; }

            if (StartsWithLink(s, i))
            {
                while (i < s.Length && !char.IsWhiteSpace(s[i])) i++;
                into.Add(new TextToken("<url>", TokenKind.Url));
                continue;
            }
            if (c == '@' && i + 1 < s.Length && IsHandleChar(s[i + 1]))
            {
                i++;
                while (i < s.Length && IsHandleChar(s[i])) i++;
                into.Add(new TextToken("<user>", TokenKind.User));
                continue;
            }
            if (c == '#' && i + 1 < s.Length && IsWordChar(s, i + 1))
            {
                var start = ++i;
                while (i < s.Length && IsWordChar(s, i)) i++;
                AddHashtag(s.AsSpan(start, i - start), into, sb);
                continue;
            }
            if (!char.IsLetterOrDigit(c) && TryMatchEmoticon(s, i, out var emoticonLength))
            {
                var e = s.Substring(i, emoticonLength).ToLowerInvariant();
                if (e.Length == 3 && e[1] == '-') e = string.Concat(e[0], e[2]); // ":-)" is ":)"
                into.Add(new TextToken(e, TokenKind.Emoticon));
                i += emoticonLength;
                continue;
            }
            if (IsWordChar(s, i))
            {
                var start = i;
                while (i < s.Length && (IsWordChar(s, i) || IsApostrophe(s[i]) && i + 1 < s.Length && IsWordChar(s, i + 1))) i++;
                AddWord(s.AsSpan(start, i - start), TokenKind.Word, into, sb);
                continue;
            }
            if (char.IsSurrogatePair(s, i) || IsSymbol(c))
            {
                var length = char.IsSurrogatePair(s, i) ? 2 : 1;
                var cp = char.ConvertToUtf32(s, i) is var v && length == 2 ? v : c;
                if (!IsEmojiModifier(cp)) into.Add(new TextToken(s.Substring(i, length), TokenKind.Emoji));
                i += length;
                continue;
            }
            if (c is '!' or '?' or '.' or ',' or ';' or ':')
            {
                var start = i;
                while (i < s.Length && s[i] == c) i++;
                var run = i - start;
                into.Add(new TextToken(c == '.' && run >= 3 ? "..." : run >= 2 && c is '!' or '?' ? new string(c, 2) : c.ToString(), TokenKind.Punctuation));
                continue;
            }
            i++; // quotes, brackets, stray surrogates and the like carry nothing
        }
        MarkNegationScopes(into);
    }

    /// <summary>True for a word whose meaning flips what follows it.</summary>
    public static bool IsNegator(string word) => Negators.Contains(word) || word.EndsWith("n't", StringComparison.Ordinal);

    private static void MarkNegationScopes(List<TextToken> tokens)
    {
        var negating = false;
        for (var k = 0; k < tokens.Count; k++)
        {
            var t = tokens[k];
            if (t.Kind == TokenKind.Punctuation || t.Text is "but" or "however" or "although")
            {
                negating = false;
                continue;
            }
            if (t.Kind == TokenKind.Word && IsNegator(t.Text))
            {
                negating = true;
                continue;
            }
            if (negating && t.IsWordLike) tokens[k] = t with { Negated = true };
        }
    }

    private static void AddHashtag(ReadOnlySpan<char> tag, List<TextToken> into, StringBuilder sb)
    {
        var partStart = 0;
        for (var k = 1; k <= tag.Length; k++)
        {
            var boundary = k == tag.Length
                || char.IsUpper(tag[k]) && char.IsLower(tag[k - 1])
                || char.IsDigit(tag[k]) != char.IsDigit(tag[k - 1]);
            if (!boundary) continue;
            AddWord(tag[partStart..k], TokenKind.Hashtag, into, sb);
            partStart = k;
        }
    }

    private static void AddWord(ReadOnlySpan<char> raw, TokenKind kind, List<TextToken> into, StringBuilder sb)
    {
        var letters = 0;
        var upper = 0;
        var digits = 0;
        foreach (var ch in raw)
        {
            if (char.IsLetter(ch)) { letters++; if (char.IsUpper(ch)) upper++; }
            else if (char.IsDigit(ch)) digits++;
        }
        if (letters == 0 && digits > 0)
        {
            into.Add(new TextToken("<num>", TokenKind.Number));
            return;
        }

        sb.Clear();
        var elongated = false;
        var run = 0;
        var previous = '\0';
        foreach (var original in raw)
        {
            var ch = IsApostrophe(original) ? '\'' : char.ToLowerInvariant(original);
            run = ch == previous ? run + 1 : 1;
            previous = ch;
            if (run >= 3) { elongated = true; continue; }
            sb.Append(ch);
        }
        var allCaps = letters >= 2 && upper == letters;
        into.Add(new TextToken(sb.ToString(), kind, allCaps, elongated));
    }

    private static bool TryMatchEmoticon(string s, int i, out int length)
    {
        Span<char> buffer = stackalloc char[4];
        for (length = Math.Min(4, s.Length - i); length >= 2; length--)
        {
            var lower = buffer[..length];
            s.AsSpan(i, length).ToLowerInvariant(lower);
            if (!EmoticonLookup.Contains(lower)) continue;
            var end = i + length;
            if (end == s.Length || !char.IsLetterOrDigit(s[end])) return true;
        }
        length = 0;
        return false;
    }

    private static bool StartsWithLink(string s, int i) =>
        (s[i] is 'h' or 'H' or 'w' or 'W')
        && (i == 0 || char.IsWhiteSpace(s[i - 1]) || s[i - 1] is '(' or '"' or '\'')
        && (s.AsSpan(i).StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || s.AsSpan(i).StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || s.AsSpan(i).StartsWith("www.", StringComparison.OrdinalIgnoreCase));

    private static bool IsHandleChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static bool IsApostrophe(char c) => c is '\'' or '’' or '‘';

    private static bool IsWordChar(string s, int i)
    {
        var c = s[i];
        if (char.IsLetterOrDigit(c) || c == '_') return !char.IsSurrogate(c);
        if (c is >= '\uFE00' and <= '\uFE0F') return false; // variation selectors (❤️ = ❤ + U+FE0F) style an emoji, they are no word
        var category = char.GetUnicodeCategory(c);
        return category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
    }

    private static bool IsSymbol(char c) =>
        char.GetUnicodeCategory(c) is UnicodeCategory.OtherSymbol or UnicodeCategory.MathSymbol && c is not ('<' or '>' or '=' or '+');

    private static bool IsEmojiModifier(int cp) =>
        cp is 0xFE0F or 0xFE0E or 0x200D or >= 0x1F3FB and <= 0x1F3FF;

    private static string DecodeLiteralEscapes(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 5 < text.Length && text[i + 1] == 'u'
                && int.TryParse(text.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                sb.Append((char)code);
                i += 5;
                continue;
            }
            sb.Append(text[i]);
        }
        return sb.ToString();
    }
}
