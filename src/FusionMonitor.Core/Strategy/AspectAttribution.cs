using FusionMonitor.Core.Matching;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Core.Text;

namespace FusionMonitor.Core.Strategy;

/// <summary>One place a text names a brand: the brand and the span of its name (<see cref="Matching.MatchResult.SpansOf"/>).</summary>
public readonly record struct NamedParty(long Id, TextSpan Span);

/// <summary>
/// Which party an aspect is about, pure: in "Loved my Lumen Knits sweater but the Gilded Salmon waiters were rude" the
/// sweater is Lumen Knits' and the waiters are the restaurant's. Each place an aspect's term stands (<see cref="AspectHit.Spans"/>)
/// goes to the party named nearest to it <b>in its clause</b> (<see cref="Clauses.Bounds"/>, the clause the per-party
/// reading reads); when no party is named in that clause, in its sentence; when none in its sentence either, in the
/// text. Nearest in characters between the two spans, a tie going to each party tied. A term inside a party's name ("Quality Knits")
/// names no aspect. With fewer than two parties named in its words, every term goes to the one party; a party not named
/// in its words (or a text naming none) gets every term, as the per-party reading gives such a party the whole text. An aspect is about a party when at least one of its terms is, and the party's
/// reading of it reads those terms' clauses only.
/// </summary>
public static class AspectAttribution
{
    /// <summary>The aspects of <paramref name="hits"/> about <paramref name="party"/>, each with the spans that are its.</summary>
    /// <param name="named">Every place the text names any party (brands the matcher found in it), in any order.</param>
    public static IReadOnlyList<AspectHit> About(string text, IReadOnlyList<AspectHit> hits, long party, IReadOnlyList<NamedParty> named)
    {
        if (hits.Count == 0 || named.Count == 0) return hits;
        var isNamed = false;
        foreach (var n in named) isNamed |= n.Id == party;
        if (!isNamed) return hits; // not named in its words (as the per-party reading, it reads the whole text)
        var result = new List<AspectHit>(hits.Count);
        var several = HasSeveral(named);
        foreach (var hit in hits)
        {
            List<TextSpan>? mine = null;
            foreach (var term in hit.Spans)
            {
                if (InsideAName(term, named)) continue;
                if (!several || Owns(text, term, party, named)) (mine ??= []).Add(term);
            }
            if (mine is null) continue;
            result.Add(mine.Count == hit.Spans.Count ? hit : new AspectHit(hit.Aspect, mine));
        }
        return result;
    }

    /// <summary>The names of the aspects <paramref name="text"/> names about <paramref name="party"/> (the lexicon's, <see cref="AspectLexicon.Default"/>), in the lexicon's order.</summary>
    public static IReadOnlyList<string> NamesAbout(string text, long party, IReadOnlyList<NamedParty> named) =>
        About(text, AspectLexicon.Default.Detect(text), party, named).Select(h => h.Aspect).ToList();

    /// <summary>
    /// The names of the aspects <paramref name="text"/> names about <paramref name="party"/>, the brands' places read by
    /// <paramref name="matcher"/> (the catalogue's): what a post shown for a brand is tagged with — an alert card's posts,
    /// a list of the brand's (or a pair's) mentions. Without a party (a list of every brand's mentions) or a matcher, every
    /// aspect the text names. The text is matched only when it names an aspect.
    /// </summary>
    public static IReadOnlyList<string> NamesAbout(string? text, long? party, EntityMatcher? matcher)
    {
        if (string.IsNullOrEmpty(text)) return [];
        var hits = AspectLexicon.Default.Detect(text);
        if (hits.Count == 0) return [];
        if (party is { } p && matcher is not null) hits = About(text, hits, p, BrandsNamed(matcher.MatchText(text)));
        return hits.Select(h => h.Aspect).ToList();
    }

    /// <summary>Every place a match names a brand (its influencers left out), as <see cref="About"/> takes them.</summary>
    public static IReadOnlyList<NamedParty> BrandsNamed(MatchResult match) =>
        match.Spans is { Count: > 0 } spans ? spans.Where(s => s.IsBrand).Select(s => new NamedParty(s.Id, s.Span)).ToList() : [];

    private static bool Owns(string text, TextSpan term, long party, IReadOnlyList<NamedParty> named)
    {
        var (from, to) = Clauses.Bounds(text, term);
        if (!NamesAny(named, from, to)) (from, to) = Clauses.SentenceBounds(text, term);
        if (!NamesAny(named, from, to)) (from, to) = (0, text.Length);
        var best = int.MaxValue;
        var mine = int.MaxValue;
        foreach (var n in named)
        {
            if (!Within(n.Span, from, to)) continue;
            var d = Distance(n.Span, term);
            best = Math.Min(best, d);
            if (n.Id == party) mine = Math.Min(mine, d);
        }
        return mine == best;
    }

    private static bool NamesAny(IReadOnlyList<NamedParty> named, int from, int to)
    {
        foreach (var n in named)
            if (Within(n.Span, from, to)) return true;
        return false;
    }

    private static bool Within(TextSpan s, int from, int to) => s.Start >= from && s.End <= to;

    private static bool HasSeveral(IReadOnlyList<NamedParty> named)
    {
        for (var k = 1; k < named.Count; k++)
            if (named[k].Id != named[0].Id) return true;
        return false;
    }

    private static bool InsideAName(TextSpan term, IReadOnlyList<NamedParty> named)
    {
        foreach (var n in named)
            if (term.Start >= n.Span.Start && term.End <= n.Span.End) return true;
        return false;
    }

    private static int Distance(TextSpan a, TextSpan b) =>
        a.End <= b.Start ? b.Start - a.End : b.End <= a.Start ? a.Start - b.End : 0;
}
