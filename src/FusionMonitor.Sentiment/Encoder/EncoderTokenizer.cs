using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FusionMonitor.Core.Sentiment;
using Microsoft.ML.Tokenizers;

namespace FusionMonitor.Sentiment.Encoder;

/// <summary>
/// BERT's uncased WordPiece tokenisation (Microsoft.ML.Tokenizers' <see cref="BertTokenizer"/>: clean, split CJK
/// ideographs, lower-case, strip accents, split punctuation, greedy longest-match word pieces) over the encoder's
/// vocabulary, in which the emoji the model knows fill BERT's <c>[unused…]</c> slots and are split out as tokens of
/// their own. Emoji modifiers (variation selectors, the zero-width joiner, skin tones) are dropped first, as the
/// training tool does (<c>models/tools/SentimentEncoder/encoder.py</c>, which a test holds to this class).
/// Two things are done here rather than by the library, to read text as BERT was trained to: control and format
/// characters (category C: zero-width spaces, soft hyphens, U+FFFD) are removed, not turned into breaks; and the
/// ASCII symbols <c>$ + &lt; = &gt; ^ ` | ~</c> are split out as tokens, where the library's default word-or-punctuation
/// splitter would drop them (so "&lt;3" and "A+" keep their symbols).
/// </summary>
/// <remarks>Thread-safe. Any text is accepted: empty gives <c>[CLS] [SEP]</c>; only the first
/// <see cref="MaxTokens"/> tokens are kept, and only as many characters are read as can make them.</remarks>
public sealed partial class EncoderTokenizer
{
    private const int CharsPerToken = 16;
    private readonly BertTokenizer _bert;

    // BERT's split: every punctuation mark (Unicode P, and the ASCII symbols BERT counts as punctuation) alone,
    // other runs of non-space characters whole.
    [GeneratedRegex(@"[\p{P}$+<=>^`|~]|[^\s\p{P}$+<=>^`|~]+", RegexOptions.CultureInvariant)]
    private static partial Regex BertWords();

    public EncoderTokenizer(string vocabulary, int maxTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 3);
        MaxTokens = maxTokens;
        var lines = vocabulary.Split('\n');
        // BERT's own special tokens, plus every vocabulary line below the first real word piece that is not
        // bracketed: those are the emoji written into [unused…] slots.
        var special = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var id = 0; id < lines.Length && id < 1000; id++)
        {
            var line = lines[id].TrimEnd('\r');
            if (line.Length == 0) continue;
            if (line is "[PAD]" or "[UNK]" or "[CLS]" or "[SEP]" or "[MASK]" || !line.StartsWith('[')) special[line] = id;
        }
        EmojiCount = special.Count - 5;
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(vocabulary));
        _bert = BertTokenizer.Create(stream, new BertOptions
        {
            LowerCaseBeforeTokenization = true,
            ApplyBasicTokenization = true,
            IndividuallyTokenizeCjk = true,
            RemoveNonSpacingMarks = true,
            SplitOnSpecialTokens = true,
            SpecialTokens = special,
            PreTokenizer = new RegexPreTokenizer(BertWords(), special),
        });
        ClsId = _bert.ClassificationTokenId;
        SepId = _bert.SeparatorTokenId;
        PadId = _bert.PaddingTokenId;
    }

    public int MaxTokens { get; }
    public int EmojiCount { get; }
    public int ClsId { get; }
    public int SepId { get; }
    public int PadId { get; }

    /// <summary><c>[CLS]</c>, the text's first <see cref="MaxTokens"/> − 2 word pieces, <c>[SEP]</c>.</summary>
    public int[] Encode(string? text)
    {
        var pieces = Pieces(text, MaxTokens - 2);
        var ids = new int[pieces.Count + 2];
        ids[0] = ClsId;
        for (var i = 0; i < pieces.Count; i++) ids[i + 1] = pieces[i];
        ids[^1] = SepId;
        return ids;
    }

    /// <summary>
    /// The tokens of <see cref="Encode"/>'s answer that <paramref name="span"/> covers, as [From, To) positions
    /// (counting <c>[CLS]</c>), clipped to what was kept: the pieces of the text before the span and of the text up
    /// to its end, which is exact whenever the span starts and ends at word boundaries, as a matched name does.
    /// </summary>
    public (int From, int To) Covering(string text, TextSpan span)
    {
        var keep = MaxTokens - 2;
        var from = Math.Min(Pieces(text[..span.Start], keep).Count, keep);
        var to = Math.Min(Pieces(text[..span.End], keep).Count, keep);
        return (from + 1, Math.Max(from, to) + 1);
    }

    private IReadOnlyList<int> Pieces(string? text, int keep)
    {
        if (string.IsNullOrEmpty(text)) return [];
        var cut = keep * CharsPerToken;
        if (text.Length > cut) text = text[..(char.IsHighSurrogate(text[cut - 1]) ? cut - 1 : cut)];
        var ids = _bert.EncodeToIds(Clean(text), addSpecialTokens: false);
        return ids.Count <= keep ? ids : ids.Take(keep).ToArray();
    }

    /// <summary>
    /// BERT's cleaning: drops U+0000, U+FFFD (and broken surrogates), every other character of category C except
    /// tab and line breaks (which, like all white space, become spaces), and the emoji modifiers the model does not
    /// read (variation selectors, the zero-width joiner, skin tones).
    /// </summary>
    internal static string Clean(string text)
    {
        var dirty = false;
        foreach (var r in text.EnumerateRunes())
            if (Drop(r) || (IsSpace(r) && r.Value != ' ')) { dirty = true; break; }
        if (!dirty) return text;
        var sb = new StringBuilder(text.Length);
        foreach (var r in text.EnumerateRunes())
        {
            if (Drop(r)) continue;
            if (IsSpace(r)) sb.Append(' ');
            else sb.Append(r.ToString());
        }
        return sb.ToString();
    }

    private static bool IsSpace(Rune r) => r.Value is ' ' or '\t' or '\n' or '\r' || Rune.GetUnicodeCategory(r) == UnicodeCategory.SpaceSeparator;

    private static bool Drop(Rune r)
    {
        var cp = r.Value;
        if (cp is 0 or 0xFFFD or 0xFE0E or 0xFE0F or 0x200D or (>= 0x1F3FB and <= 0x1F3FF)) return true;
        if (cp is '\t' or '\n' or '\r') return false;
        return Rune.GetUnicodeCategory(r) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate;
    }
}
