using System.Text.Json.Serialization;

namespace FusionMonitor.Core.Scoring;

/// <summary>
/// The running evidence of one scope (a pair, an influencer or a brand): O(1) to update, order-independent.
/// <para>
/// Sums are kept referenced to a fixed <see cref="AnchorTicks"/>: a mention at time t adds its value times
/// 2^((t − anchor)/halfLife), so a late mention lands exactly where it would have had it arrived on time, and
/// reading at time <c>now</c> multiplies by 2^((anchor − now)/halfLife). The anchor sits on a grid of
/// <see cref="RebaseHalfLives"/> half-lives from 1970 and only moves forward, by multiplying every sum by an exact
/// power of two; it depends only on the latest mention seen, never on arrival order.
/// </para>
/// <para>
/// Serialisable as it is (System.Text.Json round-trips it exactly; all state is in public properties). Not
/// thread-safe: one writer at a time, as the pipeline's transaction gives. <see cref="Add"/> is not idempotent:
/// call it once per stored mention.
/// </para>
/// </summary>
public sealed class ScopeAccumulator
{
    /// <summary>How far (in half-lives) the newest mention may run ahead of the anchor before it moves.</summary>
    public const int RebaseHalfLives = 64;

    /// <summary>Minimum spread of follower observations (days², the variance) before a growth rate is read.</summary>
    private const double MinLiftTimeVarianceDays2 = 1.0 / 24 / 24;

    /// <summary>Half-life the sums were built with; reading or adding with another one is an error (rebuild).</summary>
    public long HalfLifeTicks { get; set; }

    /// <summary>UTC ticks of the reference time; 0 while empty.</summary>
    public long AnchorTicks { get; set; }

    /// <summary>Σ weight·max(0, polarity), referenced to the anchor.</summary>
    public double Positive { get; set; }

    /// <summary>Σ weight·max(0, −polarity), referenced to the anchor.</summary>
    public double Negative { get; set; }

    /// <summary>Σ weight (incl. neutral mentions), referenced to the anchor.</summary>
    public double Weight { get; set; }

    /// <summary>Mentions added, undecayed; with the two below they make "three negative co-mentions".</summary>
    public long Count { get; set; }

    public long PositiveCount { get; set; }

    public long NegativeCount { get; set; }

    /// <summary>Σ followers of the authors, undecayed: the "reach 2.1M" of an explanation (a difference of two).</summary>
    public double Reach { get; set; }

    /// <summary>UTC ticks of the latest mention (0 while empty).</summary>
    public long LatestTicks { get; set; }

    // Weighted least squares of ln(followers) on time (days from the anchor) over the influencer's own posts in
    // this scope: the slope is the audience growth rate across joint appearances (mutual lift).
    public double LiftW { get; set; }
    public double LiftX { get; set; }
    public double LiftXX { get; set; }
    public double LiftY { get; set; }
    public double LiftXY { get; set; }

    /// <summary>
    /// The strongest contributions by decayed |weight·polarity|, at most <see cref="ScoreOptions.TopContributions"/>,
    /// in no particular order. Read-only for callers: the accumulator caches which entry is weakest.
    /// </summary>
    public List<Contribution> Top
    {
        get => _top;
        set { _top = value; _weakest = -1; }
    }

    private List<Contribution> _top = [];

    /// <summary>
    /// The voices of the scope's recent windows (<see cref="VoiceRule"/>): who and which texts it heard lately, so a
    /// repeat or a pasted text counts as what it is. Kept for <see cref="ScoreOptions.VoiceMemory"/> behind the newest
    /// mention (<see cref="PruneVoices"/>), at most <see cref="ScoreOptions.MaxVoiceKeys"/> keys per window.
    /// </summary>
    public List<VoiceBucket> Voices { get; set; } = [];

    /// <summary>True when a mention added since this object was loaded merged two voices, lowering masses (not serialised).</summary>
    [JsonIgnore]
    public bool MergedVoices { get; private set; }

    /// <summary>Index of the weakest entry of a full <see cref="Top"/>, or −1 when not known (not serialised).</summary>
    private int _weakest = -1;

    [JsonIgnore]
    public bool IsEmpty => Count == 0;

