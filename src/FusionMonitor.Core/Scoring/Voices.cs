using FusionMonitor.Core.Text;

namespace FusionMonitor.Core.Scoring;

/// <summary>
/// One voice in one day of a scope: the mentions linked by a shared author or by near-identical text
/// (<see cref="NearDuplicate"/>) within that day — the connected group of the graph whose edges are "same account" and
/// "same text", so it depends only on which mentions there are, never on their order. It counts as its strongest
/// mention plus <see cref="ScoreOptions.RepeatWeight"/> of each other one (<see cref="VoiceRule"/>), separately for the
/// positive, negative and total mass. Sums are referenced to the accumulator's anchor, as its own are.
/// </summary>
public sealed class Voice
{
    public double PosSum { get; set; }
    public double PosMax { get; set; }
    public double NegSum { get; set; }
    public double NegMax { get; set; }
    public double WeightSum { get; set; }
    public double WeightMax { get; set; }

    /// <summary>Mentions in the voice.</summary>
    public int Mentions { get; set; }

    /// <summary>Distinct accounts in the voice; above 1 the voice is a coordinated group (accounts sharing one text).</summary>
    public int Accounts { get; set; }

    /// <summary>The first of its authors' handles in ordinal order (for explanations; independent of arrival order).</summary>
    public string? Author { get; set; }

    internal Voice Clone() => (Voice)MemberwiseClone();
}

/// <summary>A voice found in a scope: its window, its id there, and itself.</summary>
public sealed record VoiceRef(long Index, int Id, Voice Voice);

/// <summary>The voices of one day (<see cref="ScoreOptions.VoiceWindow"/>) of a scope, and which key belongs to which voice.</summary>
public sealed class VoiceBucket
{
    /// <summary>The window's index since 1970 (createdAt / window).</summary>
    public long Index { get; set; }

    public int NextId { get; set; }

    /// <summary>Author and text keys seen in the window → the voice holding them.</summary>
    public Dictionary<long, int> Keys { get; set; } = [];

    public Dictionary<int, Voice> Voices { get; set; } = [];

    internal VoiceBucket Clone() => new()
    {
        Index = Index, NextId = NextId, Keys = new(Keys), Voices = Voices.ToDictionary(kv => kv.Key, kv => kv.Value.Clone()),
    };
}

/// <summary>
/// The rule for repeats and coordination, pure: how much one more mention adds to a scope's masses given the voices
/// of its window. A voice of n mentions with masses x₁ ≥ x₂ ≥ … counts x₁ + β·(x₂ + … + xₙ), β =
/// <see cref="ScoreOptions.RepeatWeight"/>: the same account repeating itself, or thirty accounts pasting one text,
/// weigh as one voice plus a little per extra mention. A mention therefore adds at most its own mass, and at most β of
/// it when it is not its voice's strongest; a mention that links two voices (an account pasting another's text)
/// merges them, which lowers their sum to what one voice counts.
/// </summary>
public static class VoiceRule
{
    /// <summary>
    /// Whether a mention joins the voices at all: not when it was created more than <see cref="ScoreOptions.VoiceMemory"/>
    /// before it was stored (a backfill, an import of old reviews) — by then the store no longer remembers its window,
    /// so it counts as a voice of its own; a rebuild reads when each mention was stored and decides alike. Evidence
    /// without a storage time (tests, benchmarks) always joins.
    /// </summary>
    public static bool Groups(ScoreEvidence e, ScoreOptions options) =>
        e.IngestedAt is not { } at || e.CreatedAt.UtcTicks >= at.UtcTicks - options.VoiceMemory.Ticks;

    /// <summary>The keys that tie a mention to a voice: its author's and its text's near-duplicate keys.</summary>
    public static long[] KeysOf(ScoreEvidence e)
    {
        var text = e.TextKeys ?? [];
        if (e.AuthorHandle is not { Length: > 0 } handle) return [.. text];
        var keys = new long[text.Count + 1];
        keys[0] = AuthorKey(handle);
        for (var i = 0; i < text.Count; i++) keys[i + 1] = text[i];
        return keys;
    }

    /// <summary>A top contribution's voice in its scope (found by its author's key in its window), or null when none is remembered.</summary>
    public static VoiceRef? Find(ScopeAccumulator a, Contribution c, ScoreOptions options) =>
        c.Author is { Length: > 0 } author ? Find(a, author, c.CreatedAt, options) : null;

    /// <summary>The voice <paramref name="author"/> belongs to in the window of <paramref name="at"/>, or null when none is remembered.</summary>
    public static VoiceRef? Find(ScopeAccumulator a, string author, DateTimeOffset at, ScoreOptions options)
    {
        if (a.Voices.Count == 0) return null;
        var index = IndexOf(at.UtcTicks, options);
        VoiceBucket? bucket = null;
        foreach (var b in a.Voices)
        {
            if (b.Index == index) { bucket = b; break; }
        }
        if (bucket is null || !bucket.Keys.TryGetValue(AuthorKey(author), out var id) || !bucket.Voices.TryGetValue(id, out var v)) return null;
        return new VoiceRef(index, id, v);
    }

    public static long AuthorKey(string handle) => NearDuplicate.KeyOf("author", handle.TrimStart('@').ToLowerInvariant());

    /// <summary>What one voice counts for one mass: its strongest mention plus β of the rest.</summary>
    public static double Total(double sum, double max, double beta) => max + beta * (sum - max);

