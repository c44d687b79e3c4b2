namespace FusionMonitor.Core.Scoring;

/// <summary>
/// All accumulators in memory: the engine as one object, for the recompute job (<see cref="Rebuild"/>), a warm cache
/// in the app, tests and benchmarks. Not thread-safe; one writer.
/// </summary>
public sealed class ScoreBook(ScoreOptions options)
{
    private readonly Dictionary<ScopeKey, ScopeAccumulator> _scopes = [];

    public ScoreOptions Options { get; } = options;

    /// <summary>
    /// Applies the voices' retention rule (<see cref="ScopeAccumulator.PruneVoices"/>) as mentions are added: for a
    /// caller feeding history in time order (a rebuild, a backtest), which then holds only the recent windows, as the
    /// store does. Off, the book remembers every window and arrival order never matters.
    /// </summary>
    public bool PruneVoices { get; init; }

    /// <summary>Every accumulator by key, for persisting (serialise each value as JSON, keyed by its ToString).</summary>
    public IReadOnlyDictionary<ScopeKey, ScopeAccumulator> Scopes => _scopes;

    /// <summary>
    /// Rebuilds every accumulator from stored history, in any order. The evidence is folded in (createdAt, id)
    /// order, so the same history gives bit-identical state however it is read from the store.
    /// </summary>
    public static ScoreBook Rebuild(IEnumerable<ScoreEvidence> history, ScoreOptions options)
    {
        var book = new ScoreBook(options) { PruneVoices = true };
        foreach (var e in history.OrderBy(e => e.CreatedAt.UtcTicks).ThenBy(e => e.MentionId)) book.Apply(e);
        return book;
    }

    /// <summary>
    /// Adds a mention to every scope it touches (<see cref="ScoreUpdate.AffectedScopes"/> lists them).
    /// Duplicate ids in the mention's lists count once. A mention that moves no score (<see cref="ScoreEvidence.Moves"/>)
    /// touches nothing.
    /// </summary>
    public void Apply(ScoreEvidence e)
    {
        if (!e.Moves) return;
        var terms = new MentionTerms(MentionWeight.Of(e, Options));
        var brands = e.BrandIds;
        var influencers = e.InfluencerIds;
        if (brands.Count > 1 || influencers.Count > 1)
        {
            foreach (var key in ScoreUpdate.AffectedScopes(e)) Add(key, e, ref terms);
            return;
        }
        // The common case, one brand and/or one influencer, without allocating.
        if (brands.Count == 1 && influencers.Count == 1) Add(ScopeKey.ForPair(brands[0], influencers[0]), e, ref terms);
        if (influencers.Count == 1) Add(ScopeKey.ForInfluencer(influencers[0]), e, ref terms);
        if (brands.Count == 1) Add(ScopeKey.ForBrand(brands[0]), e, ref terms);
    }

    private void Add(ScopeKey key, ScoreEvidence e, ref MentionTerms terms)
    {
        var a = GetOrAdd(key);
        a.Add(e, ref terms, ScoreUpdate.IsOwnPost(e, key), Options, key);
        if (PruneVoices) a.PruneVoices(Options);
    }

    /// <summary>Puts a stored accumulator back (after loading it from the database).</summary>
    public void Load(ScopeKey key, ScopeAccumulator accumulator) => _scopes[key] = accumulator;

    public ScopeAccumulator? Find(ScopeKey key) => _scopes.GetValueOrDefault(key);

    public PairState StateOf(long brandId, long influencerId) => new(
        Find(ScopeKey.ForPair(brandId, influencerId)),
        Find(ScopeKey.ForInfluencer(influencerId)),
        Find(ScopeKey.ForBrand(brandId)));

    public FusionScore ScoreOf(long brandId, long influencerId, DateTimeOffset now) =>
        FusionScoreCalculator.Score(StateOf(brandId, influencerId), now, Options);

    /// <summary>The accumulator of <paramref name="key"/>, created empty when there is none.</summary>
    public ScopeAccumulator GetOrAdd(ScopeKey key)
    {
        ref var a = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_scopes, key, out _);
        return a ??= new ScopeAccumulator();
    }
}