    /// <summary>Adds one mention. <paramref name="ownPost"/>: the author is this scope's influencer. A scope named by its kind
    /// alone reads the mention's whole-text polarity (no party of its own to read it toward).</summary>
    public void Add(ScoreEvidence e, double weight, bool ownPost, ScoreOptions options, ScopeKind scope = ScopeKind.Pair) =>
        Add(e, weight, ownPost, options, new ScopeKey(scope, 0, 0));

    /// <summary>Adds one mention to the scope <paramref name="scope"/>, which reads the polarity toward its own party
    /// (<see cref="MentionWeight.PolarityFor"/>).</summary>
    public void Add(ScoreEvidence e, double weight, bool ownPost, ScoreOptions options, ScopeKey scope)
    {
        var terms = new MentionTerms(weight);
        Add(e, ref terms, ownPost, options, scope);
    }

    /// <summary>
    /// The same, sharing per-mention work (rank key, recency factor) across the scopes one mention touches;
    /// the numbers are computed by the same expressions, so results are bit-identical to the overload above.
    /// </summary>
    internal void Add(ScoreEvidence e, ref MentionTerms terms, bool ownPost, ScoreOptions options, ScopeKey scope)
    {
        var h = options.HalfLife.Ticks;
        if (HalfLifeTicks == 0) HalfLifeTicks = h;
        else if (HalfLifeTicks != h) throw new InvalidOperationException("The accumulator was built with another half-life: rebuild it.");

        var t = e.CreatedAt.UtcTicks;
        MoveAnchorFor(t);
        if (terms.FactorAnchor != AnchorTicks)
        {
            terms.Factor = double.Exp2((t - AnchorTicks) / (double)h);
            terms.FactorAnchor = AnchorTicks;
        }
        // The authenticity weight (one per mention, shared by its scopes) multiplies its evidence as the voices' rule does:
        // a function of the mention alone, so order independence holds.
        if (double.IsNaN(terms.Authenticity))
        {
            var a = Authenticity.Of(e, options);
            terms.Authenticity = a.Weight;
            terms.Doubts = a.Doubts;
        }
        var weight = terms.Weight * terms.Authenticity;
        var p = MentionWeight.PolarityFor(e, scope, options);
        var u = weight * terms.Factor;

        double pos = p > 0 ? u * p : 0, neg = p < 0 ? -u * p : 0, all = u;
        if (options.RepeatWeight < 1 && Scoring.VoiceRule.Groups(e, options))
        {
            terms.Keys ??= Scoring.VoiceRule.KeysOf(e);
            if (terms.Keys.Length > 0)
            {
                (pos, neg, all) = Scoring.VoiceRule.Add(Voices, Scoring.VoiceRule.IndexOf(t, options), terms.Keys,
                    e.AuthorHandle is { Length: > 0 } ? e.AuthorHandle : null, pos, neg, all, options, out var merged);
                MergedVoices |= merged;
                if (merged) KeepOnePerVoice(options);
            }
        }
        Weight += all;
        Count++;
        // A mention that merges two voices lowers their masses, whatever its own sign.
        Positive += pos;
        Negative += neg;
        if (p > 0) PositiveCount++;
        else if (p < 0) NegativeCount++;
        Reach += Math.Max(0, e.AuthorFollowers ?? 0);
        if (t > LatestTicks) LatestTicks = t;

        if (ownPost && e.AuthorFollowers is > 0 and var followers)
        {
            var x = (t - AnchorTicks) / (double)TimeSpan.TicksPerDay;
            var y = Math.Log(followers);
            LiftW += u;
            LiftX += u * x;
            LiftXX += u * x * x;
            LiftY += u * y;
            LiftXY += u * x * y;
        }

        if (p != 0 && options.TopContributions > 0)
        {
            // The rank key is shared across a mention's scopes unless a rating makes its polarity differ between them.
            if (double.IsNaN(terms.RankKey) || e.Rating is not null)
            {
                terms.RankKey = Math.Log2(weight * Math.Abs(p)) + (t - DateTimeOffset.UnixEpoch.UtcTicks) / (double)h;
            }
            Offer(e, weight, p, terms.RankKey, terms.Authenticity, terms.Doubts, options);
        }
    }

