using System.Buffers;
using FusionMonitor.Core.Entities;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Core.Text;

namespace FusionMonitor.Core.Matching;

/// <summary>
/// Finds every watched brand and influencer a mention refers to. Built once from the entity lists (rebuild it when
/// they change), then shared: <see cref="Match(IncomingMention, bool)"/> is pure and thread-safe.
/// <para>
/// How it matches: the text is folded (case and accents) and cut into words; a name, alias or keyword matches a run
/// of whole words, so "Apple" never matches "Applebee's" or "pineapple". <c>#NovaReyes</c> matches "Nova Reyes"
/// (a hashtag is the name's words run together); a term written <c>$AAPL</c> matches the cashtag, one written
/// <c>#term</c> only the hashtag; <c>@handle</c> in the text matches an influencer's handle on any platform, and an
/// author handle matches the influencer's handle on the mention's platform (the part of
/// <see cref="IncomingMention.Source"/> before ':'), which makes the post the influencer's own. A brand's exclusion
/// ("apple pie") vetoes that brand's match where it overlaps, not elsewhere in the text.
/// </para>
/// <para>Where the text names each entity is kept (<see cref="MatchResult.Spans"/>): the per-party reading reads it there.</para>
/// <para>Cost: one pass over the text, dictionary look-ups on spans, no regex and no per-word strings.</para>
/// </summary>
public sealed class EntityMatcher
{
    private readonly Dictionary<string, Term[]> _byFirstWord;
    private readonly Dictionary<string, Target[]> _hashtags;
    private readonly Dictionary<string, Target[]> _cashtags;
    private readonly Dictionary<string, Target[]> _textHandles;
    private readonly Dictionary<string, Target[]> _authorHandles;
    private readonly Dictionary<string, Term[]>.AlternateLookup<ReadOnlySpan<char>> _byFirstWordSpan;
    private readonly Dictionary<string, Target[]>.AlternateLookup<ReadOnlySpan<char>> _hashtagSpan;
    private readonly Dictionary<string, Target[]>.AlternateLookup<ReadOnlySpan<char>> _cashtagSpan;
    private readonly Dictionary<string, Target[]>.AlternateLookup<ReadOnlySpan<char>> _textHandleSpan;

