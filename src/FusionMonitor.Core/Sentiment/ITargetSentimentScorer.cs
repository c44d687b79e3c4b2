namespace FusionMonitor.Core.Sentiment;

/// <summary>
/// Reads the polarity toward each named party in a text ("Chez Marlin's staff did nothing wrong, Roxy Vale is an
/// entitled bully": positive toward the restaurant, negative toward her), not the text's overall mood.
/// </summary>
/// <remarks>
/// <para>
/// Input: per text, one <see cref="SentimentTarget"/> per party, each the character spans (UTF-16 offsets into
/// <see cref="TargetedText.Text"/>) where that party is named — for a brand or influencer, the matched alias,
/// handle or hashtag. Give every occurrence of the same party as spans of one target: they are read together.
/// A target with no spans (the party matched through the post's author, not its words) gets the text's overall
/// sentiment.
/// </para>
/// <para>
/// Output: one list per text, in order, with one <see cref="SentimentScore"/> per target, in order (its
/// <see cref="SentimentScore.Label"/>, probabilities and <see cref="SentimentScore.Polarity"/>). A text without
/// targets gets an empty list. Scoring is deterministic: the same text and spans always give the same scores.
/// </para>
/// <para>
/// Duties: implementations are thread-safe (one instance serves every caller) and batch internally, so pass a
/// whole batch of mentions at once. Cost grows with the texts and their targets, never with how many brands or
/// influencers exist. A span that does not lie inside its text throws <see cref="ArgumentOutOfRangeException"/>;
/// any text (empty, 40,000 characters, any script) is otherwise scored.
/// </para>
/// </remarks>
public interface ITargetSentimentScorer
{
    /// <summary>Identifies the model, stored with the per-target readings so a model change can be re-scored.</summary>
    string ModelVersion { get; }

    /// <summary>Scores every target of every text; see the type's remarks for the shape of the answer.</summary>
    IReadOnlyList<IReadOnlyList<SentimentScore>> ScoreTargets(IReadOnlyList<TargetedText> texts);
}

/// <summary>A run of characters in a text: <see cref="Start"/> and <see cref="Length"/> in UTF-16 code units.</summary>
public readonly record struct TextSpan(int Start, int Length)
{
    public int End => Start + Length;

    /// <summary>
    /// <paramref name="text"/> with every span blanked to spaces (offsets and word breaks kept; spans past its end
    /// clipped): the words around the names, which is what a text's language is read from.
    /// </summary>
    public static string Blank(string text, IEnumerable<TextSpan> spans)
    {
        char[]? chars = null;
        foreach (var s in spans)
            for (int i = Math.Max(0, s.Start), end = Math.Min(text.Length, s.End); i < end; i++) (chars ??= text.ToCharArray())[i] = ' ';
        return chars is null ? text : new string(chars);
    }
}

/// <summary>One party whose polarity is wanted: every place the text names it.</summary>
public sealed record SentimentTarget(IReadOnlyList<TextSpan> Spans)
{
    /// <summary>A party named once, at <paramref name="start"/> for <paramref name="length"/> characters.</summary>
    public SentimentTarget(int start, int length) : this([new TextSpan(start, length)]) { }
}

/// <summary>A text and the parties in it whose polarity is wanted.</summary>
public sealed record TargetedText(string Text, IReadOnlyList<SentimentTarget> Targets)
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a span does not lie inside the text.</summary>
    public void Validate()
    {
        foreach (var target in Targets)
        foreach (var span in target.Spans)
            if (span.Start < 0 || span.Length < 0 || span.End > Text.Length)
                throw new ArgumentOutOfRangeException(nameof(Targets), $"The span {span.Start}+{span.Length} does not lie inside a text of {Text.Length} characters.");
    }
}
