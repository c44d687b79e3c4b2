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

        var rate = _options.MentionsPerSecond;
        for (var k = (long)Math.Ceiling(from.TotalSeconds * rate); k / rate < to.TotalSeconds; k++)
            result.Add(Background(k, TimeSpan.FromSeconds(k / rate)));

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
        }
        // Stable order by time; at equal times the background (added first) precedes the wave, except the incident
        // post, which opens its second.
        return result.OrderBy(m => m.CreatedAt).ThenBy(m => m.ExternalId.EndsWith("-incident", StringComparison.Ordinal) ? 0 : 1).ToList();
    }

    private IncomingMention Background(long k, TimeSpan at)
    {
        var rng = Rng(1, k);
        var afterIncident = PhaseAt(at) != DemoPhase.BuildUp;
        var roll = rng.NextDouble();
        if (roll < 0.32) return BrandChatter(rng, k, at);
        if (roll < 0.55)
            return afterIncident && rng.NextDouble() < 0.6
                ? Mention(k, at, rng, Pick(rng, DemoScript.WaveNegativeOnNova))
                : Mention(k, at, rng, Pick(rng, DemoScript.ConcertPositive));
        if (roll < 0.63)
            return afterIncident
                ? Mention(k, at, rng, "Sorry to everyone at The Gilded Salmon, I was out of line. The waiters didn't deserve that.", DemoCatalog.NovaReyes)
                : Mention(k, at, rng, Pick(rng, DemoScript.NovaOwnPositive), DemoCatalog.NovaReyes);
        if (roll < 0.75) return Mention(k, at, rng, Pick(rng, DemoScript.CriticOnSalmon), DemoCatalog.MarcoChen);
        if (roll < 0.87) return Mention(k, at, rng, Pick(rng, DemoScript.ReviewerOnArcwave), DemoCatalog.PriyaShah);
        return rng.NextDouble() < 0.5
            ? Mention(k, at, rng, Pick(rng, DemoScript.ConsumerOnBrightcart), DemoCatalog.DanaOrtiz)
            : Mention(k, at, rng, "Dana Ortiz's Brightcart haul video is weirdly relaxing. " + Pick(rng, DemoScript.ConsumerOnBrightcart));
    }

    private IncomingMention BrandChatter(Random rng, long k, TimeSpan at)
    {
        var brand = DemoCatalog.Brands[rng.Next(DemoCatalog.Brands.Count)];
        var names = new[] { brand.Name }.Concat(brand.Aliases).ToArray();
        var tag = brand.Keywords.FirstOrDefault(w => w.StartsWith('#')) ?? "";
        var s = rng.NextDouble();
        var template = s < 0.5 ? Pick(rng, DemoScript.BrandPositive) : s < 0.8 ? Pick(rng, DemoScript.BrandNeutral) : Pick(rng, DemoScript.BrandNegative);
        return Mention(k, at, rng, template.Replace("{brand}", Pick(rng, names), StringComparison.Ordinal).Replace("{tag}", tag, StringComparison.Ordinal).Trim());
    }

    private IncomingMention Wave(long j, TimeSpan at)
    {
        if (j == 0)
        {
            var first = Mention(0, at, Rng(2, 0), DemoScript.IncidentPost, DemoCatalog.NovaReyes) with { ExternalId = $"{_run}-incident" };
            return first with { Engagement = new Engagement(Likes: 48_000, Reposts: 12_500, Replies: 9_800) };
        }
        var rng = Rng(2, j);
        var roll = rng.NextDouble();
        var text = roll < 0.70 ? Pick(rng, DemoScript.WaveNegativeOnNova)
            : roll < 0.92 ? Pick(rng, DemoScript.WaveOnSalmon)
            : Pick(rng, DemoScript.WaveDefendingNova);
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
                DemoCatalog.NovaReyes => 2_400_000 + k * 37,
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
        var reach = author.Followers ?? 100;
        var likes = (long)(reach * rng.NextDouble() * 0.02);
        var engagement = new Engagement(likes, (long)(likes * rng.NextDouble() * 0.3), (long)(likes * rng.NextDouble() * 0.2));
        var externalId = $"{_run}-{k}";
        return new IncomingMention(Source, externalId, text, _startedAt + at, author,
            Url: $"https://demo.fusionmonitor.local/{author.Handle}/{externalId}", Lang: "en", Engagement: engagement);
    }

    private Random Rng(int stream, long index) => new(unchecked((int)(_options.Seed * 7_919L + stream * 104_729L + index * 1_000_003L)));

    private static T Pick<T>(Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    private static double Normal(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