    public EntityMatcher(IReadOnlyList<Brand> brands, IReadOnlyList<Influencer> influencers)
    {
        ArgumentNullException.ThrowIfNull(brands);
        ArgumentNullException.ThrowIfNull(influencers);
        var words = new Dictionary<string, List<Term>>(StringComparer.Ordinal);
        var hashtags = new Dictionary<string, List<Target>>(StringComparer.Ordinal);
        var cashtags = new Dictionary<string, List<Target>>(StringComparer.Ordinal);
        var textHandles = new Dictionary<string, List<Target>>(StringComparer.Ordinal);
        var authorHandles = new Dictionary<string, List<Target>>(StringComparer.Ordinal);

        foreach (var b in brands)
        {
            foreach (var term in Distinct([b.Name, .. b.Aliases, .. b.Keywords]))
                AddTerm(new Target(true, b.Id), term, isExclusion: false, words, hashtags, cashtags, textHandles);
            foreach (var ex in Distinct(b.Excludes))
                AddTerm(new Target(true, b.Id), ex, isExclusion: true, words, hashtags, cashtags, textHandles);
        }
        foreach (var inf in influencers)
        {
            var target = new Target(false, inf.Id);
            foreach (var term in Distinct([inf.Name, .. inf.Aliases]))
                AddTerm(target, term, isExclusion: false, words, hashtags, cashtags, textHandles);
            foreach (var (platform, handle) in inf.Handles)
            {
                var h = NormalizeHandle(handle);
                if (h.Length == 0) continue;
                Add(textHandles, h, target);
                Add(authorHandles, AuthorKey(TextFolding.Fold(platform.Trim()), h), target);
            }
        }

        _byFirstWord = words.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
        _hashtags = Freeze(hashtags);
        _cashtags = Freeze(cashtags);
        _textHandles = Freeze(textHandles);
        _authorHandles = Freeze(authorHandles);
        _byFirstWordSpan = _byFirstWord.GetAlternateLookup<ReadOnlySpan<char>>();
        _hashtagSpan = _hashtags.GetAlternateLookup<ReadOnlySpan<char>>();
        _cashtagSpan = _cashtags.GetAlternateLookup<ReadOnlySpan<char>>();
        _textHandleSpan = _textHandles.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Matches one mention. With <paramref name="explain"/>, the result says why each entity matched.</summary>
    public MatchResult Match(IncomingMention mention, bool explain = false)
    {
        ArgumentNullException.ThrowIfNull(mention);
        var hits = new HitCollector(explain);
        MatchAuthor(mention, ref hits);
        MatchText(mention.Text ?? string.Empty, ref hits);
        return hits.ToResult();
    }

    /// <summary>Matches bare text (no author, no platform), e.g. for a preview in the UI.</summary>
    public MatchResult MatchText(string text, bool explain = false)
    {
        var hits = new HitCollector(explain);
        MatchText(text, ref hits);
        return hits.ToResult();
    }

    private void MatchAuthor(IncomingMention mention, ref HitCollector hits)
    {
        if (_authorHandles.Count == 0 || mention.Author?.Handle is not { Length: > 0 } handle) return;
        var platform = PlatformOf(mention.Source);
        if (!_authorHandles.TryGetValue(AuthorKey(platform, NormalizeHandle(handle)), out var targets)) return;
        foreach (var t in targets) hits.Add(t, "author handle");
        hits.Author = targets.Min(t => t.Id); // two influencers sharing a handle: the lower id, every time
    }

    private void MatchText(string text, ref HitCollector hits)
    {
        if (text.Length == 0) return;
        var folded = ArrayPool<char>.Shared.Rent(text.Length);
        var starts = ArrayPool<int>.Shared.Rent(text.Length / 2 + 1);
        var lengths = ArrayPool<int>.Shared.Rent(text.Length / 2 + 1);
        try
        {
            var f = folded.AsSpan(0, text.Length);
            TextFolding.Fold(text, f);
            var count = Tokenize(f, starts, lengths);
            List<(long BrandId, int From, int To)>? exclusions = null;
            List<(Target Target, int From, int To, string Why, int Start, int Length)>? phraseHits = null;

            for (var t = 0; t < count; t++)
            {
                var word = f.Slice(starts[t], lengths[t]);
                var prev = starts[t] > 0 ? f[starts[t] - 1] : ' ';
                var prevIsBoundary = starts[t] < 2 || !TextFolding.IsWordChar(f[starts[t] - 2]);
                if (prev == '#' && prevIsBoundary && _hashtagSpan.TryGetValue(word, out var tagTargets))
                    foreach (var target in tagTargets) hits.Add(target, "hashtag", starts[t] - 1, lengths[t] + 1);
                if (prev == '$' && prevIsBoundary && _cashtagSpan.TryGetValue(word, out var cashTargets))
                    foreach (var target in cashTargets) hits.Add(target, "cashtag", starts[t] - 1, lengths[t] + 1);
                if (!_byFirstWordSpan.TryGetValue(word, out var terms)) continue;
                foreach (var term in terms)
                {
                    if (!WordsMatch(term.Words, f, t, count, starts, lengths)) continue;
                    var to = t + term.Words.Length;
                    if (term.IsExclusion) (exclusions ??= []).Add((term.Target.Id, t, to));
                    else (phraseHits ??= []).Add((term.Target, t, to, term.Why, starts[t], starts[to - 1] + lengths[to - 1] - starts[t]));
                }
            }

            if (phraseHits is not null)
            {
                foreach (var (target, from, to, why, start, length) in phraseHits)
                {
                    if (target.IsBrand && exclusions is not null && exclusions.Exists(e => e.BrandId == target.Id && e.From < to && from < e.To)) continue;
                    hits.Add(target, why, start, length);
                }
            }
            if (_textHandles.Count > 0) MatchHandles(f, ref hits);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(folded);
            ArrayPool<int>.Shared.Return(starts);
            ArrayPool<int>.Shared.Return(lengths);
        }
    }

    private void MatchHandles(ReadOnlySpan<char> f, ref HitCollector hits)
    {
        for (var at = f.IndexOf('@'); at >= 0; at = NextAt(f, at))
        {
            if (at > 0 && TextFolding.IsWordChar(f[at - 1])) continue; // an e-mail address, not a mention
            var end = at + 1;
            while (end < f.Length && (TextFolding.IsWordChar(f[end]) || f[end] is '.' or '-' or '@')) end++;
            while (end > at + 1 && f[end - 1] is '.' or '-' or '@') end--;
            if (end > at + 1 && _textHandleSpan.TryGetValue(f[(at + 1)..end], out var targets))
                foreach (var target in targets) hits.Add(target, "@handle", at, end - at);
        }
    }

    private static int NextAt(ReadOnlySpan<char> f, int at)
    {
        var next = f[(at + 1)..].IndexOf('@');
        return next < 0 ? -1 : at + 1 + next;
    }

    private static bool WordsMatch(string[] words, ReadOnlySpan<char> f, int t, int count, int[] starts, int[] lengths)
    {
        if (t + words.Length > count) return false;
        for (var k = 1; k < words.Length; k++)
            if (!f.Slice(starts[t + k], lengths[t + k]).SequenceEqual(words[k])) return false;
        return true;
    }

    private static int Tokenize(ReadOnlySpan<char> f, int[] starts, int[] lengths)
    {
        var count = 0;
        var i = 0;
        while (i < f.Length)
        {
            while (i < f.Length && !TextFolding.IsWordChar(f[i])) i++;
            if (i >= f.Length) break;
            var start = i;
            while (i < f.Length && TextFolding.IsWordChar(f[i])) i++;
            starts[count] = start;
            lengths[count] = i - start;
            count++;
        }
        return count;
    }

    /// <summary>Splits a term into folded words, the same way text is split.</summary>
    internal static string[] Words(string term)
    {
        var f = TextFolding.Fold(term);
        var starts = new int[f.Length / 2 + 1];
        var lengths = new int[f.Length / 2 + 1];
        var n = Tokenize(f, starts, lengths);
        var words = new string[n];
        for (var k = 0; k < n; k++) words[k] = f.Substring(starts[k], lengths[k]);
        return words;
    }

    private static void AddTerm(Target target, string raw, bool isExclusion,
        Dictionary<string, List<Term>> words, Dictionary<string, List<Target>> hashtags,
        Dictionary<string, List<Target>> cashtags, Dictionary<string, List<Target>> textHandles)
    {
        var term = raw.Trim();
        if (term.Length == 0) return;
        if (!isExclusion && term[0] is '#' or '$' or '@')
        {
            var bare = term[0] == '@' ? NormalizeHandle(term) : string.Concat(Words(term[1..]));
            if (bare.Length == 0) return;
            Add(term[0] switch { '#' => hashtags, '$' => cashtags, _ => textHandles }, bare, target);
            return;
        }
        var w = Words(term);
        if (w.Length == 0) return;
        var kind = target.IsBrand ? "brand" : "influencer";
        var why = isExclusion ? "" : $"{kind} {target.Id}: '{string.Join(' ', w)}'";
        if (!words.TryGetValue(w[0], out var list)) words[w[0]] = list = [];
        list.Add(new Term(target, w, isExclusion, why));
        if (!isExclusion) Add(hashtags, string.Concat(w), target);
    }

    /// <summary>The rule for who an author is: a handle compared folded, without '@', on the platform of the mention's source (before ':', folded).</summary>
    public static string NormalizeHandle(string handle) => TextFolding.Fold(handle.Trim().TrimStart('@'));

    /// <summary>The platform of a mention's source: the part before ':', folded ("bluesky:jetstream" → "bluesky").</summary>
    public static string PlatformOf(string? source)
    {
        source ??= string.Empty;
        var colon = source.IndexOf(':');
        return TextFolding.Fold((colon >= 0 ? source[..colon] : source).Trim());
    }

    /// <summary>An influencer's handle on a platform as <see cref="PlatformOf"/> and <see cref="NormalizeHandle"/> read an author's.</summary>
    public static (string Platform, string Handle) HandleKey(string platform, string handle) => (TextFolding.Fold(platform.Trim()), NormalizeHandle(handle));

    private static string AuthorKey(string platform, string handle) => platform + "\n" + handle;

    private static IEnumerable<string> Distinct(IEnumerable<string?> terms) =>
        terms.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!).Distinct(StringComparer.OrdinalIgnoreCase);

