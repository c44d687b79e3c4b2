using FusionMonitor.Core.Matching;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Ingestion.Demo;

namespace FusionMonitor.Ingestion.Tests.Demo;

public sealed class DemoStreamTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly EntityMatcher Matcher = new(DemoCatalog.Brands, DemoCatalog.Influencers);

    [Fact]
    public void The_same_options_and_start_give_the_same_stream()
    {
        var a = new DemoStream(new DemoStreamOptions(), Start).Between(TimeSpan.Zero, TimeSpan.FromMinutes(1));
        var b = new DemoStream(new DemoStreamOptions(), Start).Between(TimeSpan.Zero, TimeSpan.FromMinutes(1));

        Assert.Equal(a, b);
        Assert.Equal(120, a.Count); // 2 per second
    }

    [Fact]
    public void Adjacent_windows_partition_the_stream_without_gaps_or_repeats()
    {
        var stream = new DemoStream(new DemoStreamOptions(), Start);
        var whole = stream.Between(TimeSpan.Zero, TimeSpan.FromMinutes(6));
        var pieces = Enumerable.Range(0, 36).SelectMany(i => stream.Between(TimeSpan.FromSeconds(i * 10), TimeSpan.FromSeconds((i + 1) * 10))).ToList();

        Assert.Equal(whole.Select(m => m.ExternalId).Order(), pieces.Select(m => m.ExternalId).Order());
        Assert.Equal(whole.Count, whole.Select(m => m.ExternalId).Distinct().Count());
    }

    [Fact]
    public void A_restarted_demo_makes_new_ids()
    {
        var first = new DemoStream(new DemoStreamOptions(), Start).Between(TimeSpan.Zero, TimeSpan.FromSeconds(10));
        var restarted = new DemoStream(new DemoStreamOptions(), Start.AddHours(1)).Between(TimeSpan.Zero, TimeSpan.FromSeconds(10));

        Assert.Empty(first.Select(m => m.ExternalId).Intersect(restarted.Select(m => m.ExternalId)));
    }

    [Fact]
    public void Every_mention_passes_validation_and_most_match_the_catalog()
    {
        var all = new DemoStream(new DemoStreamOptions(), Start).Between(TimeSpan.Zero, TimeSpan.FromMinutes(8));

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
        var all = new DemoStream(new DemoStreamOptions(), Start).Between(TimeSpan.Zero, TimeSpan.FromMinutes(6));
        var matches = all.Select(m => (Mention: m, Match: Matcher.Match(m))).ToList();

        var uncovered = DemoCatalog.Pairs.Where(pair => !matches.Exists(x => x.Match.BrandIds.Contains(pair.BrandId) && x.Match.InfluencerIds.Contains(pair.InfluencerId)));
        Assert.Equal([], uncovered.Select(p => p.Id));
        Assert.Contains(matches, x => x.Mention.Author.Handle == "novareyes" && x.Match.InfluencerIds.Contains(DemoCatalog.NovaReyes));
    }

    [Fact]
    public void The_incident_comes_on_time_and_the_wave_after_it_is_mostly_about_the_artist()
    {
        var options = new DemoStreamOptions { IncidentAfter = TimeSpan.FromMinutes(3), IncidentDuration = TimeSpan.FromMinutes(2) };
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
        var stream = new DemoStream(new DemoStreamOptions { IncidentAfter = null }, Start);
        var all = stream.Between(TimeSpan.Zero, TimeSpan.FromMinutes(10));

        Assert.Equal(1200, all.Count);
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
}