    /// <summary>2^((anchor − now)/halfLife): turns a referenced sum into its value at <paramref name="now"/>.</summary>
    public double DecayTo(DateTimeOffset now) =>
        Count == 0 ? 0 : Math.Pow(2, (AnchorTicks - now.UtcTicks) / (double)HalfLifeTicks);

    /// <summary>Audience growth across this scope's own posts, as ln(followers) per day; 0 when the data cannot say.</summary>
    public double LiftGrowthPerDay()
    {
        if (LiftW <= 0) return 0;
        var mx = LiftX / LiftW;
        var varX = LiftXX / LiftW - mx * mx;
        if (!(varX >= MinLiftTimeVarianceDays2)) return 0;
        var cov = LiftXY / LiftW - mx * (LiftY / LiftW);
        return cov / varX;
    }

    /// <summary>A deep copy, so a "before" snapshot can be kept while the live one moves on.</summary>
    public ScopeAccumulator Clone()
    {
        var c = (ScopeAccumulator)MemberwiseClone();
        c.Top = [.. _top];
        c.Voices = Voices.Select(b => b.Clone()).ToList();
        return c;
    }

    /// <summary>The retention rule: forgets the voice windows more than <see cref="ScoreOptions.VoiceMemory"/> behind <paramref name="asOf"/> (default: the newest mention).</summary>
    public void PruneVoices(ScoreOptions options, DateTimeOffset? asOf = null) => Scoring.VoiceRule.Prune(Voices, asOf?.UtcTicks ?? LatestTicks, options);

    private void MoveAnchorFor(long t)
    {
        var step = RebaseHalfLives * HalfLifeTicks;
        var epoch = DateTimeOffset.UnixEpoch.UtcTicks;
        if (AnchorTicks != 0 && t < AnchorTicks + step) return;
        var cell = (long)Math.Floor((t - epoch) / (double)step);
        var anchor = epoch + cell * step;
        if (AnchorTicks == 0) { AnchorTicks = anchor; return; }
        if (anchor <= AnchorTicks) return;

        // Shift by whole grid cells: the scale is an exact power of two, so the sums are only rescaled (the lift's
        // time sums are also re-centred on the new anchor).
        var halfLives = (int)Math.Min(int.MaxValue, (anchor - AnchorTicks) / HalfLifeTicks);
        var s = Math.ScaleB(1.0, -halfLives);
        var dx = (anchor - AnchorTicks) / (double)TimeSpan.TicksPerDay;
        Positive *= s;
        Negative *= s;
        Weight *= s;
        Scoring.VoiceRule.Scale(Voices, s);
        var (w, x, xx, y, xy) = (LiftW, LiftX, LiftXX, LiftY, LiftXY);
        LiftW = s * w;
        LiftX = s * (x - dx * w);
        LiftXX = s * (xx - 2 * dx * x + dx * dx * w);
        LiftY = s * y;
        LiftXY = s * (xy - dx * y);
        AnchorTicks = anchor;
    }

