using FusionMonitor.Core.Entities;
using FusionMonitor.Core.Mentions;

namespace FusionMonitor.Ingestion.Demo;

/// <summary>Where the demo story is at a given moment.</summary>
public enum DemoPhase { BuildUp, Incident, Aftermath }

/// <summary>
/// A scripted, seeded stream of realistic mentions for the <see cref="DemoCatalog"/> world, so the embedded default
/// shows live change with no internet. Pure: the caller passes elapsed time and gets the mentions that fall in it;
/// the same options and start time always give the same mentions, and asking for overlapping windows repeats the same
/// ExternalIds (so storage dedupes them). ExternalIds include the start time, so a restarted demo adds new mentions.
/// <para>
/// The story: a build-up of chatter about four brands, the artist's concert in the glitter sweater (co-mentions, her
/// own posts, third parties naming both), then at <see cref="DemoStreamOptions.IncidentAfter"/> her petty post about the
/// restaurant and, for <see cref="DemoStreamOptions.IncidentDuration"/>, a wave of negative replies that spills over onto
/// the sweater brand; afterwards the chatter about her stays more negative than before.
/// </para>
/// </summary>
public sealed class DemoStream
{
    public const string Source = "demo";

    private readonly DemoStreamOptions _options;
    private readonly DateTimeOffset _startedAt;
    private readonly string _run;

