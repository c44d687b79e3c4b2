using FusionMonitor.Core.Matching;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Core.Text;
using FusionMonitor.Ingestion.Demo;

namespace FusionMonitor.Ingestion.Tests.Demo;

public sealed class DemoStreamTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly EntityMatcher Matcher = new(DemoCatalog.Brands, DemoCatalog.Influencers);

    /// <summary>A busy stream for the tests of its shape (the default is a realistic trickle).</summary>
    private static DemoStreamOptions Busy(TimeSpan? incidentAfter = null) => new() { MentionsPerSecond = 2, IncidentAfter = incidentAfter ?? TimeSpan.FromMinutes(3), WaveMentionsPerSecond = 4 };

    [Fact]
    public void The_same_options_and_start_give_the_same_stream()
    {
        var a = new DemoStream(Busy(), Start).Between(TimeSpan.Zero, TimeSpan.FromMinutes(1));
        var b = new DemoStream(Busy(), Start).Between(TimeSpan.Zero, TimeSpan.FromMinutes(1));

        Assert.Equal(a, b);
        // 2 a second on an average hour, times the rhythm of this one (noon on a weekday: 1.0).
        Assert.InRange(a.Count, 100, 140);
    }

    [Fact]
    public void Adjacent_windows_partition_the_stream_without_gaps_or_repeats()
    {
        var stream = new DemoStream(Busy(), Start);
        var whole = stream.Between(TimeSpan.Zero, TimeSpan.FromMinutes(6));
        var pieces = Enumerable.Range(0, 36).SelectMany(i => stream.Between(TimeSpan.FromSeconds(i * 10), TimeSpan.FromSeconds((i + 1) * 10))).ToList();

        Assert.Equal(whole.Select(m => m.ExternalId).Order(), pieces.Select(m => m.ExternalId).Order());
        Assert.Equal(whole.Count, whole.Select(m => m.ExternalId).Distinct().Count());
    }

    [Fact]
    public void A_restarted_demo_makes_new_ids()
    {
        var first = new DemoStream(Busy(), Start).Between(TimeSpan.Zero, TimeSpan.FromSeconds(10));
        var restarted = new DemoStream(Busy(), Start.AddHours(1)).Between(TimeSpan.Zero, TimeSpan.FromSeconds(10));

        Assert.Empty(first.Select(m => m.ExternalId).Intersect(restarted.Select(m => m.ExternalId)));
    }

    [Fact]
    public void Every_mention_passes_validation_and_most_match_the_catalog()
    {
        var all = new DemoStream(Busy(), Start).Between(TimeSpan.Zero, TimeSpan.FromMinutes(8));

        Assert.All(all, m => Assert.Null(MentionValidator.Validate(m, Start.AddMinutes(8))));
        Assert.All(all, m => Assert.Equal(DemoStream.Source, m.Source));
        var matched = all.Count(m => !Matcher.Match(m).IsEmpty);
        Assert.True(matched > all.Count * 0.9, $"{matched} of {all.Count} matched");
        Assert.True(all.Select(m => m.Author.Handle).Distinct().Count() > 50);
        Assert.True(all.Select(m => m.Author.Followers).Distinct().Count() > 50);
    }

    [Fact]
    public void The_stream_covers_every_pair_and_has_co_mentions_and_own_posts()
    {
        // Six minutes: the artist and the restaurant only meet in the incident.
        var all = new DemoStream(Busy(), Start).Between(TimeSpan.Zero, TimeSpan.FromMinutes(6));
        var matches = all.Select(m => (Mention: m, Match: Matcher.Match(m))).ToList();

        var uncovered = DemoCatalog.Pairs.Where(pair => !matches.Exists(x => x.Match.BrandIds.Contains(pair.BrandId) && x.Match.InfluencerIds.Contains(pair.InfluencerId)));
        Assert.Equal([], uncovered.Select(p => p.Id));
        Assert.Contains(matches, x => x.Mention.Author.Handle == "novareyes" && x.Match.InfluencerIds.Contains(DemoCatalog.NovaReyes));
    }

    [Fact]
    public void The_incident_comes_on_time_and_the_wave_after_it_is_mostly_about_the_artist()
    {
        var options = Busy(); options.IncidentDuration = TimeSpan.FromMinutes(2);
        var stream = new DemoStream(options, Start);

        var before = stream.Between(TimeSpan.Zero, TimeSpan.FromMinutes(3));
        var during = stream.Between(TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(5));

        Assert.DoesNotContain(before, m => m.ExternalId.EndsWith("-incident"));
        var incident = during[0];
        Assert.EndsWith("-incident", incident.ExternalId);
        Assert.Equal(Start.AddMinutes(3), incident.CreatedAt);
        Assert.Equal("novareyes", incident.Author.Handle);
        var incidentMatch = Matcher.Match(incident);
        Assert.Equal([DemoCatalog.GildedSalmon], incidentMatch.BrandIds);
        Assert.Equal([DemoCatalog.NovaReyes], incidentMatch.InfluencerIds);
        Assert.True(during.Count > 2 * before.Count / 3 * 2, "the wave adds volume"); // 2 min at 2+4/s vs 3 min at 2/s
        var aboutNova = during.Count(m => Matcher.Match(m).InfluencerIds.Contains(DemoCatalog.NovaReyes));
        Assert.True(aboutNova > during.Count / 2, $"{aboutNova} of {during.Count}");
        Assert.Equal(DemoPhase.BuildUp, stream.PhaseAt(TimeSpan.FromMinutes(2)));
        Assert.Equal(DemoPhase.Incident, stream.PhaseAt(TimeSpan.FromMinutes(4)));
        Assert.Equal(DemoPhase.Aftermath, stream.PhaseAt(TimeSpan.FromMinutes(6)));
    }

    [Fact]
    public void Without_an_incident_there_is_no_wave()
    {
        var options = Busy(); options.IncidentAfter = null;
        var stream = new DemoStream(options, Start);
        var all = stream.Between(TimeSpan.Zero, TimeSpan.FromMinutes(10));

        Assert.InRange(all.Count, 1100, 1300);
        Assert.DoesNotContain(all, m => m.ExternalId.Contains("-w") || m.ExternalId.EndsWith("-incident"));
    }

    [Fact]
    public void The_catalog_pairs_refer_to_catalog_entities()
    {
        Assert.All(DemoCatalog.Pairs, p =>
        {
            Assert.Contains(DemoCatalog.Brands, b => b.Id == p.BrandId);
            Assert.Contains(DemoCatalog.Influencers, i => i.Id == p.InfluencerId);
        });
        Assert.Equal(DemoCatalog.Pairs.Count, DemoCatalog.Pairs.Select(p => (p.BrandId, p.InfluencerId)).Distinct().Count());
    }

    [Fact]
    public void The_history_is_a_month_of_varied_chatter_with_a_daily_rhythm_and_the_concert_a_week_ago()
    {
        var stream = new DemoStream(new DemoStreamOptions(), Start);
        var past = stream.History().ToList();

        Assert.All(past, m => Assert.InRange(m.CreatedAt, Start.AddDays(-30), Start.AddTicks(-1)));
        Assert.Equal(past.OrderBy(m => m.CreatedAt).Select(m => m.ExternalId), past.Select(m => m.ExternalId)); // oldest first
        Assert.Equal(past.Count, past.Select(m => m.ExternalId).Distinct().Count());
        Assert.Empty(past.Select(m => m.ExternalId).Intersect(stream.Between(TimeSpan.Zero, TimeSpan.FromMinutes(10)).Select(m => m.ExternalId)));
        Assert.All(past, m => Assert.Null(MentionValidator.Validate(m, Start)));

        // About 1,000 a day, quieter at night than in the evening.
        Assert.InRange(past.Count / 30.0, 850, 1_250);
        var night = past.Count(m => m.CreatedAt.Hour is >= 1 and < 5);
        var evening = past.Count(m => m.CreatedAt.Hour is >= 18 and < 22);
        Assert.True(evening > 3 * night, $"evening {evening}, night {night}");

        // Many authors, varied wording, and no account saying the same thing twice.
        Assert.True(past.Select(m => m.Author.Handle).Distinct().Count() > 8_000);
        Assert.True(past.Select(m => m.Text).Distinct().Count() > past.Count / 4, $"{past.Select(m => m.Text).Distinct().Count()} distinct texts of {past.Count}");
        var repeated = past.Where(m => m.Author.Handle != DemoCatalog.DemoHandle(DemoCatalog.NovaReyes))
            .GroupBy(m => (m.Author.Handle, m.Text)).Count(g => g.Count() > 1);
        Assert.True(repeated < past.Count / 1_000, $"{repeated} repeated lines by one account");

        // The concert evening a week ago: her posts at 2.0M followers, fans naming her and the sweater; the next day 2.1M.
        var concert = Start.Date.AddDays(-7).AddHours(20);
        var nova = past.Where(m => m.Author.Handle == "novareyes").ToList();
        Assert.Contains(nova, m => m.CreatedAt >= concert && m.CreatedAt < concert.AddHours(1) && m.Author.Followers is >= 2_000_000 and < 2_100_000);
        Assert.Contains(nova, m => m.CreatedAt >= concert.AddHours(16) && m.Author.Followers >= 2_100_000);
        var fans = past.Count(m => m.CreatedAt >= concert && m.CreatedAt < concert.AddHours(3) && Matcher.Match(m) is var x
            && x.BrandIds.Contains(DemoCatalog.LumenKnits) && x.InfluencerIds.Contains(DemoCatalog.NovaReyes));
        Assert.True(fans > 50, $"{fans} co-mentions of the artist and the sweater on the concert evening");
        // Every pair has its co-mentions in the past, except the restaurant and the artist, who meet only in the live incident.
        foreach (var pair in DemoCatalog.Pairs.Where(p => p is not { BrandId: DemoCatalog.GildedSalmon, InfluencerId: DemoCatalog.NovaReyes }))
        {
            var together = past.Count(m => Matcher.Match(m) is var x && x.BrandIds.Contains(pair.BrandId) && x.InfluencerIds.Contains(pair.InfluencerId));
            Assert.True(together > 100, $"pair {pair.Id}: {together} co-mentions in the history");
        }
        Assert.DoesNotContain(past, m => Matcher.Match(m) is var x && x.BrandIds.Contains(DemoCatalog.GildedSalmon) && x.InfluencerIds.Contains(DemoCatalog.NovaReyes));
    }

    /// <summary>
    /// The demo's people write in their own words: within any scope and UTC day — the window the repeat rule groups
    /// voices in — hardly any texts from two accounts are near-identical by the rule's own MinHash, so the dashboard
    /// does not flag the demo's ordinary chatter or its genuine outrage as coordinated.
    /// </summary>
    [Fact]
    public void The_demo_people_write_in_their_own_words_so_nothing_looks_coordinated()
    {
        var stream = new DemoStream(new DemoStreamOptions(), Start);
        var past = stream.History().ToList();
        var live = stream.Between(TimeSpan.Zero, TimeSpan.FromHours(2));

        var (historyLinked, historyLargest) = CopyGroups(past);
        var (liveLinked, liveLargest) = CopyGroups(live);

        // Linked: mentions whose text is near-identical to another account's in the same scope and day.
        var figures = $"history: {historyLinked} of {past.Count} linked, largest group {historyLargest} accounts; " +
            $"live with the wave: {liveLinked} of {live.Count} linked, largest group {liveLargest} accounts";
        // Before the demo's people wrote from a grammar, half the history was linked, in groups of up to 30 accounts.
        Assert.True(historyLinked < past.Count / 60, figures);
        Assert.True(historyLargest <= 3, figures);
        Assert.True(liveLinked < live.Count / 15, figures);
        Assert.True(liveLargest <= 2, figures);
        // The artist's own posts are hers: she posts now and then, in her own words, and apologises once.
        var own = live.Where(m => m.Author.Handle == "novareyes").ToList();
        Assert.InRange(own.Count, 2, 12);
        Assert.Equal(own.Count, own.Select(m => m.Text).Distinct().Count());
    }

    /// <summary>
    /// Per scope (each brand and person a text names) and UTC day: the mentions whose text shares a MinHash band key
    /// with a text from another account, and the most accounts in one connected group of such texts.
    /// </summary>
    private static (int Linked, int Largest) CopyGroups(IReadOnlyList<IncomingMention> mentions)
    {
        var linked = new HashSet<string>();
        var largest = 1;
        var scoped = mentions.SelectMany(m => Matcher.Match(m) is var x
            ? x.BrandIds.Select(b => ("b" + b, m)).Concat(x.InfluencerIds.Select(i => ("i" + i, m)))
            : []);
        foreach (var window in scoped.GroupBy(s => (s.Item1, s.m.CreatedAt.UtcDateTime.Date), s => s.m))
        {
            var items = window.ToList();
            var parent = Enumerable.Range(0, items.Count).ToArray();
            int Find(int i) => parent[i] == i ? i : parent[i] = Find(parent[i]);
            var byKey = new Dictionary<long, int>();
            for (var i = 0; i < items.Count; i++)
                foreach (var key in NearDuplicate.Keys(items[i].Text))
                    if (byKey.TryGetValue(key, out var j)) parent[Find(i)] = Find(j); else byKey[key] = i;
            foreach (var group in Enumerable.Range(0, items.Count).GroupBy(Find))
            {
                var accounts = group.Select(i => items[i].Author.Handle).Distinct().Count();
                if (accounts < 2) continue;
                largest = Math.Max(largest, accounts);
                foreach (var i in group) linked.Add(items[i].ExternalId);
            }
        }
        return (linked.Count, largest);
    }
}