    /// <summary>
    /// Offers a mention to the top list, which keeps at most one mention per voice (<see cref="VoiceRule"/>: one author, or
    /// accounts posting near-identical text), its strongest: thirty repeats of one account, or thirty accounts pasting one
    /// text, fill one place, not all, so the others stay for other people. A voice is the one the scope remembers for the
    /// mention's window (by its author), so a group is what the drivers show as one; beyond the voices' memory, one per
    /// author. Without merges the list is the top K of the voices' strongest mentions whatever the arrival order (the weakest
    /// kept only rises, so nothing turned away could have stayed); a mention that merges two voices held in the list frees a
    /// place (<see cref="KeepOnePerVoice"/>), which a later mention may fill where an earlier one was turned away.
    /// </summary>
    private void Offer(ScoreEvidence e, double weight, double p, double key, double authenticity, AuthorDoubts doubts, ScoreOptions options)
    {
        if (e.AuthorHandle is { Length: > 0 } author)
        {
            var voice = Voices.Count == 0 ? null : Scoring.VoiceRule.Find(this, author, e.CreatedAt, options);
            // The entries of the same author (any window) or the same voice: at most two (an author's entry from another
            // window, and its voice's), kept as the strongest of them and this mention.
            int first = -1, second = -1;
            for (var i = 0; i < _top.Count; i++)
            {
                if (!SameAuthor(_top[i].Author, author) && !(voice is not null && SameVoice(_top[i], voice, options))) continue;
                if (first < 0) first = i;
                else { second = i; break; }
            }
            if (first >= 0)
            {
                if (second >= 0)
                {
                    // Keep the stronger of the two in the first place, drop the other.
                    if (Ranks(_top[second], _top[first])) _top[first] = _top[second];
                    _top.RemoveAt(second);
                    _weakest = -1;
                }
                var c = _top[first];
                if (key > c.RankKey || (key == c.RankKey && e.MentionId < c.MentionId))
                {
                    _top[first] = new Contribution(e.MentionId, e.CreatedAt, weight, p, e.AuthorFollowers, e.AuthorHandle, key, 1, authenticity, doubts);
                    _weakest = -1;
                }
                return;
            }
        }

        if (Top.Count < options.TopContributions)
        {
            Top.Add(new Contribution(e.MentionId, e.CreatedAt, weight, p, e.AuthorFollowers, e.AuthorHandle, key, 1, authenticity, doubts));
            _weakest = -1;
            return;
        }

        if (_weakest < 0 || _weakest >= _top.Count) _weakest = WeakestIndex();
        var w = _top[_weakest];
        // Allocate only when the mention makes the list (most do not).
        if (key > w.RankKey || (key == w.RankKey && e.MentionId < w.MentionId))
        {
            _top[_weakest] = new Contribution(e.MentionId, e.CreatedAt, weight, p, e.AuthorFollowers, e.AuthorHandle, key, 1, authenticity, doubts);
            _weakest = WeakestIndex();
        }
    }

    /// <summary>Whether a kept contribution belongs to <paramref name="voice"/> (the same window, and its author in that voice).</summary>
    private bool SameVoice(Contribution c, VoiceRef voice, ScoreOptions options) =>
        c.Author is { Length: > 0 } && Scoring.VoiceRule.IndexOf(c.CreatedAt.UtcTicks, options) == voice.Index
        && Scoring.VoiceRule.Find(this, c, options) is { } v && v.Id == voice.Id;

    /// <summary>
    /// After a mention merged voices: the top list keeps one entry per voice, the strongest (a merge is rare — an account
    /// pasting another's text — and the list holds a handful, so this costs nothing per ordinary mention).
    /// </summary>
    private void KeepOnePerVoice(ScoreOptions options)
    {
        if (_top.Count < 2) return;
        var kept = new List<Contribution>(_top.Count);
        foreach (var c in _top.OrderByDescending(c => c.RankKey).ThenBy(c => c.MentionId))
        {
            var voice = Scoring.VoiceRule.Find(this, c, options);
            if (voice is not null && kept.Any(k => SameVoice(k, voice, options))) continue;
            kept.Add(c);
        }
        if (kept.Count == _top.Count) return;
        Top = kept;
    }

    private static bool SameAuthor(string? a, string b) =>
        a is not null && string.Equals(a.TrimStart('@'), b.TrimStart('@'), StringComparison.OrdinalIgnoreCase);

    private int WeakestIndex()
    {
        var weakest = 0;
        for (var i = 1; i < _top.Count; i++)
        {
            if (Ranks(_top[weakest], _top[i])) weakest = i;
        }
        return weakest;
    }

    /// <summary>True when <paramref name="a"/> ranks above <paramref name="b"/>; ties go to the lower mention id.</summary>
    internal static bool Ranks(Contribution a, Contribution b) =>
        a.RankKey > b.RankKey || (a.RankKey == b.RankKey && a.MentionId < b.MentionId);
}

/// <summary>What one mention contributes, computed once and shared by the scopes it touches.</summary>
internal struct MentionTerms(double weight)
{
    public readonly double Weight = weight;
    public double RankKey = double.NaN;
    public double Authenticity = double.NaN;
    public AuthorDoubts Doubts;
    public long FactorAnchor = long.MinValue;
    public double Factor;
    public long[]? Keys;
}