    private static void Add(Dictionary<string, List<Target>> dict, string key, Target target)
    {
        if (!dict.TryGetValue(key, out var list)) dict[key] = list = [];
        if (!list.Contains(target)) list.Add(target);
    }

    private static Dictionary<string, Target[]> Freeze(Dictionary<string, List<Target>> d) =>
        d.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);

    private readonly record struct Target(bool IsBrand, long Id);

    private sealed record Term(Target Target, string[] Words, bool IsExclusion, string Why);

    /// <summary>Collects ids once each; small lists beat hash sets for the handful of entities in one mention.</summary>
    private struct HitCollector(bool explain)
    {
        private List<long>? _brands;
        private List<long>? _influencers;
        private List<string>? _reasons;
        private List<MatchedSpan>? _spans;

        /// <summary>The influencer who wrote the mention, when the author handle is theirs on its platform.</summary>
        public long? Author { get; set; }

        /// <summary>A match named at <paramref name="start"/> for <paramref name="length"/> characters of the text (0: not in the words).</summary>
        public void Add(Target target, string why, int start, int length)
        {
            Add(target, why);
            if (length <= 0) return;
            var span = new MatchedSpan(target.IsBrand, target.Id, new Sentiment.TextSpan(start, length));
            _spans ??= [];
            if (!_spans.Contains(span)) _spans.Add(span);
        }

        public void Add(Target target, string why)
        {
            ref var list = ref target.IsBrand ? ref _brands : ref _influencers;
            list ??= [];
            if (!list.Contains(target.Id)) list.Add(target.Id);
            if (explain)
            {
                var reason = why.Contains(':') ? why : $"{(target.IsBrand ? "brand" : "influencer")} {target.Id}: {why}";
                _reasons ??= [];
                if (!_reasons.Contains(reason)) _reasons.Add(reason);
            }
        }

        public readonly MatchResult ToResult()
        {
            if (_brands is null && _influencers is null) return MatchResult.None;
            _brands?.Sort();
            _influencers?.Sort();
            return new MatchResult((IReadOnlyList<long>?)_brands ?? [], (IReadOnlyList<long>?)_influencers ?? [], (IReadOnlyList<string>?)_reasons ?? [], Author,
                _spans);
        }
    }
}
