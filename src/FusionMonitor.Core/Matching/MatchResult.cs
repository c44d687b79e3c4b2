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

    /// <summary>True when the mention refers to nothing we watch: the pipeline keeps it, flagged as unmatched.</summary>
    public bool IsEmpty => BrandIds.Count == 0 && InfluencerIds.Count == 0;
}

/// <summary>One place the text names a matched brand or influencer.</summary>
public readonly record struct MatchedSpan(bool IsBrand, long Id, Sentiment.TextSpan Span);
