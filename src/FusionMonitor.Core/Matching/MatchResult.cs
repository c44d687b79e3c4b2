namespace FusionMonitor.Core.Matching;

/// <summary>
/// The brands and influencers a mention refers to, each id once, in ascending order.
/// <see cref="Reasons"/> says why each matched ("brand 3: alias 'nova wear'") and is filled only on request
/// (<see cref="EntityMatcher.Match(Mentions.IncomingMention, bool)"/>), to keep the hot path allocation-light.
/// <see cref="AuthorInfluencerId"/> is the own-post rule's verdict: the influencer whose handle on the mention's
/// platform wrote it (their own post, which carries the follower counts of mutual lift), decided here once and stored.
/// </summary>
/// <see cref="Spans"/>: where the text names each matched entity (a name, alias or keyword's words, a hashtag or cashtag with
/// its sign, an @handle), in UTF-16 offsets into the mention's text; an entity matched through the post's author alone has none.
public sealed record MatchResult(IReadOnlyList<long> BrandIds, IReadOnlyList<long> InfluencerIds, IReadOnlyList<string> Reasons, long? AuthorInfluencerId = null,
    IReadOnlyList<MatchedSpan>? Spans = null)
{
    public static readonly MatchResult None = new([], [], []);

    /// <summary>Every place the text names the brand (<paramref name="isBrand"/>) or influencer <paramref name="id"/>, in text order.</summary>
    public IReadOnlyList<Sentiment.TextSpan> SpansOf(bool isBrand, long id)
    {
        if (Spans is null) return [];
        List<Sentiment.TextSpan>? found = null;
        foreach (var s in Spans)
            if (s.IsBrand == isBrand && s.Id == id) (found ??= []).Add(s.Span);
        if (found is null) return [];
        found.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Length.CompareTo(b.Length));
        return found;
    }

    /// <summary>
    /// <paramref name="text"/> with every place it names a matched brand or influencer blanked out (spaces, so offsets
    /// and word breaks stay): what its language is read from. A name is no evidence of the language a post is written
    /// in — "Changewell Knits 1daa0a3c opened a new shop" read whole is Dutch to a detector, the words around the name
    /// are plainly English. Spans past the end of <paramref name="text"/> (a cut copy of the mention's text) are clipped.
    /// </summary>
    public string WithoutNames(string text) => Spans is { Count: > 0 } spans ? Sentiment.TextSpan.Blank(text, spans.Select(s => s.Span)) : text;

    /// <summary>True when the mention refers to nothing we watch: the pipeline keeps it, flagged as unmatched.</summary>
    public bool IsEmpty => BrandIds.Count == 0 && InfluencerIds.Count == 0;
}

/// <summary>One place the text names a matched brand or influencer.</summary>
public readonly record struct MatchedSpan(bool IsBrand, long Id, Sentiment.TextSpan Span);