    /// <summary>
    /// Adds a mention (masses <paramref name="pos"/>, <paramref name="neg"/>, <paramref name="weight"/>, referenced) to
    /// its voice in <paramref name="buckets"/> and returns how much the scope's masses grow (negative when it merged
    /// voices); <paramref name="merged"/> says whether it did. A window that already holds
    /// <see cref="ScoreOptions.MaxVoiceKeys"/> keys remembers no new ones: a mention none of whose keys it knows then
    /// counts in full.
    /// </summary>
    internal static (double Pos, double Neg, double Weight) Add(List<VoiceBucket> buckets, long index, long[] keys, string? author,
        double pos, double neg, double weight, ScoreOptions options, out bool merged)
    {
        merged = false;
        var beta = options.RepeatWeight;
        var bucket = Bucket(buckets, index);
        var ids = new List<int>(2);
        var authorKnown = false;
        for (var k = 0; k < keys.Length; k++)
        {
            if (!bucket.Keys.TryGetValue(keys[k], out var id)) continue;
            if (k == 0 && author is not null) authorKnown = true;
            if (!ids.Contains(id)) ids.Add(id);
        }
        if (ids.Count == 0 && bucket.Keys.Count >= options.MaxVoiceKeys) return (pos, neg, weight);

        double oldP = 0, oldN = 0, oldW = 0;
        Voice voice;
        int target;
        if (ids.Count == 0)
        {
            target = bucket.NextId++;
            voice = new Voice();
            bucket.Voices[target] = voice;
        }
        else
        {
            ids.Sort();
            target = ids[0];
            voice = bucket.Voices[target];
            foreach (var id in ids)
            {
                var v = bucket.Voices[id];
                oldP += Total(v.PosSum, v.PosMax, beta);
                oldN += Total(v.NegSum, v.NegMax, beta);
                oldW += Total(v.WeightSum, v.WeightMax, beta);
            }
            for (var i = 1; i < ids.Count; i++)
            {
                var other = bucket.Voices[ids[i]];
                voice.PosSum += other.PosSum; voice.PosMax = Math.Max(voice.PosMax, other.PosMax);
                voice.NegSum += other.NegSum; voice.NegMax = Math.Max(voice.NegMax, other.NegMax);
                voice.WeightSum += other.WeightSum; voice.WeightMax = Math.Max(voice.WeightMax, other.WeightMax);
                voice.Mentions += other.Mentions;
                voice.Accounts += other.Accounts;
                voice.Author = MinAuthor(voice.Author, other.Author);
                bucket.Voices.Remove(ids[i]);
                foreach (var key in bucket.Keys.Where(kv => kv.Value == ids[i]).Select(kv => kv.Key).ToList()) bucket.Keys[key] = target;
                merged = true;
            }
        }

        voice.PosSum += pos; voice.PosMax = Math.Max(voice.PosMax, pos);
        voice.NegSum += neg; voice.NegMax = Math.Max(voice.NegMax, neg);
        voice.WeightSum += weight; voice.WeightMax = Math.Max(voice.WeightMax, weight);
        voice.Mentions++;
        if (author is not null)
        {
            if (!authorKnown) voice.Accounts++;
            voice.Author = MinAuthor(voice.Author, author);
        }
        foreach (var key in keys)
        {
            if (bucket.Keys.ContainsKey(key) || bucket.Keys.Count < options.MaxVoiceKeys) bucket.Keys[key] = target;
        }

        return (Total(voice.PosSum, voice.PosMax, beta) - oldP,
            Total(voice.NegSum, voice.NegMax, beta) - oldN,
            Total(voice.WeightSum, voice.WeightMax, beta) - oldW);
    }

    /// <summary>
    /// Drops the windows that end more than <see cref="ScoreOptions.VoiceMemory"/> before <paramref name="latestTicks"/>
    /// (the retention rule): the store prunes as of now, since a mention stored later that is created earlier than
    /// that joins no voice (<see cref="Groups"/>); a rebuild in time order prunes as of its newest mention.
    /// </summary>
    public static void Prune(List<VoiceBucket> buckets, long latestTicks, ScoreOptions options)
    {
        if (buckets.Count == 0) return;
        var oldest = IndexOf(latestTicks - options.VoiceMemory.Ticks, options);
        buckets.RemoveAll(b => b.Index < oldest);
        buckets.Sort((a, b) => a.Index.CompareTo(b.Index));
    }

    public static long IndexOf(long ticks, ScoreOptions options) =>
        (long)Math.Floor((ticks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)options.VoiceWindow.Ticks);

    /// <summary>Multiplies every referenced sum by <paramref name="s"/> (the accumulator's anchor moved).</summary>
    internal static void Scale(List<VoiceBucket> buckets, double s)
    {
        foreach (var v in buckets.SelectMany(b => b.Voices.Values))
        {
            v.PosSum *= s; v.PosMax *= s;
            v.NegSum *= s; v.NegMax *= s;
            v.WeightSum *= s; v.WeightMax *= s;
        }
    }

    private static VoiceBucket Bucket(List<VoiceBucket> buckets, long index)
    {
        foreach (var b in buckets)
        {
            if (b.Index == index) return b;
        }
        var bucket = new VoiceBucket { Index = index };
        buckets.Add(bucket);
        return bucket;
    }

    private static string? MinAuthor(string? a, string? b) =>
        a is null ? b : b is null ? a : string.CompareOrdinal(a, b) <= 0 ? a : b;
}
