namespace FusionMonitor.Sentiment.Text;

/// <summary>What a token stands for; placeholders (<see cref="User"/>, <see cref="Url"/>, <see cref="Number"/>)
/// carry a fixed text so that no handle, link or figure is learned as a word.</summary>
public enum TokenKind : byte { Word, Hashtag, Emoticon, Emoji, Punctuation, Number, User, Url }

/// <summary>
/// One token of a social-media text, already lower-cased and de-elongated. The flags keep what normalisation took
/// away, because shouting (<see cref="AllCaps"/>) and stretching (<see cref="Elongated"/>) carry sentiment, and a
/// word in the scope of a negation (<see cref="Negated"/>) usually means the opposite of itself.
/// </summary>
public readonly record struct TextToken(string Text, TokenKind Kind, bool AllCaps = false, bool Elongated = false, bool Negated = false)
{
    public bool IsWordLike => Kind is TokenKind.Word or TokenKind.Hashtag;
}