    public DemoStream(DemoStreamOptions options, DateTimeOffset startedAt)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MentionsPerSecond is <= 0 or > 1000) throw new ArgumentOutOfRangeException(nameof(options), "MentionsPerSecond must be in (0, 1000]");
        if (options.WaveMentionsPerSecond is < 0 or > 1000) throw new ArgumentOutOfRangeException(nameof(options), "WaveMentionsPerSecond must be in [0, 1000]");
        _options = options;
        _startedAt = startedAt.ToUniversalTime();
        _run = _startedAt.ToString("yyyyMMdd'T'HHmmss", System.Globalization.CultureInfo.InvariantCulture);
    }

    public DemoPhase PhaseAt(TimeSpan elapsed) => _options.IncidentAfter switch
    {
        null => DemoPhase.BuildUp,
        { } at when elapsed < at => DemoPhase.BuildUp,
        { } at when elapsed < at + _options.IncidentDuration => DemoPhase.Incident,
        _ => DemoPhase.Aftermath,
    };

    /// <summary>The mentions created in [<paramref name="from"/>, <paramref name="to"/>) after the start, oldest first.</summary>
    public IReadOnlyList<IncomingMention> Between(TimeSpan from, TimeSpan to)
    {
        if (from < TimeSpan.Zero) from = TimeSpan.Zero;
        var result = new List<IncomingMention>();
        if (to <= from) return result;

        // Candidates at the busiest hour's rate, kept with the rhythm's share of it: the same hours as the history.
        var rate = _options.MentionsPerSecond * PeakRhythm;
        for (var k = (long)Math.Ceiling(from.TotalSeconds * rate); k / rate < to.TotalSeconds; k++)
        {
            var at = TimeSpan.FromSeconds(k / rate);
            if (Uniform(3, k) * PeakRhythm < Rhythm(_startedAt + at)) result.Add(Background(k, at));
        }

        if (_options.IncidentAfter is { } incidentAt)
        {
            var wave = _options.WaveMentionsPerSecond;
            var waveCount = (long)(_options.IncidentDuration.TotalSeconds * wave);
            // slot 0 is the incident post itself
            for (var j = 0L; j <= waveCount; j++)
            {
                var at = incidentAt + (j == 0 || wave == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(j / wave));
                if (at < from) continue;
                if (at >= to) break;
                result.Add(Wave(j, at));
            }

            // Her apology, once, a few minutes after the wave.
            var apologyAt = incidentAt + _options.IncidentDuration + ApologyAfterWave;
            if (apologyAt >= from && apologyAt < to)
                result.Add(Mention(0, apologyAt, Rng(5, 0), DemoScript.Apology, DemoCatalog.NovaReyes) with { ExternalId = $"{_run}-apology" });
        }
        // Stable order by time; at equal times the background (added first) precedes the wave, except the incident
        // post, which opens its second.
        return result.OrderBy(m => m.CreatedAt).ThenBy(m => m.ExternalId.EndsWith("-incident", StringComparison.Ordinal) ? 0 : 1).ToList();
    }

    /// <summary>How long after the wave the artist apologises.</summary>
    public static readonly TimeSpan ApologyAfterWave = TimeSpan.FromMinutes(5);

    /// <summary>The busiest hour's share of an average one (<see cref="Rhythm"/>'s maximum).</summary>
    public const double PeakRhythm = 1.7 * 1.15;

    /// <summary>
    /// How busy an hour is against an average one: quiet at night (0.3), busier in the evening (1.7, UTC), weekends
    /// 15 % busier. The history and the live stream share it, so the baselines learn the rhythm the live stream has.
    /// </summary>
    public static double Rhythm(DateTimeOffset t)
    {
        var h = t.UtcDateTime.Hour;
        var day = h < 6 ? 0.3 : h < 9 ? 0.7 : h < 17 ? 1.0 : h < 23 ? 1.7 : 0.8;
        return t.UtcDateTime.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? day * 1.15 : day;
    }

    /// <summary>
    /// The past before the start, oldest first: <see cref="DemoStreamOptions.HistoryDays"/> days of ordinary chatter at
    /// the live rate and rhythm (many authors, varied wording), and the story's first act —
    /// <see cref="DemoStreamOptions.ConcertDaysAgo"/> days ago the artist plays the headphone brand's concert in the
    /// sweater, fans talk about it, and the next day she thanks the brand with 100,000 more followers. Deterministic:
    /// the same options and start give the same mentions, with ids that include the start.
    /// </summary>
    public IEnumerable<IncomingMention> History()
    {
        var from = -TimeSpan.FromDays(_options.HistoryDays);
        var rate = _options.MentionsPerSecond * PeakRhythm;
        var concert = ConcertAt;
        var first = (long)Math.Ceiling(from.TotalSeconds * rate);
        for (var k = first; k < 0; k++)
        {
            var at = TimeSpan.FromSeconds(k / rate);
            if (Uniform(4, k) * PeakRhythm >= Rhythm(_startedAt + at)) continue;
            var rng = Rng(4, k);
            var m = rng.NextDouble() < 0.9 ? Past(rng, k, at) : Background(-k, at);
            yield return m with { ExternalId = $"{_run}-h{-k}" };

            // The concert evening: for three hours, her posts and fans naming her and the sweater, a few a minute.
            if (at >= concert && at < concert + TimeSpan.FromHours(3) && rng.NextDouble() < 0.9)
            {
                var fan = Mention(-k, at + TimeSpan.FromSeconds(7), rng, Fan(rng));
                yield return fan with { ExternalId = $"{_run}-c{-k}" };
            }
        }
    }

    /// <summary>When the concert was, from the start (negative: before it).</summary>
    private TimeSpan ConcertAt => -TimeSpan.FromDays(_options.ConcertDaysAgo) + TimeSpan.FromHours(20) - TimeSpan.FromHours(_startedAt.UtcDateTime.Hour);

    private IncomingMention Past(Random rng, long k, TimeSpan at)
    {
        var sinceConcert = at - ConcertAt;
        if ((sinceConcert >= TimeSpan.Zero && sinceConcert < TimeSpan.FromHours(1) || sinceConcert >= TimeSpan.FromHours(16) && sinceConcert < TimeSpan.FromHours(18))
            && rng.NextDouble() < 0.5)
            return Mention(k, at, rng, Say(rng, DemoScript.NovaOwnPositive), DemoCatalog.NovaReyes);
        return Mention(k, at, rng, AboutBrand(rng, DemoCatalog.Brands[rng.Next(DemoCatalog.Brands.Count)], DemoScript.History));
    }

    /// <summary>
    /// Live chatter: most of it about the brands; fans of the artist (after the incident, mostly people angry with
    /// her); now and then a post by one of the people themselves; and people naming a person with her brand.
    /// </summary>
    private IncomingMention Background(long k, TimeSpan at)
    {
        var rng = Rng(1, k);
        var afterIncident = PhaseAt(at) != DemoPhase.BuildUp;
        var roll = rng.NextDouble();
        if (roll < 0.45) return BrandChatter(rng, k, at);
        if (roll < 0.62)
            return afterIncident && rng.NextDouble() < 0.6
                ? Mention(k, at, rng, Angry(rng))
                : Mention(k, at, rng, Fan(rng));
        if (roll < 0.65) return Mention(k, at, rng, Say(rng, DemoScript.NovaOwnPositive), DemoCatalog.NovaReyes);
        if (roll < 0.655) return Mention(k, at, rng, Say(rng, DemoScript.CriticOnSalmon), DemoCatalog.MarcoChen);
        if (roll < 0.76) return Mention(k, at, rng, WithBrand(rng, DemoScript.AboutCriticAndSalmon, DemoCatalog.GildedSalmon));
        if (roll < 0.765) return Mention(k, at, rng, Say(rng, DemoScript.ReviewerOnArcwave), DemoCatalog.PriyaShah);
        if (roll < 0.88) return Mention(k, at, rng, WithBrand(rng, DemoScript.AboutReviewerAndArcwave, DemoCatalog.ArcwaveAudio));
        if (roll < 0.885) return Mention(k, at, rng, Say(rng, DemoScript.ConsumerOnBrightcart), DemoCatalog.DanaOrtiz);
        return Mention(k, at, rng, WithBrand(rng, DemoScript.AboutConsumerAndBrightcart, DemoCatalog.Brightcart));
    }

    private IncomingMention BrandChatter(Random rng, long k, TimeSpan at)
    {
        var brand = DemoCatalog.Brands[rng.Next(DemoCatalog.Brands.Count)];
        var s = rng.NextDouble();
        var templates = s < 0.5 ? DemoScript.BrandPositive : s < 0.8 ? DemoScript.BrandNeutral : DemoScript.BrandNegative;
        return Mention(k, at, rng, AboutBrand(rng, brand, templates));
    }

    /// <summary>A line about a brand, naming it by its name or an alias.</summary>
    private static string AboutBrand(Random rng, Brand brand, IReadOnlyList<string> templates)
    {
        var names = new[] { brand.Name }.Concat(brand.Aliases).ToArray();
        var name = Pick(rng, names);
        var tag = brand.Keywords.FirstOrDefault(w => w.StartsWith('#')) is { } t ? " " + t : "";
        var line = Say(rng, Pick(rng, templates), new Dictionary<string, string>
        {
            ["brandx"] = name.StartsWith("The ", StringComparison.Ordinal) ? name[4..] : name,
            ["brand"] = name, ["thing"] = Pick(rng, DemoScript.Things), ["tag"] = tag,
        });
        line = WithTail(rng, line, DemoScript.Details, 0.85);
        return WithTail(rng, line, DemoScript.Details, 0.3);
    }

    /// <summary>
    /// Someone naming a person with her brand: the hook names both, and a second sentence of ordinary talk about the
    /// brand follows, so two such posts rarely share more than the hook.
    /// </summary>
    private static string WithBrand(Random rng, IReadOnlyList<string> hooks, long brandId)
    {
        var brand = DemoCatalog.Brands.First(b => b.Id == brandId);
        var s = rng.NextDouble();
        var follow = s < 0.55 ? DemoScript.BrandPositive : s < 0.85 ? DemoScript.History : DemoScript.BrandNegative;
        return Say(rng, Pick(rng, hooks)) + " " + AboutBrand(rng, brand, follow);
    }

    private static string Fan(Random rng) =>
        WithTail(rng, Say(rng, Pick(rng, DemoScript.ConcertPositive), Nova(rng)), DemoScript.FanTails, 0.75);

    private static string Angry(Random rng) =>
        WithTail(rng, Say(rng, Pick(rng, DemoScript.WaveNegativeOnNova), Nova(rng)), DemoScript.WaveTails, 0.8);

    private static string WithTail(Random rng, string text, IReadOnlyList<string> tails, double chance) =>
        rng.NextDouble() < chance ? (char.IsLetterOrDigit(text[^1]) ? text + ". " : text + " ") + Say(rng, Pick(rng, tails)) : text;

    private static Dictionary<string, string> Nova(Random rng) => new() { ["nova"] = Pick(rng, DemoScript.NovaNames) };

    private static string Say(Random rng, IReadOnlyList<string> templates) => DemoScript.Say(rng, Pick(rng, templates));

    private static string Say(Random rng, string template, IReadOnlyDictionary<string, string>? fill = null) => DemoScript.Say(rng, template, fill);

    private IncomingMention Wave(long j, TimeSpan at)
    {
        if (j == 0)
        {
            var first = Mention(0, at, Rng(2, 0), DemoScript.IncidentPost, DemoCatalog.NovaReyes) with { ExternalId = $"{_run}-incident" };
            return first with { Engagement = new Engagement(Likes: 48_000, Reposts: 12_500, Replies: 9_800) };
        }
        var rng = Rng(2, j);
        var roll = rng.NextDouble();
        var text = roll < 0.70 ? Angry(rng)
            : roll < 0.92 ? WithTail(rng, Say(rng, DemoScript.WaveOnSalmon), DemoScript.Details, 0.8)
            : WithTail(rng, Say(rng, Pick(rng, DemoScript.WaveDefendingNova), Nova(rng)), DemoScript.Details, 0.8);
        return Mention(j, at, rng, text) with { ExternalId = $"{_run}-w{j}" };
    }

    private IncomingMention Mention(long k, TimeSpan at, Random rng, string text, long? byInfluencer = null)
    {
        Author author;
        if (byInfluencer is { } id)
        {
            var inf = DemoCatalog.Influencers.First(i => i.Id == id);
            author = new Author(DemoCatalog.DemoHandle(id), inf.Name, id switch
            {
                // 2.0M before the concert, 2.1M after it (the story's +100,000), growing slowly since.
                DemoCatalog.NovaReyes => (at < ConcertAt + TimeSpan.FromHours(12) ? 2_000_000 : 2_100_000) + Math.Abs(k) % 5_000,
                DemoCatalog.MarcoChen => 85_000,
                DemoCatalog.PriyaShah => 310_000,
                _ => 420,
            });
        }
        else
        {
            var first = Pick(rng, DemoScript.FirstNames);
            var last = Pick(rng, DemoScript.LastNames);
            // log-normal reach: most people have a few hundred followers, a few have a lot
            var followers = (long)Math.Min(5_000_000, Math.Exp(5.5 + 1.7 * Normal(rng)));
            author = new Author($"{first}_{last}{rng.Next(10, 999)}", $"{char.ToUpperInvariant(first[0])}{first[1..]} {char.ToUpperInvariant(last[0])}{last[1..]}", followers);
        }
        if (byInfluencer is null) text = Pick(rng, DemoScript.Openers) + text + Pick(rng, DemoScript.Closers);
        var reach = author.Followers ?? 100;
        var likes = (long)(reach * rng.NextDouble() * 0.02);
        var engagement = new Engagement(likes, (long)(likes * rng.NextDouble() * 0.3), (long)(likes * rng.NextDouble() * 0.2));
        var externalId = $"{_run}-{k}";
        return new IncomingMention(Source, externalId, text, _startedAt + at, author,
            Url: $"https://demo.fusionmonitor.local/{author.Handle}/{externalId}", Lang: "en", Engagement: engagement);
    }

    /// <summary>
    /// A uniform draw in [0, 1) for one slot, independent of <see cref="Rng"/>'s draws for the same slot (seeded
    /// generators with nearby seeds start out correlated, so keeping a slot must not use one): SplitMix64's finaliser.
    /// </summary>
    private double Uniform(int stream, long index)
    {
        var z = unchecked((ulong)(_options.Seed * 31L + stream) * 0x9E3779B97F4A7C15UL + (ulong)index * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>
    /// A generator for one slot, seeded through <see cref="Uniform"/>'s mixer: seeded generators with nearby seeds
    /// start out correlated (consecutive slots drew nearly the same first number, so a whole kind of post could go
    /// missing from the stream).
    /// </summary>
    private Random Rng(int stream, long index) => new((int)(Uniform(100 + stream, index) * int.MaxValue));

    private static T Pick<T>(Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    private static double Normal(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
